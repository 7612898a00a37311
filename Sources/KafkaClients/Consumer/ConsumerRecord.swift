import KafkaCore

/// One record `poll` hands the application (Kafka's `ConsumerRecord`).
public struct ConsumerRecord: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var offset: Offset
    /// The leader epoch of the batch the record came in (KIP-320).
    public var leaderEpoch: LeaderEpoch
    /// The record's timestamp in milliseconds (create or log-append time, as the batch says).
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [RecordHeader]

    public init(
        topicPartition: TopicPartition, offset: Offset, leaderEpoch: LeaderEpoch, timestamp: Int64, key: [UInt8]?,
        value: [UInt8]?, headers: [RecordHeader] = []
    ) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// What `poll` throws: failures the application must act on (Kafka's exceptions from `poll`).
public enum ConsumerError: Error, Hashable, Sendable {
    /// `auto.offset.reset=none` and these partitions have no valid committed offset
    /// (`NoOffsetForPartitionException`); `seek` them to go on.
    case noOffsetForPartition([TopicPartition])
    /// The group refused the member for good (`FENCED_INSTANCE_ID`, an inconsistent protocol, a
    /// bad session timeout…): the consumer stops taking part in the group.
    case groupFailed(KafkaError)
    /// `poll` after `close()`.
    case closed
}

/// The outcome of one offset commit, in completion order (`takeCommitResults()`).
public struct CommitResult: Hashable, Sendable {
    /// The offsets that were to be committed (the next offset to read, per partition).
    public var offsets: [TopicPartition: Offset]
    /// `NONE` when every partition was committed, else the first error.
    public var error: KafkaError
    /// Whether the consumer's auto-commit made it (rather than the application).
    public var isAutoCommit: Bool
    public var completedAt: Instant
}

/// Counters for the console.
public struct ConsumerCounters: Hashable, Sendable {
    /// Records `poll` returned.
    public var recordsConsumed = 0
    /// OffsetCommit requests sent, and those fully acknowledged or failed.
    public var commitsSent = 0
    public var commitsSucceeded = 0
    public var commitsFailed = 0
    /// Generations the member completed SyncGroup in.
    public var rebalances = 0
    public var joinGroupRequestsSent = 0
    public var heartbeatsSent = 0
    public var fetchRequestsSent = 0
    public var metadataRequestsSent = 0
    public var coordinatorLookups = 0
    /// Partitions reset by `auto.offset.reset`.
    public var offsetResets = 0
    /// LeaveGroup requests sent (close, or `max.poll.interval.ms` exceeded).
    public var leaveGroupRequestsSent = 0
    /// Requests that hit `request.timeout.ms`.
    public var requestTimeouts = 0
}
