/// OffsetCommit: a member (or a standalone consumer, generation `-1`) stores committed offsets.
///
/// A committed offset is the *next* offset to read. The broker does not require commits to move
/// forward; a later, lower commit overwrites a higher one.
public struct OffsetCommitRequest: Hashable, Sendable {
    public var groupID: String
    /// `-1` with an empty member id: a commit from outside group management (allowed only while
    /// the group is Empty).
    public var generationID: Int32
    public var memberID: String
    public var groupInstanceID: String?
    /// The partitions, in the order the client sent them.
    public var partitions: [OffsetCommitPartition]

    public init(
        groupID: String, generationID: Int32 = -1, memberID: String = "", groupInstanceID: String? = nil,
        partitions: [OffsetCommitPartition]
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.partitions = partitions
    }
}

/// One partition's committed offset.
public struct OffsetCommitPartition: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var committedOffset: Offset
    /// The leader epoch of the last record consumed (KIP-320), `.none` when unknown.
    public var committedLeaderEpoch: LeaderEpoch
    /// Free-form client metadata; `nil` is stored as the empty string, as Kafka does.
    public var metadata: String?

    public init(
        _ topicPartition: TopicPartition, committedOffset: Offset, committedLeaderEpoch: LeaderEpoch = .none,
        metadata: String? = nil
    ) {
        self.topicPartition = topicPartition
        self.committedOffset = committedOffset
        self.committedLeaderEpoch = committedLeaderEpoch
        self.metadata = metadata
    }
}

/// One error per partition, in request order.
public struct OffsetCommitResponse: Hashable, Sendable {
    public var partitions: [OffsetCommitPartitionResponse]

    public init(partitions: [OffsetCommitPartitionResponse]) {
        self.partitions = partitions
    }
}

/// One partition's outcome.
public struct OffsetCommitPartitionResponse: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var error: KafkaError

    public init(_ topicPartition: TopicPartition, error: KafkaError) {
        self.topicPartition = topicPartition
        self.error = error
    }
}
