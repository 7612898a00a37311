import ClusterModel
import TerminalUI

/// A topic's shape, health counts and the configs that decide how it behaves.
enum TopicExplainer {
    static func lines(_ topic: TopicSnapshot, snapshot: ClusterSnapshot) -> [ExplainLine] {
        let minISR = topic.configs.first { $0.name == "min.insync.replicas" }.flatMap { Int($0.value) } ?? 1
        let effective = min(minISR, topic.replicationFactor)
        var lines: [ExplainLine] = [
            .heading(
                "topic \(topic.name): \(topic.partitionCount) partitions, replication factor \(topic.replicationFactor)"
            ),
            .item(
                "Each partition is an ordered log on \(topic.replicationFactor) brokers; records with the same key "
                    + "go to the same partition, so they stay in order."),
            .item(
                "Effective minimum ISR = min(min.insync.replicas=\(minISR), replication factor "
                    + "\(topic.replicationFactor)) = \(effective): acks=all writes need \(effective) in-sync "
                    + "replica(s), so each partition survives \(max(0, topic.replicationFactor - effective)) "
                    + "replica(s) out of sync before such writes fail with NOT_ENOUGH_REPLICAS."),
            .blank, .heading("Health"),
        ]
        for bucket in PartitionHealth.allCases.reversed() {
            let count = topic.healthCounts[bucket] ?? 0
            guard count > 0 else { continue }
            let names = snapshot.partitions.filter { $0.topicPartition.topic == topic.name && $0.health == bucket }
                .map(\.topicPartition.description)
            let detail = bucket == .healthy ? "" : ": \(Explainer.list(names))"
            lines.append(.item("\(count) \(bucket.label)\(detail)", Header.role(for: bucket)))
        }
        lines.append(.blank)
        lines.append(.heading("Configs"))
        for config in topic.configs {
            lines.append(.item("\(config.name)=\(config.value) — \(meaning(of: config.name, value: config.value))"))
        }
        return lines
    }

    static func meaning(of name: String, value: String) -> String {
        switch name {
        case "cleanup.policy":
            value.contains("compact")
                ? "the cleaner keeps the latest record of each key" : "old segments are deleted by time or size"
        case "min.insync.replicas": "in-sync replicas an acks=all write needs"
        case "unclean.leader.election.enable":
            value == "true"
                ? "an out-of-sync replica may become leader, losing records" : "only an in-sync replica may lead"
        case "retention.ms": value == "-1" ? "no time limit" : "segments older than this are deleted"
        case "retention.bytes": value == "-1" ? "no size limit" : "the log is trimmed to this size per partition"
        case "segment.bytes": "a new segment file is rolled at this size"
        default: "set on the topic"
        }
    }
}
