import ClusterModel
import TerminalUI

/// Renders the console: a pure function from state, snapshot and terminal size to a frame.
public enum ConsoleRenderer {
    public static func render(_ state: ConsoleState, snapshot: ClusterSnapshot, size: Size) -> CellGrid {
        var grid = CellGrid(size: size)
        guard size.covers(ConsoleState.minimumSize) else {
            drawEnlargeScreen(into: &grid)
            return grid
        }
        let bannerHeight = state.narration.map { NarrationBanner.height($0, width: size.width) } ?? 0
        let rows = Layout.split(
            grid.bounds, .vertical, [.fixed(1), .fixed(bannerHeight), .fill(), .fixed(1), .fixed(1)])
        Header.draw(state, snapshot: snapshot, in: rows[0], into: &grid)
        if let narration = state.narration { NarrationBanner.draw(narration, in: rows[1], into: &grid) }
        drawBody(state, snapshot: snapshot, in: rows[2], into: &grid)
        if state.isExplaining, let row = state.explainedRowID(snapshot) {
            ExplainOverlay.draw(
                rowID: row, snapshot: snapshot, page: state.explanationPage, in: rows[2], into: &grid)
        }
        if let preview = state.preview { PreviewOverlay.draw(preview, over: rows[2], into: &grid) }
        if let editor = state.editor {
            drawEditor(editor, in: rows[3], into: &grid)
        } else {
            drawStatus(state.status, in: rows[3], into: &grid)
        }
        Footer.draw(for: state.screen, in: rows[4], into: &grid)
        return grid
    }

    private static func drawBody(
        _ state: ConsoleState, snapshot: ClusterSnapshot, in body: Rect, into grid: inout CellGrid
    ) {
        let screen = state.screen
        switch screen.view {
        case .overview:
            OverviewLayout.draw(snapshot, history: state.history, in: body, into: &grid)
        case .help:
            HelpView.draw(in: body, into: &grid)
        case .brokers, .topics, .partitions, .groups, .events:
            guard let content = ListModel.content(for: screen, snapshot: snapshot, history: state.history) else {
                return
            }
            let list = state.list(screen)
            // Only the groups' layout depends on the row count; a long list is filtered once, in the view.
            let rowCount = screen.view == .groups ? content.visibleRows(list).count : 0
            let frames = ScreenLayout.frames(for: screen, in: body, rowCount: rowCount)
            ListView.draw(
                content, state: list, title: title(for: screen, snapshot: snapshot),
                legend: screen.view == .partitions ? PartitionRows.legend : nil, in: frames.list, into: &grid)
            if let detail = frames.detail {
                GroupPanel.draw(selectedGroup(state, content, snapshot), in: detail, into: &grid)
            }
        }
    }

    /// The group the lower panel describes: the drilled-into one, or the selected row's.
    private static func selectedGroup(
        _ state: ConsoleState, _ content: ListContent, _ snapshot: ClusterSnapshot
    )
        -> GroupSnapshot?
    {
        if case .group(let id) = state.screen.scope { return snapshot.groups.first { $0.groupID == id } }
        let rows = content.visibleRows(state.list(state.screen))
        guard let index = state.list(state.screen).selection(in: rows, followsTail: false) else { return nil }
        return snapshot.groups.first { "group:\($0.groupID)" == rows[index].id }
    }

    private static func title(for screen: Screen, snapshot: ClusterSnapshot) -> String {
        if screen.view == .brokers, screen.scope == .all, let directory = snapshot.dataDirectory {
            return "\(screen.title) — logs in \(directory)"
        }
        guard case .group(let id) = screen.scope, let group = snapshot.groups.first(where: { $0.groupID == id }) else {
            return screen.title
        }
        return "\(screen.title) — \(group.state), lag \(group.totalLag), \(group.status.label)"
    }

    /// The command line or filter being typed, with a block cursor and any completion hint.
    private static func drawEditor(_ editor: LineEditor, in rect: Rect, into grid: inout CellGrid) {
        var x = rect.x + 1
        x += grid.put(editor.prompt + editor.text, x: x, y: rect.y, role: .accent, maxWidth: rect.maxX - x)
        x += grid.put("█", x: x, y: rect.y, role: .accent, maxWidth: rect.maxX - x)
        if let hint = editor.hint {
            grid.put("   " + hint, x: x, y: rect.y, role: .muted, maxWidth: rect.maxX - x)
        }
    }

    /// The text shown when the terminal is smaller than `ConsoleState.minimumSize`.
    public static func enlargeMessage(for size: Size) -> String {
        "enlarge the window to at least \(ConsoleState.minimumSize) (now \(size))"
    }

    private static func drawEnlargeScreen(into grid: inout CellGrid) {
        let lines = wrap(enlargeMessage(for: grid.size), width: grid.width) + wrap("q quits", width: grid.width)
        let top = max(0, (grid.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < grid.height {
            let x = max(0, (grid.width - CellWidth.of(line)) / 2)
            grid.put(line, x: x, y: top + i, role: i < lines.count - 1 ? .warning : .muted)
        }
    }

    private static func drawStatus(_ status: StatusMessage?, in rect: Rect, into grid: inout CellGrid) {
        guard let status else { return }
        let role: StyleRole
        switch status.severity {
        case .info: role = .text
        case .warning: role = .warning
        case .error: role = .critical
        }
        grid.put(truncating: " " + status.text, in: rect, role: role)
    }

    /// Splits `text` at spaces into lines of at most `width` columns (words longer than a line
    /// are cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ").map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if CellWidth.of(candidate) <= width {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                line = CellGrid.truncate(word, toWidth: width)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
