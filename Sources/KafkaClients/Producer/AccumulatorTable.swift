import KafkaCore

/// The producer's partition accumulators by topic and partition number: the topics sorted by name,
/// each with an array indexed by partition. A lookup compares topic names (one comparison for a
/// producer of one topic, and names stored once compare by identity) instead of hashing the
/// `TopicPartition`, which the producer did several times per record and per drain; iterating goes
/// in `TopicPartition` order.
struct AccumulatorTable: Sequence {
    /// Sorted, distinct.
    private var topics: [String] = []
    /// Per topic in `topics`, indexed by partition number; nil where no accumulator was added.
    private var slots: [[PartitionAccumulator?]] = []
    /// Accumulators held.
    private(set) var count = 0

    /// Where `topic` is in `topics`, or where it would be inserted.
    private func position(of topic: String) -> (index: Int, found: Bool) { topics.sortedPosition(of: topic) }

    subscript(topicPartition: TopicPartition) -> PartitionAccumulator? {
        get {
            let (index, found) = position(of: topicPartition.topic)
            let partition = Int(topicPartition.partition)
            guard found, partition >= 0, partition < slots[index].count else { return nil }
            return slots[index][partition]
        }
        _modify {
            let (index, partition) = makeSlot(for: topicPartition)
            let wasPresent = slots[index][partition] != nil
            defer {
                let isPresent = slots[index][partition] != nil
                if isPresent != wasPresent { count += isPresent ? 1 : -1 }
            }
            yield &slots[index][partition]
        }
    }

    /// Where the accumulator of `topicPartition` sits (`slots[index][partition]`), making room
    /// for it (its topic's row, the row's length) when there is none yet.
    private mutating func makeSlot(for topicPartition: TopicPartition) -> (index: Int, partition: Int) {
        let partition = Int(topicPartition.partition)
        precondition(partition >= 0, "no accumulator for \(topicPartition)")
        let (index, found) = position(of: topicPartition.topic)
        if !found {
            topics.insert(topicPartition.topic, at: index)
            slots.insert([], at: index)
        }
        if slots[index].count <= partition {
            slots[index].append(contentsOf: repeatElement(nil, count: partition + 1 - slots[index].count))
        }
        return (index, partition)
    }

    /// Runs `body` on the accumulator of `topicPartition` in place, adding an empty one first if
    /// there is none; returns what `body` returns and whether the accumulator was added. One
    /// lookup, and no copy of the accumulator (a read through the subscript's getter copies it,
    /// retaining its batches).
    mutating func update<Result>(
        _ topicPartition: TopicPartition, _ body: (inout PartitionAccumulator) -> Result
    ) -> (result: Result, created: Bool) {
        let (index, partition) = makeSlot(for: topicPartition)
        var created = false
        if slots[index][partition] == nil {
            slots[index][partition] = PartitionAccumulator(topicPartition: topicPartition)
            count += 1
            created = true
        }
        // Optional chaining changes the accumulator in place.
        guard let result = slots[index][partition]?.apply(body) else {
            preconditionFailure("\(topicPartition) has no accumulator after adding one")
        }
        return (result, created)
    }

    /// Runs `body` on the accumulator of `topicPartition` in place; nil (and `body` not run) when
    /// there is none. What the send path uses instead of the subscript's `_modify`: a coroutine
    /// called across files gets its frame from `malloc` in this toolchain (one allocation per
    /// batch sent and per batch acknowledged, a sixth of `bench sim`'s), a closure does not.
    @discardableResult
    mutating func modify<Result>(
        _ topicPartition: TopicPartition, _ body: (inout PartitionAccumulator) -> Result
    ) -> Result? {
        let (index, found) = position(of: topicPartition.topic)
        let partition = Int(topicPartition.partition)
        guard found, partition >= 0, partition < slots[index].count else { return nil }
        return slots[index][partition]?.apply(body)
    }

    /// Runs `body` on the accumulator of `topicPartition` without copying it; nil when there is
    /// none. The slot is reached through the rows' buffers (`slots[index][partition]` copied it
    /// out of the nested arrays' getters).
    func read<Result>(_ topicPartition: TopicPartition, _ body: (borrowing PartitionAccumulator) -> Result) -> Result? {
        let (index, found) = position(of: topicPartition.topic)
        let partition = Int(topicPartition.partition)
        guard found, partition >= 0 else { return nil }
        return slots.withUnsafeBufferPointer { rows in
            rows[index].withUnsafeBufferPointer { row in partition < row.count ? row[partition]?.read(body) : nil }
        }
    }

    /// Runs `body` on each accumulator in `TopicPartition` order, borrowed: iterating the table
    /// copies each accumulator it hands out (retaining its batches), which the producer's
    /// deadline and drain, run after every event, would pay per partition.
    ///
    /// Each row and slot is reached through its buffer: `slots[topic][partition]` copied the
    /// accumulator out of the nested arrays' getters before lending it.
    func forEachBorrowed(_ body: (borrowing PartitionAccumulator) -> Void) {
        slots.withUnsafeBufferPointer { rows in
            for row in rows.indices {
                rows[row].withUnsafeBufferPointer { row in
                    for partition in row.indices { row[partition]?.read(body) }
                }
            }
        }
    }

    struct Iterator: IteratorProtocol {
        fileprivate let slots: [[PartitionAccumulator?]]
        fileprivate var topic = 0
        fileprivate var partition = 0

        mutating func next() -> PartitionAccumulator? {
            while topic < slots.count {
                while partition < slots[topic].count {
                    defer { partition += 1 }
                    if let accumulator = slots[topic][partition] { return accumulator }
                }
                topic += 1
                partition = 0
            }
            return nil
        }
    }

    /// The accumulators in `TopicPartition` order.
    func makeIterator() -> Iterator { Iterator(slots: slots) }

    var underestimatedCount: Int { count }
}

extension PartitionAccumulator {
    /// `body` on the accumulator in place (what `AccumulatorTable.update` reaches by optional chaining).
    fileprivate mutating func apply<Result>(_ body: (inout PartitionAccumulator) -> Result) -> Result { body(&self) }

    /// `body` on the accumulator, borrowed.
    fileprivate func read<Result>(_ body: (borrowing PartitionAccumulator) -> Result) -> Result { body(self) }
}
