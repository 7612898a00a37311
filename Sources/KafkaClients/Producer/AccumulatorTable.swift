import KafkaCore

/// The producer's partition accumulators: held in one array in `TopicPartition` order, and found
/// by topic and partition number through a table of their places (the topics sorted by name, each
/// with an array indexed by partition). A lookup compares topic names (one comparison for a
/// producer of one topic, and names stored once compare by identity) instead of hashing the
/// `TopicPartition`, which the producer did several times per record and per drain.
///
/// The accumulators are plain elements of one array rather than optionals in the table's rows:
/// lending an optional slot to a reader copied the accumulator out of it (retaining its batches)
/// even through the rows' buffers, and the producer's deadline and drain, run after every event,
/// read every accumulator.
struct AccumulatorTable: Sequence {
    /// Sorted, distinct.
    private var topics: [String] = []
    /// Per topic in `topics`, indexed by partition number: the accumulator's index in
    /// `accumulators`, −1 where there is none.
    private var places: [[Int]] = []
    /// In `TopicPartition` order.
    private var accumulators: [PartitionAccumulator] = []
    /// Where in `topics` `update(_:_:_:)` found its topic last (a hint only: checked against the
    /// name before use, as later insertions may have moved it). A producer appends every record
    /// through `update`, usually all of them to one topic: the name is compared (by `==`, quick
    /// for the same string) instead of searched for.
    private var lastRow = 0

    /// Accumulators held.
    var count: Int { accumulators.count }

    /// Where `topic` is in `topics`, or where it would be inserted.
    private func position(of topic: String) -> (index: Int, found: Bool) { topics.sortedPosition(of: topic) }

    /// The index in `accumulators` of the accumulator of `topicPartition`, if there is one.
    private func place(of topicPartition: TopicPartition) -> Int? {
        place(of: topicPartition.topic, topicPartition.partition)
    }

    /// The index in `accumulators` of the accumulator of `topic`'s `partition`, if there is one.
    private func place(of topic: String, _ partition: Int32) -> Int? {
        guard let row = row(of: topic) else { return nil }
        return place(in: row, partition)
    }

    /// The row of `topic` in `topics` and `places`, if it has one: `lastRow` when it names it.
    private func row(of topic: String) -> Int? {
        if lastRow < topics.count, topics[lastRow] == topic { return lastRow }
        let (index, found) = position(of: topic)
        return found ? index : nil
    }

    /// The index in `accumulators` of the accumulator of `partition` of the topic in `row`, if any.
    /// Inlined: `update` asks it for every record a producer sends, and the call cost about as much
    /// as the lookup.
    @inline(__always)
    private func place(in row: Int, _ partition: Int32) -> Int? {
        let partition = Int(partition)
        guard partition >= 0, partition < places[row].count, places[row][partition] >= 0 else { return nil }
        return places[row][partition]
    }

    subscript(topicPartition: TopicPartition) -> PartitionAccumulator? {
        place(of: topicPartition).map { accumulators[$0] }
    }

    /// Adds an empty accumulator for `topicPartition` in its order, and returns its index.
    private mutating func add(_ topicPartition: TopicPartition) -> Int {
        let partition = Int(topicPartition.partition)
        precondition(partition >= 0, "no accumulator for \(topicPartition)")
        let (index, found) = position(of: topicPartition.topic)
        if !found {
            topics.insert(topicPartition.topic, at: index)
            places.insert([], at: index)
        }
        if places[index].count <= partition {
            places[index].append(contentsOf: repeatElement(-1, count: partition + 1 - places[index].count))
        }
        let added = accumulators.firstIndex { topicPartition < $0.topicPartition } ?? accumulators.endIndex
        accumulators.insert(PartitionAccumulator(topicPartition: topicPartition), at: added)
        // The ones after it moved up by one (a producer adds an accumulator per partition once).
        for later in added..<accumulators.count {
            let topicPartition = accumulators[later].topicPartition
            let (row, _) = position(of: topicPartition.topic)
            places[row][Int(topicPartition.partition)] = later
        }
        return added
    }

    /// Runs `body` on the accumulator of `topicPartition` in place, adding an empty one first if
    /// there is none; returns what `body` returns and whether the accumulator was added. One
    /// lookup, and no copy of the accumulator (a read through the subscript copies it, retaining
    /// its batches).
    mutating func update<Result>(
        _ topicPartition: TopicPartition, _ body: (inout PartitionAccumulator) -> Result
    ) -> (result: Result, created: Bool) {
        update(topicPartition.topic, topicPartition.partition, body)
    }

    /// `update(_:_:)` of `topic`'s `partition`, for a caller that has no `TopicPartition` at hand:
    /// the producer appends each record this way, and building one per record retained its topic.
    mutating func update<Result>(
        _ topic: String, _ partition: Int32, _ body: (inout PartitionAccumulator) -> Result
    ) -> (result: Result, created: Bool) {
        if let row = row(of: topic) {
            lastRow = row
            if let place = place(in: row, partition) { return (body(&accumulators[place]), false) }
        }
        let place = add(TopicPartition(topic, partition))
        return (body(&accumulators[place]), true)
    }

    /// Runs `body` on the accumulator of `topicPartition` in place; nil (and `body` not run) when
    /// there is none. A closure rather than a `_modify` accessor: a coroutine called across files
    /// gets its frame from `malloc` in this toolchain (one allocation per batch sent and per batch
    /// acknowledged), a closure does not.
    @discardableResult
    mutating func modify<Result>(
        _ topicPartition: TopicPartition, _ body: (inout PartitionAccumulator) -> Result
    ) -> Result? {
        guard let place = place(of: topicPartition) else { return nil }
        return body(&accumulators[place])
    }

    /// Runs `body` on the accumulator at `place` (0 to `count`, in `TopicPartition` order) in
    /// place: a caller that found it by place changes it without looking its partition up again.
    mutating func modify<Result>(at place: Int, _ body: (inout PartitionAccumulator) -> Result) -> Result {
        body(&accumulators[place])
    }

    /// Runs `body` on the accumulator of `topicPartition` without copying it (lent from the
    /// array's buffer); nil when there is none.
    func read<Result>(_ topicPartition: TopicPartition, _ body: (borrowing PartitionAccumulator) -> Result) -> Result? {
        guard let place = place(of: topicPartition) else { return nil }
        return accumulators.withUnsafeBufferPointer { body($0[place]) }
    }

    /// Runs `body` on the accumulator at `place` (0 to `count`, in `TopicPartition` order) without
    /// copying it (lent from the array's buffer).
    func read<Result>(at place: Int, _ body: (borrowing PartitionAccumulator) -> Result) -> Result {
        accumulators.withUnsafeBufferPointer { body($0[place]) }
    }

    /// Runs `body` on each accumulator in `TopicPartition` order, lent from the array's buffer:
    /// iterating the table copies each accumulator it hands out (retaining its batches), which
    /// the producer's deadline and drain, run after every event, would pay per partition.
    func forEachBorrowed(_ body: (borrowing PartitionAccumulator) -> Void) {
        accumulators.withUnsafeBufferPointer { accumulators in
            for index in accumulators.indices { body(accumulators[index]) }
        }
    }

    /// The accumulators in `TopicPartition` order.
    func makeIterator() -> IndexingIterator<[PartitionAccumulator]> { accumulators.makeIterator() }

    var underestimatedCount: Int { count }
}
