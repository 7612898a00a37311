import TerminalUI

/// The `?` overlay: every key binding, drawn over the body in a framed box.
enum HelpOverlay {
    static func draw(in area: Rect, into grid: inout CellGrid) {
        let keyColumn = KeyBinding.all.map { keysText($0.keys).count }.max() ?? 0
        let lines = KeyBinding.all.map { (keys: keysText($0.keys), summary: $0.summary) }
        let contentWidth = lines.map { keyColumn + 3 + CellWidth.of($0.summary) }.max() ?? 0
        let box = area.centered(Size(width: contentWidth + 6, height: lines.count + 4))
        grid.fill(box, role: .text)
        grid.drawBox(box, title: "Help — keys", role: .accent, titleRole: .title)
        for (i, line) in lines.enumerated() {
            let y = box.y + 1 + i
            let padded = line.keys + String(repeating: " ", count: keyColumn - line.keys.count)
            grid.put(padded, x: box.x + 3, y: y, role: .key)
            grid.put(
                line.summary, x: box.x + 3 + keyColumn + 3, y: y, role: .text,
                maxWidth: box.maxX - box.x - keyColumn - 7)
        }
        grid.put(
            truncating: "Esc or ? closes this help",
            in: Rect(x: box.x + 3, y: box.maxY - 2, width: box.width - 6, height: 1), role: .muted)
    }

    static func keysText(_ keys: [Key]) -> String {
        keys.map(\.description).joined(separator: " / ")
    }
}
