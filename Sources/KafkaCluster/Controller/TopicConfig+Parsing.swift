import KafkaCore
import KafkaLog

/// Why a topic's configs were refused, in words for the operator.
public struct TopicConfigProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension TopicConfig {
    /// The names `parse` understands, as Kafka spells them.
    public static let knownNames = [
        "cleanup.policy", "delete.retention.ms", "max.message.bytes", "min.compaction.lag.ms", "min.insync.replicas",
        "retention.bytes", "retention.ms", "segment.bytes", "segment.ms", "unclean.leader.election.enable",
    ]

    /// Reads CreateTopics configs (`retention.ms` = `"60000"` …) over `defaults`; an unknown
    /// name, a value that does not parse or a value out of range is refused with its name.
    public static func parse(
        _ entries: [ConfigEntry], defaults: TopicConfig
    ) -> Result<TopicConfig, TopicConfigProblem> {
        var config = defaults
        for entry in entries {
            let value = entry.value
            func integer() -> Int64? { Int64(value) }
            let problem = TopicConfigProblem("\(entry.name)=\(value): not a valid value")
            switch entry.name {
            case "cleanup.policy":
                let normalized = value.split(separator: ",").map { $0.trimmed }.sorted().joined(separator: ",")
                guard let policy = LogConfig.CleanupPolicy(rawValue: normalized) else {
                    return .failure(
                        TopicConfigProblem("cleanup.policy=\(value): expected delete, compact or compact,delete"))
                }
                config.cleanupPolicy = policy
            case "min.insync.replicas":
                guard let number = integer(), let narrow = Int32(exactly: number) else { return .failure(problem) }
                config.minInsyncReplicas = narrow
            case "unclean.leader.election.enable":
                guard let flag = Bool(value) else { return .failure(problem) }
                config.uncleanLeaderElectionEnable = flag
            case "retention.ms":
                guard let number = integer() else { return .failure(problem) }
                config.retentionMilliseconds = number
            case "retention.bytes":
                guard let number = integer() else { return .failure(problem) }
                config.retentionBytes = number
            case "segment.bytes":
                guard let number = integer(), let narrow = Int(exactly: number) else { return .failure(problem) }
                config.segmentBytes = narrow
            case "segment.ms":
                guard let number = integer() else { return .failure(problem) }
                config.segmentMilliseconds = number
            case "max.message.bytes":
                guard let number = integer(), let narrow = Int(exactly: number) else { return .failure(problem) }
                config.maxMessageBytes = narrow
            case "min.compaction.lag.ms":
                guard let number = integer() else { return .failure(problem) }
                config.minCompactionLagMilliseconds = number
            case "delete.retention.ms":
                guard let number = integer() else { return .failure(problem) }
                config.deleteRetentionMilliseconds = number
            default:
                return .failure(TopicConfigProblem("unknown topic config \(entry.name)"))
            }
        }
        if let reason = config.invalidReason { return .failure(TopicConfigProblem(reason)) }
        return .success(config)
    }
}

extension Substring {
    fileprivate var trimmed: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
