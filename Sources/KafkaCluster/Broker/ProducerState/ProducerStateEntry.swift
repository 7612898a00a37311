import KafkaCore

/// One idempotent producer's state in one partition (Kafka's `ProducerStateEntry`): its
/// current epoch and the metadata of its last `ProducerStateManager.batchesToRetain` batches.
///
/// Kafka forgets a producer's batches when its epoch changes. Here the window of retained
/// batches runs across epochs instead, each batch carrying its own epoch, and only the trailing
/// run in the current epoch (`currentEpochBatches`, which is exactly Kafka's list) answers
/// duplicates and sequences. The older epoch's batches matter after a truncation removes every
/// batch of the newer epoch: the producer then goes back to the older epoch, as a rebuild from
/// the log would.
///
/// An entry always holds at least one batch: a producer whose batches are all gone is removed.
public struct ProducerStateEntry: Hashable, Sendable {
    /// The producer this entry belongs to.
    public let producerID: Int64
    /// The last batches written, oldest first: at least one, at most `batchesToRetain`, in any epoch.
    public private(set) var retainedBatches: [BatchMetadata]

    /// An entry for the first batch seen from `producerID`.
    init(producerID: Int64, first: BatchMetadata) {
        self.producerID = producerID
        retainedBatches = [first]
    }

    /// The epoch of the producer's last batch.
    public var producerEpoch: Int16 { newestBatch.producerEpoch }

    /// The sequence of the last record written.
    public var lastSequence: Int32 { newestBatch.lastSequence }

    /// The offset of the last record written (Kafka's `lastDataOffset`).
    public var lastOffset: Offset { newestBatch.lastOffset }

    /// The retained batches of the current epoch since the epoch last changed, oldest first: the
    /// ones a retry can duplicate (Kafka's `batchMetadata`).
    public var currentEpochBatches: ArraySlice<BatchMetadata> {
        let epoch = producerEpoch
        let start = retainedBatches.lastIndex { $0.producerEpoch != epoch }.map { $0 + 1 } ?? 0
        return retainedBatches[start...]
    }

    /// The retained batch `batch` is a retry of, if any: one of `currentEpochBatches` with the
    /// same sequence range (Kafka's `ProducerStateEntry.findDuplicateBatch`).
    ///
    /// Searches `currentEpochBatches` from the newest back in place, without building the slice
    /// (a retain and release of the batches per produce), and reads the batch's sequence range
    /// from its bytes once rather than for every retained batch (a new batch, the usual case, is
    /// compared with all of them).
    public func duplicate(of batch: RecordBatch) -> BatchMetadata? {
        let epoch = producerEpoch
        guard batch.producerEpoch == epoch else { return nil }
        let firstSequence = batch.baseSequence
        let lastSequence = batch.lastSequence
        var index = retainedBatches.count - 1
        while index >= 0 && retainedBatches[index].producerEpoch == epoch {
            if retainedBatches[index].firstSequence == firstSequence
                && retainedBatches[index].lastSequence == lastSequence
            {
                return retainedBatches[index]
            }
            index -= 1
        }
        return nil
    }

    private var newestBatch: BatchMetadata {
        guard let newest = retainedBatches.last else {
            preconditionFailure("producer \(producerID) has an entry without batches")
        }
        return newest
    }

    /// Remembers a batch appended after every retained one, forgetting the oldest beyond the limit.
    ///
    /// A full window moves its batches one place towards the front and takes the new one last,
    /// in place: appending and then `removeFirst()` went through the array's range replacement
    /// on every batch of every replica. The move is one `update(from:count:)` of plain values (a
    /// memory move), not a copy per batch.
    mutating func add(_ batch: BatchMetadata) {
        precondition(
            batch.firstOffset > lastOffset,
            "producer \(producerID): batch \(batch) does not follow the last one at \(lastOffset)")
        let count = retainedBatches.count
        guard count >= ProducerStateManager.batchesToRetain else {
            retainedBatches.append(batch)
            return
        }
        retainedBatches.withUnsafeMutableBufferPointer { batches in
            guard let base = batches.baseAddress else { return }
            base.update(from: base + 1, count: count - 1)
            base[count - 1] = batch
        }
    }

    /// This entry without the batches a log truncation to `offset` removes (those whose last
    /// offset is at or above it), or `nil` when none is left.
    func truncated(to offset: Offset) -> ProducerStateEntry? {
        var copy = self
        copy.retainedBatches.removeAll { $0.lastOffset >= offset }
        return copy.retainedBatches.isEmpty ? nil : copy
    }

    /// Checks the window's size, each batch, and that the batches follow one another in the log.
    public func checkInvariants() {
        precondition(
            (1...ProducerStateManager.batchesToRetain).contains(retainedBatches.count),
            "producer \(producerID) retains \(retainedBatches.count) batches")
        precondition(producerID >= 0, "producer state for the invalid producer id \(producerID)")
        for batch in retainedBatches { batch.checkInvariants() }
        for (older, newer) in zip(retainedBatches, retainedBatches.dropFirst()) {
            precondition(
                newer.firstOffset > older.lastOffset,
                "producer \(producerID): batch \(newer) does not follow \(older) in the log")
        }
    }
}
