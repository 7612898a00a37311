import KafkaCore

/// The broker's `group.*` and `offsets.*` settings the classic group coordinator reads, with
/// Kafka's defaults.
public struct GroupCoordinatorConfig: Hashable, Sendable {
    /// `offsets.topic.num.partitions` (50): how groups are spread over coordinators.
    public var offsetsTopicPartitionCount: Int32
    /// `group.min.session.timeout.ms` (6000).
    public var minSessionTimeout: Duration
    /// `group.max.session.timeout.ms` (1800000).
    public var maxSessionTimeout: Duration
    /// `group.initial.rebalance.delay.ms` (3000): how long a group leaving Empty waits for more
    /// members before its first join phase completes (KIP-134).
    public var initialRebalanceDelay: Duration
    /// `group.max.size` (Kafka: Int.max): members plus members that were handed an id and have
    /// not rejoined yet.
    public var groupMaxSize: Int
    /// `offsets.retention.minutes` (10080, 7 days).
    public var offsetsRetention: Duration
    /// `offsets.retention.check.interval.ms` (600000): how often expired offsets are looked for.
    public var offsetsRetentionCheckInterval: Duration
    /// `offset.metadata.max.bytes` (4096): longer commit metadata is `OFFSET_METADATA_TOO_LARGE`.
    public var offsetMetadataMaxBytes: Int

    public init(
        offsetsTopicPartitionCount: Int32 = 50, minSessionTimeout: Duration = .milliseconds(6000),
        maxSessionTimeout: Duration = .milliseconds(1_800_000), initialRebalanceDelay: Duration = .milliseconds(3000),
        groupMaxSize: Int = Int(Int32.max), offsetsRetention: Duration = .seconds(10080 * 60),
        offsetsRetentionCheckInterval: Duration = .milliseconds(600_000), offsetMetadataMaxBytes: Int = 4096
    ) {
        precondition(offsetsTopicPartitionCount > 0, "offsets.topic.num.partitions \(offsetsTopicPartitionCount)")
        precondition(
            minSessionTimeout <= maxSessionTimeout,
            "group.min.session.timeout.ms \(minSessionTimeout) above the max \(maxSessionTimeout)")
        precondition(groupMaxSize > 0, "group.max.size must be positive, got \(groupMaxSize)")
        precondition(
            offsetsRetentionCheckInterval > .zero,
            "offsets.retention.check.interval.ms must be positive, got \(offsetsRetentionCheckInterval)")
        precondition(
            offsetMetadataMaxBytes >= 0 && offsetMetadataMaxBytes <= Int(Int16.max),
            "offset.metadata.max.bytes must fit a Kafka STRING (0...32767), got \(offsetMetadataMaxBytes)")
        self.offsetsTopicPartitionCount = offsetsTopicPartitionCount
        self.minSessionTimeout = minSessionTimeout
        self.maxSessionTimeout = maxSessionTimeout
        self.initialRebalanceDelay = initialRebalanceDelay
        self.groupMaxSize = groupMaxSize
        self.offsetsRetention = offsetsRetention
        self.offsetsRetentionCheckInterval = offsetsRetentionCheckInterval
        self.offsetMetadataMaxBytes = offsetMetadataMaxBytes
    }
}
