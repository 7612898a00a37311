import ClusterModel
import TerminalUI

/// The overview's throughput panel once the history has rates: bytes in and out over all
/// brokers, messages produced and consumed over all topics, each with its sparkline.
enum ThroughputRows {
    static func lines(_ snapshot: ClusterSnapshot, history: MetricHistory, width: Int) -> [[Span]] {
        let brokers = snapshot.brokers.map(\.id.rawValue)
        let topics = snapshot.topics.filter { !$0.isInternal }.map(\.name)
        // Consumption moves in steps (groups commit every few seconds), so its line is a moving
        // mean over ten seconds; the others are per second.
        let series: [(label: String, values: [Double], text: ([Double]) -> String, role: StyleRole)] = [
            ("bytes in", history.sum(brokers.map { .brokerBytesIn($0) }), { Format.bytesRate($0.last) }, .healthy),
            ("bytes out", history.sum(brokers.map { .brokerBytesOut($0) }), { Format.bytesRate($0.last) }, .follower),
            (
                "produced", history.sum(topics.map { .topicMessagesIn($0) }), { Format.rate($0.last) + " msg/s" },
                .healthy
            ),
            (
                "consumed", smoothed(history.sum(topics.map { .topicMessagesOut($0) })),
                { Format.rate($0.last) + " msg/s" },
                .follower
            ),
        ]
        let sparkWidth = max(0, width - 25)
        return series.map { line in
            [
                Span(OverviewRows.pad(line.label, 10), .muted),
                Span(OverviewRows.pad(line.text(line.values), 13)),
                Span(Sparkline.render(line.values, width: sparkWidth), line.role),
            ]
        }
    }

    /// Each value replaced by the mean of it and the nine before it.
    static func smoothed(_ values: [Double]) -> [Double] {
        values.indices.map { index in
            let window = values[max(0, index - 9)...index]
            return window.reduce(0, +) / Double(window.count)
        }
    }
}
