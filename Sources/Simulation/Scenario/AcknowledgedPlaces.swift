import KafkaCore

/// Where a producer's records were acknowledged, by sequence − 1: a partition and an offset, or
/// nil when unknown (not acknowledged, or acknowledged without an offset).
///
/// A run keeps one entry per record it sends (millions): an offset and the partition's number in
/// a short table of the partitions seen, 10 bytes each, instead of an optional tuple holding a
/// `TopicPartition` (40 bytes, and its topic retained per record). Reserving the room for a whole
/// run faulted in four times the pages.
struct AcknowledgedPlaces: RandomAccessCollection {
    /// Per record: the offset, meaningful where `partitionSlots` is not 0.
    private var offsets: [Int64] = []
    /// Per record: 1 + the partition's index in `partitions`, 0 for nil.
    private var partitionSlots: [UInt16] = []
    /// The partitions the records were acknowledged in, in the order first seen.
    private var partitions: [TopicPartition] = []
    /// Entries held: `offsets` and `partitionSlots` are grown ahead of it in chunks of
    /// `growthChunk` nil entries, so growing by a batch's records is a bounds check, not an append
    /// (with its uniqueness check) per record and table.
    private(set) var count = 0

    /// Entries the tables grow by at least.
    static let growthChunk = 4_096

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(index: Int) -> (TopicPartition, Offset)? {
        let slot = partitionSlots[index]
        guard slot > 0 else { return nil }
        return (partitions[Int(slot) - 1], Offset(offsets[index]))
    }

    mutating func reserveCapacity(_ count: Int) {
        offsets.reserveCapacity(count)
        partitionSlots.reserveCapacity(count)
    }

    /// Grows to `count` entries, the new ones nil (the tables' entries past `self.count` are
    /// nil: only entries below it are set).
    mutating func grow(to count: Int) {
        guard count > self.count else { return }
        if count > offsets.count {
            let added = Swift.max(count - offsets.count, Self.growthChunk)
            offsets.append(contentsOf: repeatElement(0, count: added))
            partitionSlots.append(contentsOf: repeatElement(0, count: added))
        }
        self.count = count
    }

    /// The slot `set(_:at:slot:)` takes for `partition`, added when new.
    mutating func slot(of partition: TopicPartition) -> UInt16 {
        if let index = partitions.lastIndex(of: partition) { return UInt16(index + 1) }
        precondition(partitions.count < Int(UInt16.max), "more than \(UInt16.max - 1) partitions acknowledged")
        partitions.append(partition)
        return UInt16(partitions.count)
    }

    /// Records that entry `index` (below `count`) was acknowledged at `offset` of the partition
    /// of `slot` (`slot(of:)`).
    mutating func set(_ index: Int, offset: Offset, slot: UInt16) {
        precondition(slot > 0 && Int(slot) <= partitions.count, "unknown partition slot \(slot)")
        precondition(index < count, "entry \(index) of \(count)")
        offsets[index] = offset.rawValue
        partitionSlots[index] = slot
    }

    /// `set(_:offset:slot:)` for the records of one batch: entry `indexes[i]` at `firstOffset`
    /// plus i, a negative index skipped (its offset still counts). Written through the tables'
    /// storage: one uniqueness check per table per batch instead of two per record.
    mutating func set(_ indexes: some Sequence<Int>, offsetsFrom firstOffset: Offset, slot: UInt16) {
        precondition(slot > 0 && Int(slot) <= partitions.count, "unknown partition slot \(slot)")
        let count = count
        offsets.withUnsafeMutableBufferPointer { offsets in
            partitionSlots.withUnsafeMutableBufferPointer { partitionSlots in
                var offset = firstOffset.rawValue
                for index in indexes {
                    defer { offset += 1 }
                    guard index >= 0 else { continue }
                    precondition(index < count, "entry \(index) of \(count)")
                    offsets[index] = offset
                    partitionSlots[index] = slot
                }
            }
        }
    }
}
