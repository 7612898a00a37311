import KafkaCore
import KafkaLog

extension ServerConfig {
    /// The broker configs `set(_:to:)` understands, by Kafka's names.
    public static let settableNames: [String] = [
        "auto.leader.rebalance.enable", "broker.heartbeat.interval.ms", "broker.session.timeout.ms",
        "default.replication.factor", "group.initial.rebalance.delay.ms", "group.max.session.timeout.ms",
        "group.max.size", "group.min.session.timeout.ms", "leader.imbalance.check.interval.seconds",
        "log.cleanup.policy", "log.flush.offset.checkpoint.interval.ms", "log.retention.bytes",
        "log.retention.check.interval.ms", "log.retention.ms", "log.segment.bytes",
        "max.incremental.fetch.session.cache.slots", "min.insync.replicas",
        "num.partitions", "offsets.retention.minutes", "offsets.topic.num.partitions",
        "offsets.topic.replication.factor", "offsets.topic.segment.bytes", "quorum.election.timeout.ms",
        "quorum.fetch.timeout.ms", "replica.fetch.backoff.ms", "replica.fetch.max.bytes", "replica.fetch.min.bytes",
        "replica.fetch.response.max.bytes", "replica.fetch.wait.max.ms",
        "replica.high.watermark.checkpoint.interval.ms", "replica.lag.time.max.ms", "replica.socket.timeout.ms",
        "unclean.leader.election.enable", "unclean.leader.election.interval.ms",
    ]

    /// Sets the broker config `name` (Kafka's name, e.g. `replica.lag.time.max.ms`) from its value
    /// as Kafka writes it (`"10000"`, `"true"`, `"compact,delete"`). Returns a message saying what
    /// is wrong when the name is unknown or the value does not fit; nil when it was set.
    public mutating func set(_ name: String, to value: String) -> String? {
        func milliseconds(_ apply: (inout ServerConfig, Duration) -> Void) -> String? {
            guard let number = Int64(value), number >= 0 else {
                return "\(name) needs whole milliseconds, not '\(value)'"
            }
            apply(&self, .milliseconds(number))
            return nil
        }
        func integer(_ range: ClosedRange<Int64>, _ apply: (inout ServerConfig, Int64) -> Void) -> String? {
            guard let number = Int64(value), range.contains(number) else {
                return "\(name) needs a whole number in \(range.lowerBound)...\(range.upperBound), not '\(value)'"
            }
            apply(&self, number)
            return nil
        }
        func boolean(_ apply: (inout ServerConfig, Bool) -> Void) -> String? {
            guard value == "true" || value == "false" else { return "\(name) is true or false, not '\(value)'" }
            apply(&self, value == "true")
            return nil
        }
        let int32 = Int64(1)...Int64(Int32.max)
        let positive = Int64(1)...Int64.max
        switch name {
        case "auto.leader.rebalance.enable": return boolean { $0.autoLeaderRebalanceEnable = $1 }
        case "broker.heartbeat.interval.ms": return milliseconds { $0.brokerHeartbeatInterval = $1 }
        case "broker.session.timeout.ms": return milliseconds { $0.brokerSessionTimeout = $1 }
        case "default.replication.factor":
            return integer(1...Int64(Int16.max)) { $0.defaultReplicationFactor = Int16($1) }
        case "group.initial.rebalance.delay.ms": return milliseconds { $0.groupCoordinator.initialRebalanceDelay = $1 }
        case "group.max.session.timeout.ms": return milliseconds { $0.groupCoordinator.maxSessionTimeout = $1 }
        case "group.max.size": return integer(int32) { $0.groupCoordinator.groupMaxSize = Int($1) }
        case "group.min.session.timeout.ms": return milliseconds { $0.groupCoordinator.minSessionTimeout = $1 }
        case "leader.imbalance.check.interval.seconds":
            return integer(positive) { $0.leaderImbalanceCheckInterval = .seconds($1) }
        case "log.cleanup.policy":
            let policies: [String: LogConfig.CleanupPolicy] = [
                "delete": .delete, "compact": .compact, "compact,delete": .compactDelete,
                "delete,compact": .compactDelete,
            ]
            guard let policy = policies[value] else {
                return "\(name) is delete, compact or compact,delete, not '\(value)'"
            }
            log.cleanupPolicy = policy
            return nil
        case "log.flush.offset.checkpoint.interval.ms":
            return milliseconds { $0.logFlushOffsetCheckpointInterval = $1 }
        case "log.retention.bytes": return integer(-1...Int64.max) { $0.log.retentionBytes = $1 }
        case "log.retention.check.interval.ms": return milliseconds { $0.logRetentionCheckInterval = $1 }
        case "log.retention.ms": return integer(-1...Int64.max) { $0.log.retentionMilliseconds = $1 }
        case "log.segment.bytes": return integer(14...Int64(Int32.max)) { $0.log.segmentBytes = Int($1) }
        case "max.incremental.fetch.session.cache.slots":
            // 0 is Kafka's way to turn incremental fetch sessions off: every fetch is a full one.
            return integer(0...Int64(Int32.max)) { $0.maxIncrementalFetchSessionCacheSlots = Int($1) }
        case "min.insync.replicas": return integer(int32) { $0.minInsyncReplicas = Int32($1) }
        case "num.partitions": return integer(int32) { $0.numPartitions = Int32($1) }
        case "offsets.retention.minutes":
            return integer(positive) { $0.groupCoordinator.offsetsRetention = .seconds($1 * 60) }
        case "offsets.topic.num.partitions":
            return integer(int32) { $0.groupCoordinator.offsetsTopicPartitionCount = Int32($1) }
        case "offsets.topic.replication.factor":
            return integer(1...Int64(Int16.max)) { $0.offsetsTopicReplicationFactor = Int16($1) }
        case "offsets.topic.segment.bytes":
            return integer(14...Int64(Int32.max)) { $0.offsetsTopicSegmentBytes = Int($1) }
        case "quorum.election.timeout.ms": return milliseconds { $0.quorum.electionTimeout = $1 }
        case "quorum.fetch.timeout.ms": return milliseconds { $0.quorum.fetchTimeout = $1 }
        case "replica.fetch.backoff.ms": return milliseconds { $0.replicaFetchBackoff = $1 }
        case "replica.fetch.max.bytes": return integer(int32) { $0.replicaFetchMaxBytes = Int($1) }
        case "replica.fetch.min.bytes": return integer(int32) { $0.replicaFetchMinBytes = Int($1) }
        case "replica.fetch.response.max.bytes": return integer(int32) { $0.replicaFetchResponseMaxBytes = Int($1) }
        case "replica.fetch.wait.max.ms": return milliseconds { $0.replicaFetchWaitMax = $1 }
        case "replica.high.watermark.checkpoint.interval.ms":
            return milliseconds { $0.replicaHighWatermarkCheckpointInterval = $1 }
        case "replica.lag.time.max.ms": return milliseconds { $0.replicaLagTimeMax = $1 }
        case "replica.socket.timeout.ms": return milliseconds { $0.replicaSocketTimeout = $1 }
        case "unclean.leader.election.enable": return boolean { $0.uncleanLeaderElectionEnable = $1 }
        case "unclean.leader.election.interval.ms": return milliseconds { $0.uncleanLeaderElectionInterval = $1 }
        default: return "unknown broker config '\(name)'"
        }
    }
}
