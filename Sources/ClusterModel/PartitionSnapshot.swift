import KafkaCore

/// One partition as the console shows it: the controller's view (leader, replicas, ISR, epoch)
/// and each replica's offsets as its broker knows them (the "offset ladder").
public struct PartitionSnapshot: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var leader: BrokerID?
    public var leaderEpoch: LeaderEpoch
    public var replicas: [ReplicaSnapshot]
    /// The controller's ISR, in its order.
    public var isr: [BrokerID]
    /// The leader's high watermark and log start offset (`nil` without a live leader).
    public var highWatermark: Offset?
    public var logStartOffset: Offset?
    public var health: PartitionHealth
    /// Committed offsets of the groups that consume this partition, by group id (sorted).
    public var committedOffsets: [GroupOffset]

    public init(
        topicPartition: TopicPartition, leader: BrokerID?, leaderEpoch: LeaderEpoch, replicas: [ReplicaSnapshot],
        isr: [BrokerID], highWatermark: Offset?, logStartOffset: Offset?, health: PartitionHealth,
        committedOffsets: [GroupOffset] = []
    ) {
        self.topicPartition = topicPartition
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.replicas = replicas
        self.isr = isr
        self.highWatermark = highWatermark
        self.logStartOffset = logStartOffset
        self.health = health
        self.committedOffsets = committedOffsets
    }
}

/// One replica of a partition: where its broker's log ends, and how it stands.
public struct ReplicaSnapshot: Hashable, Sendable {
    public enum Standing: String, Hashable, Sendable {
        case leader
        case inSync = "in sync"
        case outOfSync = "out of sync"
        /// Its broker is down, fenced or cut off.
        case offline
    }

    public var broker: BrokerID
    public var standing: Standing
    /// The replica's log end offset as its own broker has it (`nil` when the broker is down).
    public var logEndOffset: Offset?

    public init(broker: BrokerID, standing: Standing, logEndOffset: Offset?) {
        self.broker = broker
        self.standing = standing
        self.logEndOffset = logEndOffset
    }
}

/// A group's committed offset for one partition.
public struct GroupOffset: Hashable, Sendable {
    public var groupID: String
    public var committedOffset: Offset

    public init(groupID: String, committedOffset: Offset) {
        self.groupID = groupID
        self.committedOffset = committedOffset
    }
}
