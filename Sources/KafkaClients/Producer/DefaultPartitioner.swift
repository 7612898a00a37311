import KafkaCore

/// Kafka's built-in partitioning for records without an explicit partition.
///
/// - A key: `toPositive(murmur2(key)) % numPartitions` over **all** partitions, online or not
///   (`BuiltInPartitioner.partitionForKey`); the record waits for an offline partition.
/// - No key: sticky (KIP-480). A topic sticks to one partition until appending would open a
///   new batch there; then it picks another at random (seeded), uniformly over the partitions
///   with a leader (all of them when none has), different from the last when it can. KIP-794's
///   adaptive weighting by queue length and its `2 × batch.size` cap are not modelled.
struct DefaultPartitioner {
    private var generator: SeededGenerator
    private var sticky: [String: Int32] = [:]

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed).stream("partitioner")
    }

    /// The partition of a keyed record, by its key's `Murmur2.hash`.
    static func partition(forKeyHash keyHash: Int32, partitionCount: Int32) -> Int32 {
        Murmur2.partition(forKeyHash: keyHash, partitionCount: partitionCount)
    }

    /// The sticky partition of `topic`, choosing one if there is none yet.
    mutating func stickyPartition(
        _ topic: String, partitionCount: Int32, available: [Int32]
    ) -> Int32 {
        if let current = sticky[topic], current < partitionCount { return current }
        return switchPartition(topic, partitionCount: partitionCount, available: available)
    }

    /// Moves `topic` to another partition (KIP-480 `onNewBatch`).
    @discardableResult
    mutating func switchPartition(_ topic: String, partitionCount: Int32, available: [Int32]) -> Int32 {
        var candidates = available.isEmpty ? Array(0..<partitionCount) : available
        if candidates.count > 1, let previous = sticky[topic] { candidates.removeAll { $0 == previous } }
        let chosen = candidates[Int(generator.next(below: UInt64(candidates.count)))]
        sticky[topic] = chosen
        return chosen
    }
}
