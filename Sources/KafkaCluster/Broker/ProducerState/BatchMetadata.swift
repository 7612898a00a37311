import KafkaCore

/// What a partition remembers of one idempotent batch it appended (Kafka's `BatchMetadata`):
/// enough to recognise a retried batch and to answer it with the offsets and timestamp it got
/// the first time.
///
/// Kafka keeps the last sequence and derives the first from an offset delta; this keeps both
/// ends of both ranges, which is the same information and survives sequence wrap-around.
public struct BatchMetadata: Hashable, Sendable, CustomStringConvertible {
    /// The epoch the producer wrote the batch in.
    public let producerEpoch: Int16
    /// The batch's `baseSequence`.
    public let firstSequence: Int32
    /// The batch's `lastSequence` (wrapped past `Int32.max` like the producer's).
    public let lastSequence: Int32
    /// The offset the log assigned to the batch's first record.
    public let firstOffset: Offset
    /// The offset of the batch's last record.
    public let lastOffset: Offset
    /// The batch's `maxTimestamp` as stored (the append time on LogAppendTime topics).
    public let timestamp: Int64

    /// The metadata of `batch` as the log holds it, with its final offsets.
    public init(_ batch: RecordBatch) {
        precondition(batch.hasProducerID, "batch at \(batch.baseOffset) has no producer id")
        producerEpoch = batch.producerEpoch
        firstSequence = batch.baseSequence
        lastSequence = batch.lastSequence
        firstOffset = batch.baseOffset
        lastOffset = batch.lastOffset
        timestamp = batch.maxTimestamp
    }

    /// The metadata `batch` will have in the log once stored at `firstOffset`, with `timestamp`
    /// as its `maxTimestamp` (the append time on LogAppendTime topics): what
    /// `init(_:)` gives for the stamped batch, without stamping a copy of its bytes.
    public init(_ batch: RecordBatch, firstOffset: Offset, timestamp: Int64) {
        precondition(batch.hasProducerID, "batch for \(firstOffset) has no producer id")
        producerEpoch = batch.producerEpoch
        firstSequence = batch.baseSequence
        lastSequence = batch.lastSequence
        self.firstOffset = firstOffset
        lastOffset = firstOffset.advanced(by: Int64(batch.lastOffsetDelta))
        self.timestamp = timestamp
    }

    public var description: String {
        "epoch \(producerEpoch) seq \(firstSequence)...\(lastSequence) at \(firstOffset)...\(lastOffset)"
    }

    /// Checks that the two ranges have the same length, as they do for every batch the log
    /// accepts (sequences and offsets both advance by `lastOffsetDelta`).
    public func checkInvariants() {
        let offsetDelta = lastOffset.distance(from: firstOffset)
        precondition(
            offsetDelta >= 0 && offsetDelta <= Int64(Int32.max),
            "batch metadata \(self): offset range runs backwards or is too long")
        precondition(
            firstSequence >= 0 && RecordBatch.incrementSequence(firstSequence, by: Int32(offsetDelta)) == lastSequence,
            "batch metadata \(self): sequence range does not match the offset range")
    }
}
