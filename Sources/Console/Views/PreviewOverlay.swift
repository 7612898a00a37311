import ClusterModel
import TerminalUI

/// The blast-radius preview of a destructive command, drawn over the body: what will go offline,
/// under min ISR, elect a new leader, fail over or rebalance; `y` runs it, any other key cancels.
enum PreviewOverlay {
    static func draw(_ radius: BlastRadius, over body: Rect, into grid: inout CellGrid) {
        let width = min(body.width - 4, 100)
        let textWidth = width - 4
        let lines = radius.lines.flatMap { line in
            ConsoleRenderer.wrap(line, width: textWidth - 2).enumerated().map {
                ($0.offset == 0 ? "• " : "  ") + $0.element
            }
        }
        let height = min(body.height, lines.count + 4)
        let box = Rect(
            x: body.x + (body.width - width) / 2, y: body.y + max(0, (body.height - height) / 3), width: width,
            height: height)
        grid.fill(box, role: .text)
        grid.drawBox(box, title: "Blast radius — \(radius.command)")
        let inside = box.inset(by: 1)
        for (row, line) in lines.prefix(max(0, inside.height - 2)).enumerated() {
            let role: StyleRole =
                line.hasPrefix("• OFFLINE") || line.hasPrefix("• UNDER MIN ISR") || line.hasPrefix("• controller LOST")
                ? .critical : .text
            grid.put(line, x: inside.x + 1, y: inside.y + row, role: role, maxWidth: textWidth)
        }
        let prompt = Rect(x: inside.x + 1, y: inside.maxY - 1, width: textWidth, height: 1)
        var x = prompt.x
        x += grid.put("y", x: x, y: prompt.y, role: .key)
        x += grid.put(" runs it   ", x: x, y: prompt.y, role: .text)
        x += grid.put("any other key", x: x, y: prompt.y, role: .key)
        grid.put(" cancels", x: x, y: prompt.y, role: .text)
    }
}
