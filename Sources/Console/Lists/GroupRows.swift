import ClusterModel
import TerminalUI

/// The Groups view: one row per consumer group; and, drilled into a group, one row per
/// partition it commits to.
enum GroupRows {
    static let sparkWidth = 8

    static func content(_ snapshot: ClusterSnapshot, history: MetricHistory) -> ListContent {
        let columns = [
            Column("GROUP"), Column("STATE"), Column("GEN", alignRight: true, dropOrder: 4),
            Column("ASSIGNOR", dropOrder: 5), Column("MEMBERS", alignRight: true), Column("LAG", alignRight: true),
            Column("LAG s", alignRight: true, dropOrder: 3), Column("LAG TREND", width: sparkWidth, dropOrder: 2),
            Column("DRAIN", alignRight: true, dropOrder: 6), Column("STATUS", flexible: true),
        ]
        let rows = snapshot.groups.map { row($0, history: history) }
        return ListContent(columns: columns, rows: rows, emptyText: "no consumer groups")
    }

    static func row(_ group: GroupSnapshot, history: MetricHistory) -> ListRow {
        let lag = group.totalLag
        let drain = group.timeToDrain.map { Double($0.microseconds) / 1_000_000 } ?? .infinity
        return ListRow(
            id: "group:\(group.groupID)",
            cells: [
                [Span(group.groupID, .title)],
                [
                    Span(
                        "\(glyph(forState: group.state)) \(group.state)",
                        role(forState: group.state))
                ],
                [Span("\(group.generation)")], [Span(group.protocolName ?? "—", .muted)],
                [Span("\(group.members.count)")], [Span(Format.count(Double(lag)), lag > 0 ? .accent : .text)],
                [Span(Format.seconds(group.lagSeconds ?? (lag == 0 ? 0 : nil)))],
                [Span(Sparkline.render(history.values(.groupLag(group.groupID)), width: sparkWidth), .warning)],
                [Span(Format.seconds(drain))], [Span(group.status.label, role(for: group.status))],
            ],
            sortKeys: [
                .text(group.groupID), .text(group.state), .number(Double(group.generation)),
                .text(group.protocolName ?? ""), .number(Double(group.members.count)), .number(Double(lag)),
                .number(group.lagSeconds ?? 0), .number(Double(lag)), .number(drain),
                .number(Double(group.status.rawValue)),
            ],
            isProblem: group.status != .ok || group.state != "Stable",
            searchText: "\(group.groupID) \(group.state) \(group.status.label) "
                + group.members.map(\.clientID).joined(separator: " "),
            drill: Screen(.groups, scope: .group(group.groupID)))
    }

    /// A group's partitions: who owns each, the committed offset against the high watermark,
    /// lag in messages and seconds (at that partition's consume rate), its trend and status.
    static func partitionContent(_ group: GroupSnapshot?, history: MetricHistory) -> ListContent {
        let columns = [
            Column("PARTITION"), Column("OWNER"), Column("COMMITTED", alignRight: true),
            Column("POSITION", alignRight: true, dropOrder: 3), Column("HW", alignRight: true),
            Column("LAG", alignRight: true), Column("LAG s", alignRight: true, dropOrder: 2),
            Column("LAG TREND", width: sparkWidth, dropOrder: 1), Column("STATUS", flexible: true),
        ]
        guard let group else { return ListContent(columns: columns, rows: [], emptyText: "the group is gone") }
        let rows = group.partitions.map { partitionRow($0, of: group, history: history) }
        return ListContent(columns: columns, rows: rows, emptyText: "no committed offsets yet")
    }

    static func partitionRow(_ lag: GroupPartitionLag, of group: GroupSnapshot, history: MetricHistory) -> ListRow {
        let name = lag.topicPartition.description
        let owner = group.members.first { $0.assignment.contains(lag.topicPartition) }?.clientID ?? "—"
        let rate = history.average(.partitionConsumed(group: group.groupID, partition: name)) ?? 0
        let messages = lag.lag ?? 0
        let seconds: Double? = messages == 0 ? 0 : rate > 0 ? Double(messages) / rate : nil
        return ListRow(
            id: name,
            cells: [
                [Span(name, .title)], [Span(owner, owner == "—" ? .muted : .text)],
                [Span(lag.committedOffset.description)], [Span(lag.position?.description ?? "—", .muted)],
                [Span(lag.highWatermark?.description ?? "—")],
                [Span(Format.count(Double(messages)), messages > 0 ? .accent : .text)],
                [Span(Format.seconds(seconds))],
                [
                    Span(
                        Sparkline.render(
                            history.values(.partitionLag(group: group.groupID, partition: name)), width: sparkWidth),
                        .warning)
                ],
                [Span(lag.status.label, role(for: lag.status))],
            ],
            sortKeys: [
                .partition(lag.topicPartition.topic, lag.topicPartition.partition), .text(owner),
                .number(Double(lag.committedOffset.rawValue)), .number(Double(lag.position?.rawValue ?? -1)),
                .number(Double(lag.highWatermark?.rawValue ?? -1)), .number(Double(messages)),
                .number(seconds ?? .infinity), .number(Double(messages)), .number(Double(lag.status.rawValue)),
            ],
            isProblem: lag.status != .ok, searchText: "\(name) \(owner) \(lag.status.label)", drill: nil)
    }

    static func glyph(forState state: String) -> String {
        switch state {
        case "Stable": "●"
        case "PreparingRebalance", "CompletingRebalance": "◐"
        case "Empty": "○"
        default: "✕"
        }
    }

    static func role(forState state: String) -> StyleRole {
        switch state {
        case "Stable": .healthy
        case "Empty": .muted
        case "Dead": .offline
        default: .warning
        }
    }

    static func role(for status: LagStatus) -> StyleRole {
        switch status {
        case .ok: .healthy
        case .warn: .warning
        case .stall, .stop, .rewind, .error: .critical
        }
    }
}
