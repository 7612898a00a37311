import ClusterModel

extension ConsoleState {
    /// The rows the current screen shows, in order, as the renderer draws them.
    func visibleRows(_ snapshot: ClusterSnapshot) -> (content: ListContent, rows: [ListRow])? {
        guard let content = ListModel.content(for: screen, snapshot: snapshot, history: history) else { return nil }
        return (content, content.visibleRows(list(screen)))
    }

    mutating func performListAction(_ action: ConsoleAction, snapshot: ClusterSnapshot) {
        guard let (content, rows) = visibleRows(snapshot) else { return }
        var state = list(screen)
        let page = max(1, ScreenLayout.listRows(for: screen, size: terminalSize, rowCount: rows.count))
        let current = state.selection(in: rows, followsTail: content.followsTail) ?? 0
        switch action {
        case .moveUp: state.select(current - 1, in: rows, pageRows: page)
        case .moveDown: state.select(current + 1, in: rows, pageRows: page)
        case .moveToTop: state.select(0, in: rows, pageRows: page)
        case .moveToBottom:
            state.select(rows.count - 1, in: rows, pageRows: page)
            // A list that grows at the bottom keeps following new rows from here.
            if content.followsTail { state.selectedID = nil }
        case .pageUp: state.select(current - page, in: rows, pageRows: page)
        case .pageDown: state.select(current + page, in: rows, pageRows: page)
        case .drillIn:
            guard rows.indices.contains(current), let target = rows[current].drill else {
                status = StatusMessage("nothing to drill into here")
                return
            }
            state.select(current, in: rows, pageRows: page)
            lists[screen] = state
            stack.append(target)
            return
        case .nextSortColumn, .previousSortColumn:
            let sortable = content.columns.indices.filter { !content.columns[$0].title.isEmpty }
            let position = sortable.firstIndex(of: state.sortColumn) ?? 0
            let step = action == .nextSortColumn ? 1 : sortable.count - 1
            state.sortColumn = sortable.isEmpty ? 0 : sortable[(position + step) % sortable.count]
            state.sortDescending = false
        case .reverseSort: state.sortDescending.toggle()
        case .toggleProblemsOnly: state.problemsOnly.toggle()
        default: break
        }
        lists[screen] = state
    }
}
