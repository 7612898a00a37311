import ClusterModel
import TerminalUI

/// The Topics view: one row per topic (internal topics when the filter starts with `__`).
enum TopicRows {
    static let sparkWidth = 8

    static func content(_ snapshot: ClusterSnapshot, history: MetricHistory) -> ListContent {
        let columns = [
            Column("TOPIC"), Column("PARTS", alignRight: true), Column("RF", alignRight: true),
            Column("MIN ISR", alignRight: true, dropOrder: 3), Column("CLEANUP", dropOrder: 4),
            Column("RETENTION", dropOrder: 5), Column("IN msg/s", alignRight: true),
            Column("", width: sparkWidth, dropOrder: 6), Column("OUT msg/s", alignRight: true, dropOrder: 2),
            Column("SIZE", alignRight: true), Column("HEALTH", flexible: true, minimumWidth: 28),
        ]
        let rows = snapshot.topics.map { row($0, history: history) }
        return ListContent(columns: columns, rows: rows, emptyText: "no topics")
    }

    static func row(_ topic: TopicSnapshot, history: MetricHistory) -> ListRow {
        func config(_ name: String) -> String { topic.configs.first { $0.name == name }?.value ?? "—" }
        let rateIn = history.latest(.topicMessagesIn(topic.name))
        let rateOut = history.average(.topicMessagesOut(topic.name))
        let unhealthy = topic.healthCounts.filter { $0.key != .healthy }.values.reduce(0, +)
        let worst = PartitionHealth.allCases.first { (topic.healthCounts[$0] ?? 0) > 0 } ?? .healthy
        return ListRow(
            id: "topic:\(topic.name)",
            cells: [
                [Span(topic.name, .title)], [Span("\(topic.partitionCount)")], [Span("\(topic.replicationFactor)")],
                [Span(config("min.insync.replicas"))], [Span(config("cleanup.policy"))],
                [Span(Format.milliseconds(config("retention.ms")))], [Span(Format.rate(rateIn))],
                [Span(Sparkline.render(history.values(.topicMessagesIn(topic.name)), width: sparkWidth), .healthy)],
                [Span(Format.rate(rateOut))], [Span(Format.bytes(topic.sizeBytes))], healthSpans(topic.healthCounts),
            ],
            sortKeys: [
                .text(topic.name), .number(Double(topic.partitionCount)), .number(Double(topic.replicationFactor)),
                .text(config("min.insync.replicas")), .text(config("cleanup.policy")),
                .number(Double(config("retention.ms")) ?? 0), .number(rateIn ?? 0), .number(rateIn ?? 0),
                .number(rateOut ?? 0), .number(Double(topic.sizeBytes)), .number(Double(worst.rawValue)),
            ],
            isProblem: unhealthy > 0, searchText: topic.name, drill: Screen(.partitions, scope: .topic(topic.name)),
            isInternal: topic.isInternal)
    }

    /// `● 5 ok  ◐ 1 at-min`: each non-empty bucket, worst last, glyph and words so it reads
    /// without colour.
    static func healthSpans(_ counts: [PartitionHealth: Int]) -> [Span] {
        let buckets = PartitionHealth.allCases.reversed().filter { (counts[$0] ?? 0) > 0 }
        return buckets.enumerated().map { index, bucket in
            let text = "\(PartitionRows.glyph(for: bucket)) \(counts[bucket] ?? 0) \(PartitionRows.shortLabel(bucket))"
            return Span(index == 0 ? text : "  " + text, Header.role(for: bucket))
        }
    }
}
