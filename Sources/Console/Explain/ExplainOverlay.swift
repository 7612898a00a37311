import ClusterModel
import TerminalUI

/// The explanation of the selected row, in a frame over the lower part of the list so that the
/// row itself stays visible: wrapped to the frame, cut with a note when it does not fit.
enum ExplainOverlay {
    static let hint = "e or Esc closes"

    static func draw(rowID: String, snapshot: ClusterSnapshot, in body: Rect, into grid: inout CellGrid) {
        let lines = Explainer.lines(forRow: rowID, snapshot: snapshot) ?? [ExplainLine("this row is gone", .muted)]
        let width = min(body.width - 2, max(60, min(110, body.width * 4 / 5)))
        let inner = width - 4
        let wrapped = lines.flatMap { wrap($0, width: inner) }
        // Rows: the wrapped text, a frame, and the hint line; at least half the body, at most
        // all but the header rows of the list.
        let height = min(body.height - 3, max(body.height / 2, wrapped.count + 3))
        let frame = Rect(x: body.x + (body.width - width) / 2, y: body.maxY - height, width: width, height: height)
        grid.fill(frame, role: .text)
        grid.drawBox(frame, title: "Why — \(Explainer.title(forRow: rowID))")
        let room = frame.height - 3
        var shown = Array(wrapped.prefix(room))
        if wrapped.count > room, room > 0 {
            shown[room - 1] = ExplainLine("… \(wrapped.count - room + 1) more lines: enlarge the window", .muted)
        }
        for (index, line) in shown.enumerated() {
            grid.put(
                line.text, x: frame.x + 2 + line.indent, y: frame.y + 1 + index, role: line.role,
                maxWidth: inner - line.indent)
        }
        grid.put(
            hint, x: frame.maxX - 2 - CellWidth.of(hint), y: frame.maxY - 2, role: .muted, maxWidth: inner)
    }

    /// `line` split at spaces into lines of at most `width` columns, keeping its indent and role.
    static func wrap(_ line: ExplainLine, width: Int) -> [ExplainLine] {
        guard !line.text.isEmpty else { return [line] }
        let available = max(10, width - line.indent)
        let hanging = line.indent + (line.indent > 0 ? 2 : 0)
        var result: [ExplainLine] = []
        for (index, text) in ConsoleRenderer.wrap(line.text, width: available).enumerated() {
            if index == 0 {
                result.append(ExplainLine(text, line.role, indent: line.indent))
            } else {
                result.append(
                    contentsOf: ConsoleRenderer.wrap(text, width: max(10, width - hanging)).map {
                        ExplainLine($0, line.role, indent: hanging)
                    })
            }
        }
        return result
    }
}
