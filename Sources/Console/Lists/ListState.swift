/// What one list remembers between frames: the selected row *by identity* (so it survives
/// refreshes that reorder rows), the scroll position, the filter and the sort.
public struct ListState: Hashable, Sendable {
    /// The identity of the selected row; `nil` selects the first row (the last in lists that
    /// follow their tail, like events).
    public var selectedID: String?
    /// Where the selection was, to land near it when its row disappears.
    public var selectedIndex = 0
    /// The first row shown (the renderer moves it as little as needed to show the selection).
    public var top = 0
    /// Live filter text (`/`), matched case-insensitively against each row's search text.
    public var filter = ""
    /// The column the rows are sorted by (0 is the list's natural order), and its direction.
    public var sortColumn = 0
    public var sortDescending = false
    /// Whether only rows with a problem are shown (`Ctrl-Z`).
    public var problemsOnly = false

    public init() {}

    /// The selected row's index among `rows`: the row with `selectedID`, else the nearest to
    /// where the selection was, else the default; `nil` when there are no rows.
    func selection(in rows: [ListRow], followsTail: Bool) -> Int? {
        guard !rows.isEmpty else { return nil }
        guard let selectedID else { return followsTail ? rows.count - 1 : 0 }
        if let index = rows.firstIndex(where: { $0.id == selectedID }) { return index }
        return min(max(0, selectedIndex), rows.count - 1)
    }

    /// Selects `index` (clamped) and scrolls so that it shows in `pageRows` rows.
    mutating func select(_ index: Int, in rows: [ListRow], pageRows: Int) {
        guard !rows.isEmpty else { return }
        let clamped = min(max(0, index), rows.count - 1)
        selectedID = rows[clamped].id
        selectedIndex = clamped
        top = Self.top(keeping: clamped, from: top, pageRows: pageRows, count: rows.count)
    }

    /// The first row to show so that `selected` is visible, moving `top` as little as possible.
    static func top(keeping selected: Int, from top: Int, pageRows: Int, count: Int) -> Int {
        let page = max(1, pageRows)
        var result = min(top, max(0, count - page))
        if selected < result { result = selected }
        if selected >= result + page { result = selected - page + 1 }
        return max(0, result)
    }
}
