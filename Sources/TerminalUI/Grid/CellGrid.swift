/// A frame of the terminal as plain values: every screen renders into one, the backend diffs two
/// of them and draws only what changed, and tests read them back as text.
///
/// Overwrite rules keep wide characters whole: writing over either half of a wide character
/// blanks its other half, and a wide character that would not fit before the right edge (or the
/// clip width) is not drawn. Control characters are shown as `�`, never sent to the terminal.
public struct CellGrid: Hashable, Sendable {
    public let size: Size
    private var cells: [Cell]

    public init(size: Size, fill: Cell = .blank) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        cells = Array(repeating: fill, count: self.size.width * self.size.height)
    }

    public var width: Int { size.width }
    public var height: Int { size.height }
    public var bounds: Rect { Rect(size: size) }

    public subscript(x: Int, y: Int) -> Cell {
        precondition(bounds.contains(Point(x: x, y: y)), "cell (\(x),\(y)) outside grid \(size)")
        return cells[y * width + x]
    }

    // MARK: Writing

    /// Writes one character at (`x`, `y`), keeping wide characters whole.
    /// Returns the columns it took (0 when it did not fit or has no width).
    @discardableResult
    public mutating func put(_ scalar: Unicode.Scalar, x: Int, y: Int, role: StyleRole, clipMaxX: Int? = nil) -> Int {
        let limit = min(clipMaxX ?? width, width)
        guard y >= 0, y < height, x >= 0, x < limit else { return 0 }
        let shown = Self.isControl(scalar) ? "\u{FFFD}" : scalar
        let columns = CellWidth.of(shown)
        guard columns > 0, x + columns <= limit else { return 0 }
        clearWide(atX: x, y: y)
        if columns == 2 { clearWide(atX: x + 1, y: y) }
        cells[y * width + x] = Cell(shown, role: role)
        if columns == 2 { cells[y * width + x + 1] = .continuation(role: role) }
        return columns
    }

    /// Writes `text` from (`x`, `y`) rightwards, clipped at the grid's edge and at `maxWidth`
    /// columns. Returns the columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole = .text, maxWidth: Int? = nil) -> Int {
        let clip = maxWidth.map { x + max(0, $0) } ?? width
        var column = x
        for scalar in text.unicodeScalars {
            let columnsLeft = min(clip, width) - column
            if columnsLeft <= 0 { break }
            if CellWidth.of(scalar) == 0 && !Self.isControl(scalar) { continue }
            let taken = put(scalar, x: column, y: y, role: role, clipMaxX: clip)
            if taken == 0 { break }
            column += taken
        }
        return column - x
    }

    /// Writes `text` in `rect`'s first row, truncated with `…` when it does not fit.
    @discardableResult
    public mutating func put(truncating text: String, in rect: Rect, role: StyleRole = .text) -> Int {
        guard !rect.isEmpty else { return 0 }
        return put(Self.truncate(text, toWidth: rect.width), x: rect.x, y: rect.y, role: role, maxWidth: rect.width)
    }

    /// Fills `rect` (clipped to the grid) with one character.
    public mutating func fill(_ rect: Rect, with scalar: Unicode.Scalar = " ", role: StyleRole = .text) {
        let area = rect.intersection(bounds)
        for y in area.y..<area.maxY {
            var x = area.x
            while x < area.maxX {
                let taken = put(scalar, x: x, y: y, role: role, clipMaxX: area.maxX)
                x += max(1, taken)
            }
        }
    }

    /// Restyles every cell in `rect` without changing characters (selection highlights).
    public mutating func setRole(_ role: StyleRole, in rect: Rect) {
        let area = rect.intersection(bounds)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                cells[y * width + x].role = role
            }
        }
    }

    /// A frame with Unicode box-drawing characters and an optional title in the top edge:
    /// `┌─ Title ───┐`.
    public mutating func drawBox(
        _ rect: Rect, title: String? = nil, role: StyleRole = .border, titleRole: StyleRole = .title
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1
        let bottom = rect.maxY - 1
        for x in (rect.x + 1)..<right {
            put("─", x: x, y: rect.y, role: role)
            put("─", x: x, y: bottom, role: role)
        }
        for y in (rect.y + 1)..<bottom {
            put("│", x: rect.x, y: y, role: role)
            put("│", x: right, y: y, role: role)
        }
        put("┌", x: rect.x, y: rect.y, role: role)
        put("┐", x: right, y: rect.y, role: role)
        put("└", x: rect.x, y: bottom, role: role)
        put("┘", x: right, y: bottom, role: role)
        if let title, !title.isEmpty, rect.width > 6 {
            let text = " " + Self.truncate(title, toWidth: rect.width - 6) + " "
            put(text, x: rect.x + 2, y: rect.y, role: titleRole, maxWidth: rect.width - 4)
        }
    }

    // MARK: Reading

    /// Row `y` as text: one character per cell, continuation cells omitted, so a row of wide
    /// characters reads naturally.
    public func text(row y: Int) -> String {
        precondition(y >= 0 && y < height, "row \(y) outside grid \(size)")
        var scalars = String.UnicodeScalarView()
        for x in 0..<width {
            let cell = cells[y * width + x]
            if !cell.isContinuation { scalars.append(cell.scalar) }
        }
        return String(scalars)
    }

    /// Every row as text, top to bottom.
    public var lines: [String] { (0..<height).map { text(row: $0) } }

    /// The roles of row `y`, one per cell (continuations included), for style assertions.
    public func roles(row y: Int) -> [StyleRole] {
        (0..<width).map { cells[y * width + $0].role }
    }

    /// The first cell position where `text` appears, scanning rows top to bottom.
    public func find(_ text: String) -> Point? {
        for y in 0..<height {
            let row = Array(cellsText(row: y))
            if let x = Self.index(of: Array(text.unicodeScalars), in: row) { return Point(x: x, y: y) }
        }
        return nil
    }

    /// Row `y` with continuation cells kept (as their placeholder), so indexes are columns.
    private func cellsText(row y: Int) -> [Unicode.Scalar] {
        (0..<width).map { cells[y * width + $0].scalar }
    }

    private static func index(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> Int? {
        let stripped = haystack.enumerated().filter { $0.element != Cell.continuationScalar }
        guard !needle.isEmpty, stripped.count >= needle.count else { return nil }
        for start in 0...(stripped.count - needle.count)
        where (0..<needle.count).allSatisfy({ stripped[start + $0].element == needle[$0] }) {
            return stripped[start].offset
        }
        return nil
    }

    // MARK: Helpers

    /// `text` cut to at most `width` columns, ending in `…` when something was cut.
    public static func truncate(_ text: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        guard CellWidth.of(text) > width else { return text }
        var result = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let columns = CellWidth.of(scalar)
            if used + columns > width - 1 { break }
            result.append(scalar)
            used += columns
        }
        result.append("…")
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Blanks the other half of a wide character that cell (`x`, `y`) belongs to, if any.
    private mutating func clearWide(atX x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        let index = y * width + x
        let cell = cells[index]
        if cell.isContinuation {
            if x > 0 { cells[index - 1] = Cell(" ", role: cells[index - 1].role) }
            cells[index] = Cell(" ", role: cell.role)
        } else if x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1] = Cell(" ", role: cells[index + 1].role)
        }
    }
}
