/// A ListOffsets request: the offset of a timestamp, or the earliest/latest offset.
public struct ListOffsetsRequest: Hashable, Sendable {
    /// `-2`: the log start offset.
    public static let earliestTimestamp: Int64 = -2
    /// `-1`: the high watermark (or last stable offset under read_committed).
    public static let latestTimestamp: Int64 = -1

    public var isolationLevel: IsolationLevel
    public var partitions: [ListOffsetsPartition]

    public init(isolationLevel: IsolationLevel = .readUncommitted, partitions: [ListOffsetsPartition]) {
        self.isolationLevel = isolationLevel
        self.partitions = partitions
    }
}

/// One partition to look up.
public struct ListOffsetsPartition: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var currentLeaderEpoch: LeaderEpoch?
    public var timestamp: Int64

    public init(_ topicPartition: TopicPartition, timestamp: Int64, currentLeaderEpoch: LeaderEpoch? = nil) {
        self.topicPartition = topicPartition
        self.timestamp = timestamp
        self.currentLeaderEpoch = currentLeaderEpoch
    }
}

/// The answer, one entry per partition in request order.
public struct ListOffsetsResponse: Hashable, Sendable {
    public var partitions: [ListOffsetsPartitionResponse]

    public init(partitions: [ListOffsetsPartitionResponse]) {
        self.partitions = partitions
    }
}

/// One partition's offset (`-1` when no record matches the timestamp).
public struct ListOffsetsPartitionResponse: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var error: KafkaError
    public var timestamp: Int64
    public var offset: Offset
    public var leaderEpoch: LeaderEpoch

    public init(
        _ topicPartition: TopicPartition, error: KafkaError, timestamp: Int64 = -1, offset: Offset = .none,
        leaderEpoch: LeaderEpoch = .none
    ) {
        self.topicPartition = topicPartition
        self.error = error
        self.timestamp = timestamp
        self.offset = offset
        self.leaderEpoch = leaderEpoch
    }
}
