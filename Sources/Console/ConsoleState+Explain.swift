import ClusterModel

extension ConsoleState {
    /// The row `e` explains: the drilled-into group, else the selected row of the list.
    func explainedRowID(_ snapshot: ClusterSnapshot) -> String? {
        if case .group(let id) = screen.scope { return "group:\(id)" }
        guard let (content, rows) = visibleRows(snapshot),
            let index = list(screen).selection(in: rows, followsTail: content.followsTail), rows.indices.contains(index)
        else { return nil }
        return rows[index].id
    }

    /// `e`: opens the explanation of the selected row, or closes it.
    mutating func toggleExplanation(snapshot: ClusterSnapshot) {
        if isExplaining {
            isExplaining = false
            return
        }
        guard screen.view.isList else {
            status = StatusMessage("e explains the selected row of a list: brokers, topics, partitions or groups (2–5)")
            return
        }
        guard let row = explainedRowID(snapshot), Explainer.lines(forRow: row, snapshot: snapshot) != nil else {
            status = StatusMessage(
                "nothing to explain on this row (e explains brokers, topics, partitions, groups, findings)")
            return
        }
        isExplaining = true
        explanationPage = 0
    }

    /// PgDn / PgUp while the explanation shows: a page of it down or up (the renderer keeps
    /// the last page in view).
    mutating func scrollExplanation(by pages: Int) {
        explanationPage = max(0, explanationPage + pages)
    }

    /// Selects the row with identity `id` in the current screen's list (for `flightdeck
    /// snapshot --select`); `false` when no visible row has it.
    public mutating func selectRow(_ id: String, snapshot: ClusterSnapshot) -> Bool {
        guard let (_, rows) = visibleRows(snapshot), rows.contains(where: { $0.id == id }) else { return false }
        lists[screen, default: ListState()].selectedID = id
        return true
    }

    /// The identities of the current screen's visible rows, in order.
    public func rowIDs(_ snapshot: ClusterSnapshot) -> [String] {
        visibleRows(snapshot)?.rows.map(\.id) ?? []
    }
}
