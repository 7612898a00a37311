import KafkaCore

/// The fields a `PartitionChangeRecord` sets; `nil` leaves a field as it is.
public struct PartitionChange: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var isr: [BrokerID]?
    /// The new leader (`.noLeader` for none), or `nil` for no change.
    public var leader: BrokerID?
    public var leaderRecoveryState: LeaderRecoveryState?

    public init(
        _ topicPartition: TopicPartition, isr: [BrokerID]? = nil, leader: BrokerID? = nil,
        leaderRecoveryState: LeaderRecoveryState? = nil
    ) {
        self.topicPartition = topicPartition
        self.isr = isr
        self.leader = leader
        self.leaderRecoveryState = leaderRecoveryState
    }
}
