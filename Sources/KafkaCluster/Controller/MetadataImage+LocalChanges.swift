import KafkaCore

extension MetadataImage {
    /// What changed for `broker`'s replicas between `old` and this image.
    ///
    /// For every partition in order: a partition that has `broker` as a replica here and is new
    /// or registered differently than in `old` goes to `leaders` when `broker` leads it, else
    /// to `followers`; one that had `broker` as a replica in `old` but does not here (or is
    /// gone) goes to `deleted`. Unchanged partitions appear nowhere.
    public func localChanges(since old: MetadataImage, for broker: BrokerID) -> LocalReplicaChanges {
        var changes = LocalReplicaChanges()
        let keys = Set(partitions.keys).union(old.partitions.keys).sorted()
        for topicPartition in keys {
            let before = old.partitions[topicPartition]
            guard let after = partitions[topicPartition], after.replicas.contains(broker) else {
                if before?.replicas.contains(broker) == true { changes.deleted.append(topicPartition) }
                continue
            }
            guard after != before else { continue }
            let change = LocalReplicaChanges.Change(topicPartition, after)
            if after.leader == broker {
                changes.leaders.append(change)
            } else {
                changes.followers.append(change)
            }
        }
        return changes
    }
}
