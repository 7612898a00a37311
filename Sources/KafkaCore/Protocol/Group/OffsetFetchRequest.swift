/// OffsetFetch: a group's committed offsets, for some partitions or all of them.
public struct OffsetFetchRequest: Hashable, Sendable {
    public var groupID: String
    /// The partitions to look up; `nil` asks for every partition the group has committed.
    public var partitions: [TopicPartition]?

    public init(groupID: String, partitions: [TopicPartition]?) {
        self.groupID = groupID
        self.partitions = partitions
    }
}

/// A request-level error, and the partitions: in request order, or sorted when all were asked for.
public struct OffsetFetchResponse: Hashable, Sendable {
    public var error: KafkaError
    public var partitions: [OffsetFetchPartitionResponse]

    public init(error: KafkaError, partitions: [OffsetFetchPartitionResponse] = []) {
        self.error = error
        self.partitions = partitions
    }
}

/// One partition's committed offset: `-1` (`Offset.none`) and empty metadata when there is none.
public struct OffsetFetchPartitionResponse: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var committedOffset: Offset
    public var committedLeaderEpoch: LeaderEpoch
    public var metadata: String
    public var error: KafkaError

    public init(
        _ topicPartition: TopicPartition, committedOffset: Offset = .none, committedLeaderEpoch: LeaderEpoch = .none,
        metadata: String = "", error: KafkaError = .none
    ) {
        self.topicPartition = topicPartition
        self.committedOffset = committedOffset
        self.committedLeaderEpoch = committedLeaderEpoch
        self.metadata = metadata
        self.error = error
    }
}
