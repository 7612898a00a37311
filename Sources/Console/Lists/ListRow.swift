import TerminalUI

/// A value rows are ordered by in one column. Numbers sort before text; `partition` orders
/// `orders-2` before `orders-10`.
enum SortKey: Hashable, Comparable {
    case number(Double)
    case text(String)
    case partition(String, Int32)
}

/// One row of a list: its identity, what each column shows, and what the list keys need.
struct ListRow {
    /// Identity that survives refreshes: `broker:2`, `topic:orders`, `orders-3`, `group:inventory`.
    var id: String
    /// One run of spans per column, in column order. Rows of long lists build them on demand
    /// (`cellBuilder`): a frame draws one page of 3,000 partitions, not all of them.
    var cells: [[Span]] {
        get { storedCells ?? cellBuilder?() ?? [] }
        set {
            storedCells = newValue
            cellBuilder = nil
        }
    }
    private var storedCells: [[Span]]?
    private var cellBuilder: (() -> [[Span]])?
    /// One key per column, in column order.
    var sortKeys: [SortKey]
    /// Whether `Ctrl-Z` (only problems) keeps it.
    var isProblem: Bool
    /// What `/` matches against (lower-cased when compared).
    var searchText: String
    /// Where `Enter` goes from it, if anywhere.
    var drill: Screen?
    /// Rows only shown when the filter asks for them (`__consumer_offsets` and its partitions
    /// appear when the filter starts with `__`).
    var isInternal = false

    init(
        id: String, cells: [[Span]], sortKeys: [SortKey], isProblem: Bool, searchText: String, drill: Screen? = nil,
        isInternal: Bool = false
    ) {
        self.id = id
        self.storedCells = cells
        self.sortKeys = sortKeys
        self.isProblem = isProblem
        self.searchText = searchText
        self.drill = drill
        self.isInternal = isInternal
    }

    /// A row whose cells are built only when it is drawn or measured; read `cells` once per use.
    init(
        id: String, cellBuilder: @escaping () -> [[Span]], sortKeys: [SortKey], isProblem: Bool, searchText: String,
        drill: Screen? = nil, isInternal: Bool = false
    ) {
        self.id = id
        self.cellBuilder = cellBuilder
        self.sortKeys = sortKeys
        self.isProblem = isProblem
        self.searchText = searchText
        self.drill = drill
        self.isInternal = isInternal
    }
}

/// A column of a list.
struct Column {
    var title: String
    /// Fixed width; `nil` sizes the column to its widest cell (and the title).
    var width: Int?
    /// Numbers are right-aligned.
    var alignRight = false
    /// The flexible column takes the width left over (event text, notices).
    var isFlexible = false
    /// When the terminal is too narrow, columns with the highest `dropOrder` go first
    /// (0: never dropped).
    var dropOrder = 0
    /// The flexible column's width before other columns are dropped for it (its title's
    /// width when 0).
    var minimumWidth = 0

    init(
        _ title: String, width: Int? = nil, alignRight: Bool = false, flexible: Bool = false, dropOrder: Int = 0,
        minimumWidth: Int = 0
    ) {
        self.title = title
        self.width = width
        self.alignRight = alignRight
        self.isFlexible = flexible
        self.dropOrder = dropOrder
        self.minimumWidth = minimumWidth
    }
}

/// What a list view shows for one screen: columns and every row, before filtering and sorting.
struct ListContent {
    var columns: [Column]
    var rows: [ListRow]
    /// Shown in the frame when no row is left.
    var emptyText: String
    /// Lists that grow at the bottom (events) select their last row by default.
    var followsTail = false

    /// The rows the list shows for `state`: internal rows only when asked for, only problems if
    /// toggled, filtered, then sorted by the chosen column with ties broken by identity (so the
    /// order never depends on anything but the data).
    func visibleRows(_ state: ListState) -> [ListRow] {
        let needle = state.filter.lowercased()
        let showInternal = needle.hasPrefix("__")
        let kept = rows.filter { row in
            (showInternal || !row.isInternal) && (!state.problemsOnly || row.isProblem)
                && (needle.isEmpty || row.searchText.lowercased().contains(needle))
        }
        guard state.sortColumn != 0 || state.sortDescending else { return kept }
        let column = min(max(0, state.sortColumn), max(0, columns.count - 1))
        func key(_ row: ListRow) -> SortKey { row.sortKeys.indices.contains(column) ? row.sortKeys[column] : .text("") }
        return kept.enumerated().sorted { lhs, rhs in
            let (left, right) = (key(lhs.element), key(rhs.element))
            if left != right { return state.sortDescending ? left > right : left < right }
            // Ties keep the natural order, which is itself ordered by identity.
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
