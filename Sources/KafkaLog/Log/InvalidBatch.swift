import KafkaCore

/// What a producer's batch may not be (Kafka's `LogValidator.validateBatch` and record checks).
public enum InvalidBatch: Hashable, Sendable, CustomStringConvertible {
    /// A client batch must arrive with `baseOffset` 0; the leader assigns offsets.
    case nonZeroBaseOffset(Offset)
    /// The record count must be positive and equal `lastOffsetDelta + 1`.
    case inconsistentRecordCount(recordCount: Int32, lastOffsetDelta: Int32)
    /// Clients may not write control batches (transaction markers).
    case controlBatchFromClient
    /// An idempotent batch (with a producer id) needs a non-negative base sequence.
    case invalidSequence(Int32)
    /// A record without a key on a compacted topic (record `recordIndex` of the batch).
    case missingKeyOnCompactedTopic(recordIndex: Int)
    /// `INVALID_TIMESTAMP`: a CreateTime timestamp outside `message.timestamp.before.max.ms` /
    /// `message.timestamp.after.max.ms` of the leader's clock.
    case timestampOutOfRange(timestamp: Int64, now: Int64)

    public var errorCode: KafkaError {
        switch self {
        case .timestampOutOfRange: .invalidTimestamp
        case .nonZeroBaseOffset, .inconsistentRecordCount, .controlBatchFromClient, .invalidSequence,
            .missingKeyOnCompactedTopic:
            .invalidRecord
        }
    }

    public var description: String {
        switch self {
        case .nonZeroBaseOffset(let offset): "a producer batch must have base offset 0, not \(offset)"
        case .inconsistentRecordCount(let count, let delta):
            "record count \(count) does not match last offset delta \(delta)"
        case .controlBatchFromClient: "clients may not write control batches"
        case .invalidSequence(let sequence): "idempotent batch has invalid base sequence \(sequence)"
        case .missingKeyOnCompactedTopic(let index): "record \(index) has no key, which a compacted topic needs"
        case .timestampOutOfRange(let timestamp, let now):
            "timestamp \(timestamp) is too far from the broker's time \(now) (message.timestamp.*.max.ms)"
        }
    }
}
