/// A Metadata request: the brokers, the controller, and the leaders of some or all topics.
public struct MetadataRequest: Hashable, Sendable {
    /// The topics to describe, `nil` for all.
    public var topics: [String]?

    public init(topics: [String]? = nil) {
        self.topics = topics
    }
}

/// What a broker knows of the cluster, from its own metadata image (which may lag the
/// controller's: clients learn of a new leader only once the broker they ask has replayed it).
public struct MetadataResponse: Hashable, Sendable {
    /// The live (registered, unfenced) brokers, sorted.
    public var brokers: [BrokerID]
    /// The active controller as this broker knows it, `nil` if none.
    public var controllerID: BrokerID?
    public var topics: [TopicMetadata]

    public init(brokers: [BrokerID], controllerID: BrokerID?, topics: [TopicMetadata]) {
        self.brokers = brokers
        self.controllerID = controllerID
        self.topics = topics
    }
}

/// One topic of a Metadata answer.
public struct TopicMetadata: Hashable, Sendable {
    public var name: String
    public var error: KafkaError
    public var partitions: [PartitionMetadata]

    public init(name: String, error: KafkaError, partitions: [PartitionMetadata] = []) {
        self.name = name
        self.error = error
        self.partitions = partitions
    }
}

/// One partition of a Metadata answer: `LEADER_NOT_AVAILABLE` with leader `nil` when offline.
public struct PartitionMetadata: Hashable, Sendable {
    public var partition: Int32
    public var error: KafkaError
    public var leader: BrokerID?
    public var leaderEpoch: LeaderEpoch
    public var replicas: [BrokerID]
    public var isr: [BrokerID]
    /// Replicas on brokers that are not alive.
    public var offlineReplicas: [BrokerID]

    public init(
        partition: Int32, error: KafkaError, leader: BrokerID?, leaderEpoch: LeaderEpoch, replicas: [BrokerID],
        isr: [BrokerID], offlineReplicas: [BrokerID]
    ) {
        self.partition = partition
        self.error = error
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.replicas = replicas
        self.isr = isr
        self.offlineReplicas = offlineReplicas
    }
}
