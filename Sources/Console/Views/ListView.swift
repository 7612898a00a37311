import TerminalUI

/// Draws a list in a frame: a title with counts, filter and sort, column headers, the visible
/// rows with the selection highlighted, and an optional legend on the last inner row.
enum ListView {
    /// Columns are separated by this many spaces.
    static let gap = 2
    /// Lists longer than this size their columns to the page showing, not to every row.
    static let longList = 500

    static func draw(
        _ content: ListContent, state: ListState, title: String, legend: [Span]? = nil, in frame: Rect,
        into grid: inout CellGrid
    ) {
        let rows = content.visibleRows(state)
        grid.drawBox(frame, title: frameTitle(title, shown: rows.count, content: content, state: state))
        let inside = frame.inset(by: 1)
        guard inside.height >= 2, inside.width >= 4 else { return }
        let area = Rect(x: inside.x + 1, y: inside.y, width: inside.width - 2, height: inside.height)
        if let legend {
            draw(legend, x: area.x, y: area.maxY - 1, width: area.width, into: &grid)
        }
        let pageRows = area.height - 1 - (legend == nil ? 0 : 1)
        let selected = state.selection(in: rows, followsTail: content.followsTail) ?? 0
        let top =
            rows.isEmpty ? 0 : ListState.top(keeping: selected, from: state.top, pageRows: pageRows, count: rows.count)
        let page = rows[top..<min(rows.count, top + max(0, pageRows))]
        // Columns fit every row; a list of thousands (3,000 partitions) fits the page showing,
        // so a frame costs the same however long the list is.
        let measured = rows.isEmpty ? content.rows : rows.count > longList ? Array(page) : rows
        let layout = columnLayout(content, rows: measured, width: area.width).map {
            ($0.column, area.x + $0.x, $0.width)
        }
        drawHeaders(content, state: state, layout: layout, y: area.y, into: &grid)
        guard !rows.isEmpty else {
            let text = state.filter.isEmpty && !state.problemsOnly ? content.emptyText : "no rows match"
            grid.put(truncating: text, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), role: .muted)
            return
        }
        for (offset, row) in page.enumerated() {
            let y = area.y + 1 + offset
            let cells = row.cells
            for (column, x, width) in layout {
                let cell = cells.indices.contains(column) ? cells[column] : []
                let textWidth = cell.reduce(0) { $0 + CellWidth.of($1.text) }
                let start = content.columns[column].alignRight ? x + max(0, width - textWidth) : x
                draw(cell, x: start, y: y, width: width - (start - x), into: &grid)
            }
            if top + offset == selected {
                grid.setRole(.selection, in: Rect(x: inside.x, y: y, width: inside.width, height: 1))
            }
        }
    }

    /// `Partitions — topic orders [6]  </orders>  ⚑ problems only`.
    static func frameTitle(_ title: String, shown: Int, content: ListContent, state: ListState) -> String {
        let total = content.rows.filter { !$0.isInternal }.count
        var text = title + (shown == total ? " [\(total)]" : " [\(shown)/\(total)]")
        if !state.filter.isEmpty { text += "  </\(state.filter)>" }
        if state.problemsOnly { text += "  ⚑ problems only" }
        return text
    }

    /// Each shown column's index, left edge and width: columns take their widest cell in `rows`, the
    /// flexible one takes what is left, and when even that does not fit, columns with the
    /// highest drop order go first.
    static func columnLayout(_ content: ListContent, rows: [ListRow], width: Int) -> [(column: Int, x: Int, width: Int)]
    {
        let rowCells = rows.map(\.cells)
        let natural = content.columns.indices.map { index -> Int in
            let column = content.columns[index]
            // The sort arrow after a title may overhang into the gap, so titles need no spare cell.
            if let fixed = column.width { return max(fixed, CellWidth.of(column.title)) }
            let widest =
                rowCells.map { cells in
                    cells.indices.contains(index) ? cells[index].reduce(0) { $0 + CellWidth.of($1.text) } : 0
                }.max() ?? 0
            let title = CellWidth.of(column.title)
            return column.isFlexible ? max(title, min(widest, column.minimumWidth)) : max(widest, title)
        }
        var shown = Array(content.columns.indices)
        func total() -> Int { shown.reduce(0) { $0 + natural[$1] } + gap * max(0, shown.count - 1) }
        while total() > width,
            let drop = shown.filter({ content.columns[$0].dropOrder > 0 })
                .max(by: { content.columns[$0].dropOrder < content.columns[$1].dropOrder })
        {
            shown.removeAll { $0 == drop }
        }
        let spare = max(0, width - total())
        var x = 0
        return shown.map { index in
            let extra = content.columns[index].isFlexible ? spare : 0
            let entry = (column: index, x: x, width: natural[index] + extra)
            x += entry.width + gap
            return entry
        }.map { ($0.column, $0.x, min($0.width, max(0, width - $0.x))) }
    }

    private static func drawHeaders(
        _ content: ListContent, state: ListState, layout: [(column: Int, x: Int, width: Int)], y: Int,
        into grid: inout CellGrid
    ) {
        for (column, x, width) in layout {
            let spec = content.columns[column]
            let sorted = column == state.sortColumn && (column != 0 || state.sortDescending)
            let title = spec.title + (sorted ? (state.sortDescending ? "▼" : "▲") : "")
            let start = spec.alignRight ? x + max(0, width - CellWidth.of(spec.title)) : x
            grid.put(title, x: start, y: y, role: sorted ? .accent : .muted, maxWidth: width + (sorted ? 1 : 0))
        }
    }

    /// Spans from `x`, clipped to `width` columns with `…` when cut.
    static func draw(_ spans: [Span], x: Int, y: Int, width: Int, into grid: inout CellGrid) {
        let total = spans.reduce(0) { $0 + CellWidth.of($1.text) }
        var column = x
        for span in spans {
            let room = x + width - column
            guard room > 0 else { break }
            let text = total > width ? CellGrid.truncate(span.text, toWidth: room) : span.text
            column += grid.put(text, x: column, y: y, role: span.role, maxWidth: room)
        }
    }
}
