import KafkaCore

/// One partition's controller-owned state (§2.1): what a `PartitionRecord` creates and
/// `PartitionChangeRecord`s modify.
public struct PartitionRegistration: Hashable, Sendable {
    /// The assignment, preferred leader first.
    public var replicas: [BrokerID]
    /// The in-sync replicas, in assignment order.
    public var isr: [BrokerID]
    /// The leader, or `.noLeader`.
    public var leader: BrokerID
    public var leaderEpoch: LeaderEpoch
    /// Bumped by every change to the partition.
    public var partitionEpoch: Int32
    public var leaderRecoveryState: LeaderRecoveryState

    public init(
        replicas: [BrokerID], isr: [BrokerID], leader: BrokerID, leaderEpoch: LeaderEpoch = LeaderEpoch(0),
        partitionEpoch: Int32 = 0, leaderRecoveryState: LeaderRecoveryState = .recovered
    ) {
        self.replicas = replicas
        self.isr = isr
        self.leader = leader
        self.leaderEpoch = leaderEpoch
        self.partitionEpoch = partitionEpoch
        self.leaderRecoveryState = leaderRecoveryState
    }

    /// Whether the partition has a leader.
    public var hasLeader: Bool { leader != .noLeader }

    /// The partition after `change`: the leader epoch moves on only when the leader changes,
    /// the partition epoch on every change.
    public func applying(_ change: PartitionChange) -> PartitionRegistration {
        var next = self
        if let isr = change.isr { next.isr = isr }
        if let leader = change.leader, leader != self.leader {
            next.leader = leader
            next.leaderEpoch = leaderEpoch.next
        }
        if let state = change.leaderRecoveryState { next.leaderRecoveryState = state }
        next.partitionEpoch = partitionEpoch + 1
        return next
    }

    /// Preconditions that hold for every partition the controller writes.
    public func checkInvariants(_ topicPartition: TopicPartition) {
        precondition(Set(replicas).count == replicas.count, "\(topicPartition): duplicate replicas \(replicas)")
        precondition(
            isr.allSatisfy(replicas.contains), "\(topicPartition): isr \(isr) not within replicas \(replicas)")
        precondition(!isr.isEmpty, "\(topicPartition): empty isr")
        precondition(
            leader == .noLeader || isr.contains(leader), "\(topicPartition): leader \(leader) not in isr \(isr)")
    }
}
