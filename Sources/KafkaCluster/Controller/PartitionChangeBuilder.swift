import KafkaCore

/// Turns a wanted ISR and an election rule into the `PartitionChange` that gets there, or `nil`
/// when nothing would change (Kafka's `PartitionChangeBuilder`, without ELR or reassignment).
///
/// Rules, in order:
/// 1. The leader is chosen from the target ISR by `election` among brokers `isAcceptableLeader`
///    allows; a still-acceptable current leader is kept (`electAnyLeader`).
/// 2. If none qualifies and the election is unclean, the first acceptable replica in assignment
///    order leads, the ISR becomes just it, and the leader is RECOVERING.
/// 3. The ISR is never written empty (no ELR): a target ISR that lost its last member keeps the
///    current ISR, leaving `leader = -1, isr = {last member}` (§2.3 "last replica standing").
struct PartitionChangeBuilder {
    let topicPartition: TopicPartition
    let partition: PartitionRegistration
    let election: Election
    let isAcceptableLeader: (BrokerID) -> Bool
    var targetIsr: [BrokerID]
    var targetLeaderRecoveryState: LeaderRecoveryState?

    init(
        _ topicPartition: TopicPartition, _ partition: PartitionRegistration, election: Election,
        isAcceptableLeader: @escaping (BrokerID) -> Bool
    ) {
        self.topicPartition = topicPartition
        self.partition = partition
        self.election = election
        self.isAcceptableLeader = isAcceptableLeader
        self.targetIsr = partition.isr
        self.targetLeaderRecoveryState = nil
    }

    /// The change record's contents, or `nil` when the partition would stay as it is.
    func build() -> PartitionChange? {
        var isr = targetIsr
        var recovery = targetLeaderRecoveryState ?? partition.leaderRecoveryState
        var leader = electCleanLeader()
        if leader == nil, election == .unclean, let unclean = partition.replicas.first(where: isAcceptableLeader) {
            leader = unclean
            isr = [unclean]
            recovery = .recovering
        }
        if isr.isEmpty { isr = partition.isr }
        let newLeader = leader ?? .noLeader
        var change = PartitionChange(topicPartition)
        if isr != partition.isr { change.isr = isr }
        if newLeader != partition.leader { change.leader = newLeader }
        if recovery != partition.leaderRecoveryState { change.leaderRecoveryState = recovery }
        let unchanged = change.isr == nil && change.leader == nil && change.leaderRecoveryState == nil
        return unchanged ? nil : change
    }

    private func electCleanLeader() -> BrokerID? {
        let eligible = { (broker: BrokerID) in targetIsr.contains(broker) && isAcceptableLeader(broker) }
        if election == .preferred, let preferred = partition.replicas.first, eligible(preferred) {
            return preferred
        }
        if partition.hasLeader && eligible(partition.leader) { return partition.leader }
        return partition.replicas.first(where: eligible)
    }
}
