import KafkaCore

extension ReplicationControl {
    /// Validates a leader's ISR proposal as `ReplicationControlManager.validateAlterPartitionData`
    /// does, in its order, and commits it as one change record when it changes anything.
    func alterPartition(_ request: AlterPartitionRequest) -> ControllerResult<AlterPartitionResponse> {
        let refused = { (error: KafkaError) in
            ControllerResult(records: [], response: AlterPartitionResponse(error: error))
        }
        guard let partition = image.partitions[request.topicPartition] else { return refused(.unknownTopicOrPartition) }
        guard image.brokers[request.brokerID]?.epoch == request.brokerEpoch else { return refused(.staleBrokerEpoch) }
        // Epochs newer than ours mean this controller has fallen behind a newer active one.
        if request.leaderEpoch > partition.leaderEpoch || request.partitionEpoch > partition.partitionEpoch {
            return refused(.notController)
        }
        guard request.leaderEpoch == partition.leaderEpoch else { return refused(.fencedLeaderEpoch) }
        guard request.brokerID == partition.leader else { return refused(.invalidRequest) }
        guard request.partitionEpoch == partition.partitionEpoch else { return refused(.invalidUpdateVersion) }
        let isr = request.newIsr
        guard isr.contains(partition.leader), Set(isr).count == isr.count, isr.allSatisfy(partition.replicas.contains)
        else { return refused(.invalidRequest) }
        // A recovering leader may not grow the ISR past itself, and a recovered one never goes back
        // to recovering (KIP-704).
        if request.leaderRecoveryState == .recovering && isr.count > 1 { return refused(.invalidRequest) }
        if request.leaderRecoveryState == .recovering && partition.leaderRecoveryState == .recovered {
            return refused(.invalidRequest)
        }
        guard isr.allSatisfy(image.isActive) else { return refused(.ineligibleReplica) }
        var change = PartitionChange(request.topicPartition)
        if isr != partition.isr { change.isr = isr }
        if request.leaderRecoveryState != partition.leaderRecoveryState {
            change.leaderRecoveryState = request.leaderRecoveryState
        }
        guard change.isr != nil || change.leaderRecoveryState != nil else {
            return ControllerResult(records: [], response: AlterPartitionResponse(error: .none, partition: partition))
        }
        return ControllerResult(
            records: [.partitionChange(change)],
            response: AlterPartitionResponse(error: .none, partition: partition.applying(change)))
    }
}
