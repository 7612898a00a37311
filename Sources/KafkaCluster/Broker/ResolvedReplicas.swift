import KafkaCore

/// This broker's replica of each partition of a list, looked up in the partition table once and
/// kept while the table's generation holds: a fetch session (leader side) and a replica fetcher
/// (follower side) look at every partition of their list on every fetch, and resolving them once
/// spares a table lookup by topic name per partition per fetch. The owner calls `invalidate()`
/// whenever its list changes.
struct ResolvedReplicas {
    private var replicas: [Partition?] = []
    /// The table generation `replicas` were resolved at; `nil` when the list changed since.
    private var generation: UInt64?

    /// The replicas of `list` (whose topic partitions `topicPartition` gives), in order; looked
    /// up again only when the table or the list changed since the last call.
    mutating func replicas<List: Collection>(
        of list: List, in table: PartitionTable, _ topicPartition: (List.Element) -> TopicPartition
    ) -> [Partition?] {
        if generation != table.generation || replicas.count != list.count {
            replicas = list.map { table[topicPartition($0)] }
            generation = table.generation
        }
        return replicas
    }

    /// The replicas `replicas(of:in:_:)` would answer without looking anything up: those
    /// resolved last, while the table is still at `tableGeneration` and the list still has
    /// `count` entries; `nil` when it would look them up again. Spares the caller passing the
    /// table (a copy of its arrays, a retain each, when the table is a class's stored property).
    func replicas(at tableGeneration: UInt64, count: Int) -> [Partition?]? {
        generation == tableGeneration && replicas.count == count ? replicas : nil
    }

    mutating func invalidate() { generation = nil }

    /// Follows the list's moving its entry at `index` to the end.
    mutating func moveToEnd(_ index: Int) {
        if index < replicas.count { replicas.append(replicas.remove(at: index)) }
    }

    /// Follows the list's reordering: `order[i]` is the old position of the new `i`-th entry.
    mutating func reorder(_ order: [Int]) {
        if replicas.count == order.count { replicas = order.map { replicas[$0] } }
    }
}

/// One replica looked up in the partition table (under its own topic partition), with the
/// table's generation at the lookup: while the generation holds, looking it up again answers the
/// same replica. Lets a request's later steps (the parked fetches it wakes, the answer it
/// settles) use the replica its append found instead of a lookup by topic name each.
struct ResolvedReplica {
    let partition: Partition
    /// The table's generation when `partition` was looked up (or earlier: the table cannot have
    /// changed in between when this one holds).
    let generation: UInt64

    /// `table[partition.topicPartition]` while the table is at `tableGeneration` and the
    /// generation holds, without the lookup; `nil` when it does not hold (then look it up). Takes
    /// the generation, not the table: passing a table that is a class's stored property copies
    /// it (its arrays, a retain each).
    func current(at tableGeneration: UInt64) -> Partition? {
        generation == tableGeneration ? partition : nil
    }
}
