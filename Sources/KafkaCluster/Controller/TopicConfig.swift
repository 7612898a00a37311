import KafkaLog

/// The per-topic settings the controller's decisions and every replica's log depend on (Kafka
/// keeps these in `ConfigRecord`s; here they travel in the topic record). Names and defaults are
/// Kafka's topic-level ones.
public struct TopicConfig: Hashable, Sendable {
    /// `min.insync.replicas` (default 1).
    public var minInsyncReplicas: Int32
    /// `unclean.leader.election.enable` (default false).
    public var uncleanLeaderElectionEnable: Bool
    /// `cleanup.policy` (default delete).
    public var cleanupPolicy: LogConfig.CleanupPolicy
    /// `retention.ms` (default 7 days; -1 keeps data forever).
    public var retentionMilliseconds: Int64
    /// `retention.bytes` (default -1, unlimited), per partition.
    public var retentionBytes: Int64
    /// `segment.bytes` (default 1 GiB).
    public var segmentBytes: Int
    /// `max.message.bytes` (default 1 MiB + 12 bytes of overhead): the largest batch accepted.
    public var maxMessageBytes: Int
    /// `min.compaction.lag.ms` (default 0).
    public var minCompactionLagMilliseconds: Int64
    /// `delete.retention.ms` (default 1 day): how long compaction keeps tombstones.
    public var deleteRetentionMilliseconds: Int64
    /// `segment.ms` (default 7 days).
    public var segmentMilliseconds: Int64

    public init(
        minInsyncReplicas: Int32 = 1, uncleanLeaderElectionEnable: Bool = false,
        cleanupPolicy: LogConfig.CleanupPolicy = .delete, retentionMilliseconds: Int64 = 604_800_000,
        retentionBytes: Int64 = -1, segmentBytes: Int = 1_073_741_824, maxMessageBytes: Int = 1_048_588,
        minCompactionLagMilliseconds: Int64 = 0, deleteRetentionMilliseconds: Int64 = 86_400_000,
        segmentMilliseconds: Int64 = 604_800_000
    ) {
        self.minInsyncReplicas = minInsyncReplicas
        self.uncleanLeaderElectionEnable = uncleanLeaderElectionEnable
        self.cleanupPolicy = cleanupPolicy
        self.retentionMilliseconds = retentionMilliseconds
        self.retentionBytes = retentionBytes
        self.segmentBytes = segmentBytes
        self.maxMessageBytes = maxMessageBytes
        self.minCompactionLagMilliseconds = minCompactionLagMilliseconds
        self.deleteRetentionMilliseconds = deleteRetentionMilliseconds
        self.segmentMilliseconds = segmentMilliseconds
    }

    /// A broker's `base` log settings with this topic's overrides laid on top: every log
    /// setting above replaces the base's; the base keeps the rest (index sizes, flushing,
    /// timestamps).
    public func logConfig(base: LogConfig) -> LogConfig {
        var config = base
        config.cleanupPolicy = cleanupPolicy
        config.retentionMilliseconds = retentionMilliseconds
        config.retentionBytes = retentionBytes
        config.segmentBytes = segmentBytes
        config.maxMessageBytes = maxMessageBytes
        config.minCompactionLagMilliseconds = minCompactionLagMilliseconds
        config.deleteRetentionMilliseconds = deleteRetentionMilliseconds
        config.segmentMilliseconds = segmentMilliseconds
        return config
    }

    /// Why Kafka's config validators would refuse these settings (`INVALID_CONFIG`), naming the
    /// first offending setting and its value, or `nil` when every setting is in range.
    ///
    /// Bounds follow Kafka's `LogConfig` validators, except that `segment.bytes` only needs to
    /// be positive (Kafka wants room for one record), so scenarios can use tiny segments.
    public var invalidReason: String? {
        let checks: [(valid: Bool, reason: String)] = [
            (minInsyncReplicas >= 1, "min.insync.replicas must be at least 1, got \(minInsyncReplicas)"),
            (retentionMilliseconds >= -1, "retention.ms must be at least -1, got \(retentionMilliseconds)"),
            (retentionBytes >= -1, "retention.bytes must be at least -1, got \(retentionBytes)"),
            (segmentBytes >= 1, "segment.bytes must be positive, got \(segmentBytes)"),
            (segmentMilliseconds >= 1, "segment.ms must be at least 1, got \(segmentMilliseconds)"),
            (maxMessageBytes >= 0, "max.message.bytes must not be negative, got \(maxMessageBytes)"),
            (
                minCompactionLagMilliseconds >= 0,
                "min.compaction.lag.ms must not be negative, got \(minCompactionLagMilliseconds)"
            ),
            (
                deleteRetentionMilliseconds >= 0,
                "delete.retention.ms must not be negative, got \(deleteRetentionMilliseconds)"
            ),
        ]
        return checks.first { !$0.valid }?.reason
    }
}
