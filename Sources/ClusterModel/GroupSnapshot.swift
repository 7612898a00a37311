import KafkaCore

/// One consumer group as the console shows it: the coordinator's view (state, generation,
/// members) and, per partition, the committed offset against the high watermark.
public struct GroupSnapshot: Hashable, Sendable {
    public var groupID: String
    /// `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Stable`, `Dead`.
    public var state: String
    public var generation: Int32
    /// The chosen assignor (`range`, `cooperative-sticky`…), when the group has one.
    public var protocolName: String?
    public var coordinator: BrokerID?
    public var members: [GroupMemberSnapshot]
    public var partitions: [GroupPartitionLag]

    public init(
        groupID: String, state: String, generation: Int32, protocolName: String?, coordinator: BrokerID?,
        members: [GroupMemberSnapshot], partitions: [GroupPartitionLag]
    ) {
        self.groupID = groupID
        self.state = state
        self.generation = generation
        self.protocolName = protocolName
        self.coordinator = coordinator
        self.members = members
        self.partitions = partitions
    }

    /// Messages behind, over every partition with a commit.
    public var totalLag: Int64 { partitions.reduce(0) { $0 + ($1.lag ?? 0) } }
}

/// A member of a group.
public struct GroupMemberSnapshot: Hashable, Sendable {
    public var memberID: String
    public var clientID: String
    public var groupInstanceID: String?

    public init(memberID: String, clientID: String, groupInstanceID: String?) {
        self.memberID = memberID
        self.clientID = clientID
        self.groupInstanceID = groupInstanceID
    }
}

/// A group's position on one partition: committed offset, high watermark, and their gap.
public struct GroupPartitionLag: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var committedOffset: Offset
    public var highWatermark: Offset?

    public init(topicPartition: TopicPartition, committedOffset: Offset, highWatermark: Offset?) {
        self.topicPartition = topicPartition
        self.committedOffset = committedOffset
        self.highWatermark = highWatermark
    }

    /// `HW − committed` (never negative), `nil` when the high watermark is unknown.
    public var lag: Int64? { highWatermark.map { max(0, $0.distance(from: committedOffset)) } }
}
