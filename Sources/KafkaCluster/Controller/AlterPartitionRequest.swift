import KafkaCore

/// One partition of a leader's AlterPartition request (KIP-497): the ISR it wants, stamped with
/// the epochs it last saw so the controller can refuse stale proposals.
public struct AlterPartitionRequest: Hashable, Sendable {
    public var brokerID: BrokerID
    public var brokerEpoch: Int64
    public var topicPartition: TopicPartition
    public var leaderEpoch: LeaderEpoch
    public var partitionEpoch: Int32
    public var newIsr: [BrokerID]
    public var leaderRecoveryState: LeaderRecoveryState

    public init(
        brokerID: BrokerID, brokerEpoch: Int64, topicPartition: TopicPartition, leaderEpoch: LeaderEpoch,
        partitionEpoch: Int32, newIsr: [BrokerID], leaderRecoveryState: LeaderRecoveryState = .recovered
    ) {
        self.brokerID = brokerID
        self.brokerEpoch = brokerEpoch
        self.topicPartition = topicPartition
        self.leaderEpoch = leaderEpoch
        self.partitionEpoch = partitionEpoch
        self.newIsr = newIsr
        self.leaderRecoveryState = leaderRecoveryState
    }
}

/// The answer to one AlterPartition entry: an error, or `.none` and the partition as committed.
public struct AlterPartitionResponse: Hashable, Sendable {
    public var error: KafkaError
    public var partition: PartitionRegistration?

    public init(error: KafkaError, partition: PartitionRegistration? = nil) {
        self.error = error
        self.partition = partition
    }
}
