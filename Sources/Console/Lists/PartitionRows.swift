import ClusterModel
import TerminalUI

/// The Partitions view: one row per partition with its offset ladder — each replica's log end
/// offset (with its standing as a glyph and a style), the high watermark, the log start offset
/// and every group's committed offset.
enum PartitionRows {
    /// The glyph legend drawn under the list.
    static let legend: [Span] = [
        Span("◆ leader  ", .leader), Span("● in sync  ", .healthy), Span("◐ out of sync  ", .warning),
        Span("✕ offline", .offline),
    ]

    static func content(_ snapshot: ClusterSnapshot, scope: Screen.Scope) -> ListContent {
        let columns = [
            Column("PARTITION"), Column("HEALTH"), Column("LEADER", alignRight: true, dropOrder: 5),
            Column("EPOCH", alignRight: true, dropOrder: 3), Column("ISR", alignRight: true, dropOrder: 6),
            Column("REPLICAS · LEO"), Column("HW", alignRight: true),
            Column("LOG START", alignRight: true, dropOrder: 4), Column("COMMITTED", flexible: true),
        ]
        // Snapshots from the simulation carry committed offsets in the partitions; the groups are
        // read only when some partition lacks them.
        let committed =
            snapshot.partitions.contains { $0.committedOffsets.isEmpty } ? committedOffsets(snapshot) : [:]
        let partitions = snapshot.partitions.filter { partition in
            switch scope {
            case .all, .group, .partition, .findings: true
            case .broker(let id): partition.replicas.contains { $0.broker.rawValue == id }
            case .topic(let name): partition.topicPartition.topic == name
            }
        }
        let rows = partitions.map { partition in
            row(
                partition,
                committed: partition.committedOffsets.isEmpty
                    ? committed[partition.topicPartition.description] ?? [] : partition.committedOffsets)
        }
        return ListContent(columns: columns, rows: rows, emptyText: "no partitions")
    }

    static func row(_ partition: PartitionSnapshot, committed: [GroupOffset]) -> ListRow {
        let name = partition.topicPartition.description
        let leader = partition.leader.map { "\($0.rawValue)" } ?? "none"
        return ListRow(
            id: name, cellBuilder: { cells(partition, name: name, leader: leader, committed: committed) },
            sortKeys: [
                .partition(partition.topicPartition.topic, partition.topicPartition.partition),
                .number(Double(partition.health.rawValue)), .number(Double(partition.leader?.rawValue ?? -1)),
                .number(Double(partition.leaderEpoch.rawValue)), .number(Double(partition.isr.count)),
                .number(Double(partition.replicas.first?.logEndOffset?.rawValue ?? -1)),
                .number(Double(partition.highWatermark?.rawValue ?? -1)),
                .number(Double(partition.logStartOffset?.rawValue ?? -1)),
                .number(Double(committed.map(\.committedOffset.rawValue).min() ?? -1)),
            ],
            isProblem: partition.health != .healthy,
            searchText: "\(name) \(partition.health.label) leader \(leader) "
                + committed.map(\.groupID).joined(separator: " "),
            drill: Screen(.events, scope: .partition(name)), isInternal: partition.topicPartition.topic.hasPrefix("__"))
    }

    /// The row's cells: name, health, leader, epoch, ISR, the replicas' ladder, HW, log start,
    /// the groups' committed offsets.
    static func cells(
        _ partition: PartitionSnapshot, name: String, leader: String, committed: [GroupOffset]
    ) -> [[Span]] {
        let role = Header.role(for: partition.health)
        let replicas = partition.replicas.enumerated().flatMap { index, replica -> [Span] in
            let text =
                "\(glyph(for: replica.standing))\(replica.broker.rawValue) \(replica.logEndOffset?.description ?? "—")"
            return [Span(index == 0 ? text : "  " + text, self.role(for: replica.standing))]
        }
        let groups = committed.enumerated().map { index, offset in
            // The offset first: when the column is cut, the number is what matters.
            Span((index == 0 ? "" : "  ") + "\(offset.committedOffset) \(offset.groupID)")
        }
        let inSync = partition.replicas.filter { $0.standing == .leader || $0.standing == .inSync }.count
        return [
            [Span(name, .title)], [Span("\(glyph(for: partition.health)) \(shortLabel(partition.health))", role)],
            [Span(leader, partition.leader == nil ? .offline : .leader)], [Span("\(partition.leaderEpoch)")],
            [
                Span(
                    "\(partition.isr.count)/\(partition.replicas.count)",
                    inSync < partition.replicas.count ? .warning : .text)
            ],
            replicas, [Span(partition.highWatermark?.description ?? "—")],
            [Span(partition.logStartOffset?.description ?? "—", .muted)], groups,
        ]
    }

    /// The committed offsets per partition name, from the groups, when the partitions do not
    /// carry them.
    static func committedOffsets(_ snapshot: ClusterSnapshot) -> [String: [GroupOffset]] {
        var result: [String: [GroupOffset]] = [:]
        for group in snapshot.groups {
            for lag in group.partitions {
                result[lag.topicPartition.description, default: []].append(
                    GroupOffset(groupID: group.groupID, committedOffset: lag.committedOffset))
            }
        }
        return result
    }

    static func glyph(for standing: ReplicaSnapshot.Standing) -> String {
        switch standing {
        case .leader: "◆"
        case .inSync: "●"
        case .outOfSync: "◐"
        case .offline: "✕"
        }
    }

    static func role(for standing: ReplicaSnapshot.Standing) -> StyleRole {
        switch standing {
        case .leader: .leader
        case .inSync: .healthy
        case .outOfSync: .warning
        case .offline: .offline
        }
    }

    static func glyph(for health: PartitionHealth) -> String {
        switch health {
        case .healthy: "●"
        case .underReplicated: "◐"
        case .atMinISR: "◑"
        case .underMinISR: "○"
        case .offline: "✕"
        }
    }

    /// Short bucket names for narrow columns.
    static func shortLabel(_ health: PartitionHealth) -> String {
        switch health {
        case .healthy: "ok"
        case .underReplicated: "URP"
        case .atMinISR: "at-min"
        case .underMinISR: "<min"
        case .offline: "offline"
        }
    }
}
