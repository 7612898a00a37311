import KafkaCore

/// The per-topic settings that shape one partition's log, named and defaulted as Kafka names
/// and defaults them (topic-level names; broker-level `log.*` names set the same defaults).
public struct LogConfig: Hashable, Sendable {
    /// `cleanup.policy`: what happens to old data.
    public enum CleanupPolicy: String, Hashable, Sendable, CaseIterable {
        case delete
        case compact
        case compactDelete = "compact,delete"

        /// Whether old segments are removed by `retention.ms` / `retention.bytes`.
        public var deletes: Bool { self != .compact }
        /// Whether the log cleaner keeps only the latest record per key.
        public var compacts: Bool { self != .delete }
    }

    /// `segment.bytes` (default 1 GiB): roll the active segment once it would exceed this.
    public var segmentBytes: Int = 1_073_741_824
    /// `segment.ms` (default 7 days): roll once the segment's first record is this old.
    public var segmentMilliseconds: Int64 = 604_800_000
    /// `segment.index.bytes` (default 10 MiB): the size of a segment's offset index.
    public var segmentIndexBytes: Int = 10_485_760
    /// `index.interval.bytes` (default 4096): bytes of log between two offset-index entries.
    public var indexIntervalBytes: Int = 4096
    /// `retention.ms` (default 7 days; -1 keeps data forever).
    public var retentionMilliseconds: Int64 = 604_800_000
    /// `retention.bytes` (default -1, unlimited): per partition, not per topic.
    public var retentionBytes: Int64 = -1
    /// `cleanup.policy` (default delete).
    public var cleanupPolicy: CleanupPolicy = .delete
    /// `delete.retention.ms` (default 1 day): how long compaction keeps tombstones.
    public var deleteRetentionMilliseconds: Int64 = 86_400_000
    /// `min.cleanable.dirty.ratio` (default 0.5): compact once this share of the log is dirty.
    public var minCleanableDirtyRatio: Double = 0.5
    /// `min.compaction.lag.ms` (default 0): a record stays uncompacted at least this long; the
    /// cleaner stops at the first dirty segment holding a newer record.
    public var minCompactionLagMilliseconds: Int64 = 0
    /// `max.message.bytes` (default 1 MiB + 12 bytes of overhead): the largest batch accepted.
    public var maxMessageBytes: Int = 1_048_588
    /// `flush.messages` (default: never forced; the OS page cache decides).
    public var flushMessages: Int64 = Int64.max
    /// `flush.ms` (default: never forced).
    public var flushMilliseconds: Int64 = Int64.max
    /// `message.timestamp.type` (default CreateTime): whether the leader keeps the producer's
    /// timestamps or overwrites them with its own clock on append (LogAppendTime).
    public var messageTimestampType: TimestampType = .createTime
    /// `message.timestamp.before.max.ms` (default: unlimited): how far in the past a CreateTime
    /// timestamp may lie before the leader refuses the batch with `INVALID_TIMESTAMP`.
    public var messageTimestampBeforeMaxMilliseconds: Int64 = Int64.max
    /// `message.timestamp.after.max.ms` (Kafka 4.0 default: 1 hour): how far in the future a
    /// CreateTime timestamp may lie.
    public var messageTimestampAfterMaxMilliseconds: Int64 = 3_600_000
    /// `max.compaction.lag.ms` (default: unlimited). On compacted topics the active segment
    /// also rolls once its first record is this old, so the cleaner can reach it.
    public var maxCompactionLagMilliseconds: Int64 = Int64.max

    public init() {}

    /// The age at which the active segment rolls: `segment.ms`, or `max.compaction.lag.ms` when
    /// that is smaller on a compacted topic (Kafka's `LogConfig.maxSegmentMs`).
    public var maxSegmentMilliseconds: Int64 {
        cleanupPolicy.compacts ? min(segmentMilliseconds, maxCompactionLagMilliseconds) : segmentMilliseconds
    }

    /// `segment.ms` as virtual time.
    public var segmentDuration: Duration { .milliseconds(segmentMilliseconds) }
}
