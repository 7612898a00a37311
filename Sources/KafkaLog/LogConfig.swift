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
    /// `max.message.bytes` (default 1 MiB + 12 bytes of overhead): the largest batch accepted.
    public var maxMessageBytes: Int = 1_048_588
    /// `flush.messages` (default: never forced; the OS page cache decides).
    public var flushMessages: Int64 = Int64.max
    /// `flush.ms` (default: never forced).
    public var flushMilliseconds: Int64 = Int64.max

    public init() {}

    /// `segment.ms` as virtual time.
    public var segmentDuration: Duration { .milliseconds(segmentMilliseconds) }
}
