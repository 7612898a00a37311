import ClusterModel
import TerminalUI

/// The explanation of the selected row, in a frame over the lower part of the list so that the
/// row itself stays visible: wrapped to the frame, cut with a note when it does not fit.
enum ExplainOverlay {
    static let hint = "e or Esc closes"

    static func draw(
        rowID: String, snapshot: ClusterSnapshot, page: Int = 0, in list: Rect, into grid: inout CellGrid
    ) {
        // Over the list (its frame stays), as tall as the words need: the title names the row.
        let body = Rect(x: list.x + 1, y: list.y + 1, width: list.width - 2, height: list.height - 2)
        guard body.width >= 20, body.height >= 5 else { return }
        let lines = Explainer.lines(forRow: rowID, snapshot: snapshot) ?? [ExplainLine("this row is gone", .muted)]
        let width = min(body.width - 2, 112)
        let inner = width - 4
        let wrapped = lines.flatMap { wrap($0, width: inner) }
        let height = min(body.height, max(body.height / 2, wrapped.count + 3))
        let frame = Rect(x: body.x + (body.width - width) / 2, y: body.maxY - height, width: width, height: height)
        grid.fill(frame, role: .text)
        grid.drawBox(frame, title: "Why — \(Explainer.title(forRow: rowID))")
        let room = max(1, frame.height - 3)
        // PgDn moves a page at a time; the last page shows as much as fits.
        let first = min(page * room, max(0, wrapped.count - room))
        let shown = wrapped[first..<min(wrapped.count, first + room)]
        for (index, line) in shown.enumerated() {
            grid.put(
                line.text, x: frame.x + 2 + line.indent, y: frame.y + 1 + index, role: line.role,
                maxWidth: inner - line.indent)
        }
        let below = wrapped.count - first - shown.count
        let more: String
        switch (first > 0, below > 0) {
        case (_, true): more = "↓ \(below) more lines: PgDn" + (first > 0 ? ", PgUp back" : "")
        case (true, false): more = "PgUp: back to the top"
        case (false, false): more = ""
        }
        grid.put(more, x: frame.x + 2, y: frame.maxY - 2, role: .accent, maxWidth: inner - CellWidth.of(hint) - 2)
        grid.put(hint, x: frame.maxX - 2 - CellWidth.of(hint), y: frame.maxY - 2, role: .muted, maxWidth: inner)
    }

    /// `line` split at spaces into lines of at most `width` columns, keeping its role; lines
    /// after the first hang two columns further in.
    static func wrap(_ line: ExplainLine, width: Int) -> [ExplainLine] {
        guard !line.text.isEmpty else { return [line] }
        let hanging = line.indent + (line.indent > 0 ? 2 : 0)
        var result: [ExplainLine] = []
        var current = ""
        func limit() -> Int { max(10, width - (result.isEmpty ? line.indent : hanging)) }
        for word in line.text.split(separator: " ").map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if CellWidth.of(candidate) <= limit() || current.isEmpty {
                current =
                    CellWidth.of(candidate) <= limit() ? candidate : CellGrid.truncate(candidate, toWidth: limit())
            } else {
                result.append(ExplainLine(current, line.role, indent: result.isEmpty ? line.indent : hanging))
                current = CellWidth.of(word) <= limit() ? word : CellGrid.truncate(word, toWidth: limit())
            }
        }
        if !current.isEmpty {
            result.append(ExplainLine(current, line.role, indent: result.isEmpty ? line.indent : hanging))
        }
        return result
    }
}
