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
        let rows = Layout.split(grid.bounds, .vertical, [.fixed(1), .fill(), .fixed(1), .fixed(1)])
        Header.draw(state, snapshot: snapshot, in: rows[0], into: &grid)
        OverviewLayout.draw(snapshot, in: rows[1], into: &grid)
        drawStatus(state.status, in: rows[2], into: &grid)
        Footer.draw(in: rows[3], into: &grid)
        if state.isHelpVisible {
            HelpOverlay.draw(in: rows[1], into: &grid)
        }
        return grid
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
