import KafkaCore

extension ReplicationControl {
    /// Moves leadership back to `replicas[0]` on up to `maxPartitions` imbalanced partitions, in
    /// order, wherever that replica is active and in the ISR (Kafka's
    /// `maybeBalancePartitionLeaders`, run every `leader.imbalance.check.interval.seconds` with
    /// `auto.leader.rebalance.enable`). Partitions whose preferred replica cannot lead are
    /// skipped and stay imbalanced; the response lists the partitions that moved.
    func balancePartitionLeaders(maxPartitions: Int) -> ControllerResult<[TopicPartition]> {
        precondition(maxPartitions > 0, "maxPartitions must be positive, got \(maxPartitions)")
        var result = ControllerResult<[TopicPartition]>(records: [], response: [])
        for topicPartition in image.imbalancedPartitions {
            guard result.response.count < maxPartitions else { break }
            guard let partition = image.partitions[topicPartition], let preferred = partition.replicas.first,
                partition.isr.contains(preferred), image.isActive(preferred)
            else { continue }
            let builder = PartitionChangeBuilder(
                topicPartition, partition, election: .preferred, isAcceptableLeader: image.isActive)
            guard let change = builder.build(), change.leader == preferred else { continue }
            result.records.append(.partitionChange(change))
            result.response.append(topicPartition)
        }
        return result
    }

    /// Elects a leader for up to `maxPartitions` leaderless partitions of topics with
    /// `unclean.leader.election.enable`, in order (Kafka's `maybeElectUncleanLeaders`, run every
    /// `unclean.leader.election.interval.ms`). An active ISR member wins if there is one;
    /// otherwise the first active replica in assignment order leads alone, RECOVERING. The
    /// response lists the partitions that got a leader.
    func electUncleanLeaders(maxPartitions: Int) -> ControllerResult<[TopicPartition]> {
        precondition(maxPartitions > 0, "maxPartitions must be positive, got \(maxPartitions)")
        var result = ControllerResult<[TopicPartition]>(records: [], response: [])
        for (topicPartition, partition) in image.sortedPartitions where !partition.hasLeader {
            guard result.response.count < maxPartitions else { break }
            guard image.topics[topicPartition.topic]?.config.uncleanLeaderElectionEnable == true else { continue }
            let builder = PartitionChangeBuilder(
                topicPartition, partition, election: .unclean, isAcceptableLeader: image.isActive)
            guard let change = builder.build(), let leader = change.leader, leader != .noLeader else { continue }
            result.records.append(.partitionChange(change))
            result.response.append(topicPartition)
        }
        return result
    }
}
