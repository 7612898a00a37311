import KafkaCore

/// The producer state as one append's batches see it (Kafka's `ProducerAppendInfo`): starts
/// from the partition's stored state and moves each producer's epoch and last sequence along
/// as the append's own batches are accepted, so a second batch of the same producer is checked
/// against the first one rather than against the log.
///
/// Only epochs and sequences are tracked: the offsets are not known until the log appends, and
/// duplicates are looked for in the stored state only, as Kafka does.
struct ProducerAppendInfo {
    /// Where a producer stands: its epoch and the last sequence it wrote in it.
    struct Position: Hashable {
        var producerEpoch: Int16
        var lastSequence: Int32
    }

    private let stored: ProducerStateManager
    /// Producers this append has moved, by id (looked up, never listed).
    private var pending: [Int64: Position] = [:]

    init(stored: ProducerStateManager) {
        self.stored = stored
    }

    /// Checks `batch` (with a producer id, not a control batch) and, when it may be appended,
    /// moves its producer's position past it. Order of the checks: a retry of a stored batch,
    /// then the epoch, then the sequence.
    mutating func append(_ batch: RecordBatch) -> ProducerAppendCheck {
        precondition(batch.hasProducerID && !batch.isControl, "batch at \(batch.baseOffset) is not producer data")
        let entry = stored.entry(for: batch.producerID)
        if let original = entry?.duplicate(of: batch) {
            return .duplicate(
                firstOffset: original.firstOffset, lastOffset: original.lastOffset, timestamp: original.timestamp)
        }
        let current = pending[batch.producerID] ?? entry.map { Position($0) }
        if let error = Self.refusal(of: batch, at: current) {
            return .reject(error)
        }
        pending[batch.producerID] = Position(producerEpoch: batch.producerEpoch, lastSequence: batch.lastSequence)
        return .append
    }

    /// Why `batch` cannot follow `current`, or `nil` when it can (Kafka's `checkProducerEpoch`
    /// and `checkSequence` for client appends). A producer the partition has no state for may
    /// start at any sequence.
    static func refusal(of batch: RecordBatch, at current: Position?) -> KafkaError? {
        guard let current else { return nil }
        if batch.producerEpoch < current.producerEpoch { return .invalidProducerEpoch }
        let expected: Int32 =
            batch.producerEpoch == current.producerEpoch
            ? RecordBatch.incrementSequence(current.lastSequence, by: 1) : 0
        return batch.baseSequence == expected ? nil : .outOfOrderSequenceNumber
    }
}

extension ProducerAppendInfo.Position {
    /// Where `entry`'s producer stands in the stored state.
    init(_ entry: ProducerStateEntry) {
        self.init(producerEpoch: entry.producerEpoch, lastSequence: entry.lastSequence)
    }
}
