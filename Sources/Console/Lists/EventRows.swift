import ClusterModel
import TerminalUI

/// The Events view: the timeline, oldest first, following new events at the bottom. Drilled
/// into from a partition, it keeps the events that name the partition and the faults and
/// broker changes of the brokers that hold it: the story of that partition.
enum EventRows {
    static func content(_ snapshot: ClusterSnapshot, scope: Screen.Scope = .all) -> ListContent {
        if scope == .findings { return findings(snapshot) }
        let columns = [Column("TIME", alignRight: true), Column("KIND"), Column("WHAT HAPPENED", flexible: true)]
        var seen: [String: Int] = [:]
        let events: [ClusterEvent]
        if case .partition(let name) = scope {
            let holders = Set(
                snapshot.partitions.first { $0.topicPartition.description == name }?.replicas.map(\.broker.rawValue)
                    ?? [])
            events = snapshot.events.filter { event in
                mentions(event.text, partition: name)
                    || ((event.kind == .fault || event.kind == .broker)
                        && event.brokers.contains { holders.contains($0.rawValue) })
            }
        } else {
            events = snapshot.events
        }
        let rows = events.map { event -> ListRow in
            // Events have no id of their own; time and text identify one, a counter separates
            // identical lines at the same instant.
            let key = "\(event.instant.microseconds) \(event.text)"
            let repeatCount = seen[key, default: 0]
            seen[key] = repeatCount + 1
            let subjects =
                event.brokers.map { "broker \($0.rawValue)" } + event.topics + event.groups.map { "group \($0)" }
            return ListRow(
                id: repeatCount == 0 ? key : "\(key) #\(repeatCount)",
                cells: [
                    [Span(event.instant.description, .muted)], [Span(event.kind.rawValue, .muted)],
                    [Span(event.text, OverviewRows.role(for: event.kind))],
                ],
                sortKeys: [
                    .number(Double(event.instant.microseconds)), .text(event.kind.rawValue), .text(event.text),
                ],
                isProblem: event.kind == .fault || event.kind == .leadership || event.kind == .check,
                searchText: ([event.kind.rawValue, event.text] + subjects).joined(separator: " "), drill: nil)
        }
        return ListContent(columns: columns, rows: rows, emptyText: "nothing has happened yet", followsTail: true)
    }

    /// What the checkers found (`F`, `:findings`), oldest first: when, what kind, what it names
    /// (records, partition, offsets) and the fault in effect.
    static func findings(_ snapshot: ClusterSnapshot) -> ListContent {
        let columns = [
            Column("TIME", alignRight: true), Column("FOUND"), Column("WHAT AND AFTER WHICH FAULT", flexible: true),
        ]
        guard let checks = snapshot.checks else {
            return ListContent(
                columns: columns, rows: [], emptyText: "no checkers run here: they run with a scenario (--scenario)",
                followsTail: true)
        }
        var seen: [String: Int] = [:]
        let rows = checks.findings.map { finding -> ListRow in
            let key = FindingExplainer.rowID(finding)
            let repeatCount = seen[key, default: 0]
            seen[key] = repeatCount + 1
            return ListRow(
                id: repeatCount == 0 ? key : "\(key) #\(repeatCount)",
                cells: [
                    [Span(finding.instant.description, .muted)], [Span(finding.kind.label, .critical)],
                    [Span(finding.text, .text)] + (finding.fault.map { [Span(" — after \($0)", .muted)] } ?? []),
                ],
                sortKeys: [
                    .number(Double(finding.instant.microseconds)), .text(finding.kind.rawValue), .text(finding.text),
                ],
                isProblem: true, searchText: [finding.kind.label, finding.description].joined(separator: " "),
                drill: nil)
        }
        let empty =
            checks.checkedAt == nil
            ? "the checkers have not looked yet"
            : "nothing found: no record lost or duplicated, no skip, no broken invariant"
        return ListContent(columns: columns, rows: rows, emptyText: empty, followsTail: true)
    }

    /// Whether `text` names `partition` as a whole word: `orders-1` is not in `orders-10` nor
    /// in `big-orders-1`.
    static func mentions(_ text: String, partition: String) -> Bool {
        var rest = Substring(text)
        func isNamePart(_ character: Character?) -> Bool {
            character.map { $0.isLetter || $0.isNumber || "-_.".contains($0) } ?? false
        }
        while let range = rest.firstRange(of: partition) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
            let after = rest[range.upperBound...].first
            if !isNamePart(before) && !(after?.isNumber ?? false) { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
