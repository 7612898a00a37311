import KafkaCore

/// Why a `PartitionLog` operation failed, as a value the broker branches on. Each case maps to
/// the Kafka error code a broker would answer with (`errorCode`).
///
/// Storage failures (`storage`, `offline`, `checkpoint`, `corruptSegment`) take the log offline,
/// as Kafka takes a failed log directory offline: every later operation throws `.offline` until
/// the log is reopened (the broker restarted) and recovery has truncated whatever the failure
/// left half-written. Data that was flushed before the failure is never touched.
public enum LogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `KAFKA_STORAGE_ERROR`: the storage failed during this operation; the log is now offline.
    case storage(StorageError)
    /// `KAFKA_STORAGE_ERROR`: an earlier storage failure took the log offline.
    case offline(StorageError)
    /// `KAFKA_STORAGE_ERROR`: the `leader-epoch-checkpoint` file could not be read.
    case checkpoint(CheckpointError)
    /// `KAFKA_STORAGE_ERROR`: bytes the log had accepted no longer frame as batches (changed
    /// outside the log); reopening recovers the segment.
    case corruptSegment(segmentBaseOffset: Offset, position: Int, RecordBatchError)
    /// The batch at `index` of an append failed validation (size, CRC, records): its own code.
    case recordBatch(index: Int, RecordBatchError)
    /// The batch at `index` of a leader append breaks a rule for what a producer may send.
    case invalidBatch(index: Int, InvalidBatch)
    /// `OFFSET_OUT_OF_RANGE`: a read below the log start offset or past the log end offset.
    case offsetOutOfRange(requested: Offset, logStartOffset: Offset, logEndOffset: Offset)
    /// `OFFSET_OUT_OF_RANGE`: the log start offset cannot move past the high watermark.
    case logStartOffsetBeyondHighWatermark(requested: Offset, highWatermark: Offset)
    /// Kafka's `UnexpectedAppendOffsetException` (no error code; the follower's fetcher
    /// truncates fully): a follower append starting below the log end offset.
    case unexpectedAppendOffset(firstOffset: Offset, lastOffset: Offset, logEndOffset: Offset)
    /// Kafka's `OffsetsOutOfOrderException` (no error code): a follower append whose batches'
    /// offsets do not increase.
    case offsetsOutOfOrder(index: Int, baseOffset: Offset, previousLastOffset: Offset)
    /// `RECORD_LIST_TOO_LARGE`: the append is larger than a whole segment (`segment.bytes`).
    case recordListTooLarge(sizeInBytes: Int, segmentBytes: Int)

    /// The Kafka error code for this failure.
    public var errorCode: KafkaError {
        switch self {
        case .storage, .offline, .checkpoint, .corruptSegment: .kafkaStorageError
        case .recordBatch(_, let error): error.errorCode
        case .invalidBatch(_, let reason): reason.errorCode
        case .offsetOutOfRange, .logStartOffsetBeyondHighWatermark: .offsetOutOfRange
        case .unexpectedAppendOffset, .offsetsOutOfOrder: .unknownServerError
        case .recordListTooLarge: .recordListTooLarge
        }
    }

    /// Whether the log went (or already was) offline because of this failure.
    public var isStorageFailure: Bool { errorCode == .kafkaStorageError }

    public var description: String {
        switch self {
        case .storage(let error): "storage failure, log is now offline: \(error)"
        case .offline(let error): "log is offline after an earlier storage failure (\(error)); reopen it to recover"
        case .checkpoint(let error): "cannot read the leader epoch checkpoint: \(error)"
        case .corruptSegment(let base, let position, let error):
            "segment \(SegmentFileName.prefix(for: base)) is corrupt at byte \(position): \(error)"
        case .recordBatch(let index, let error): "batch \(index): \(error)"
        case .invalidBatch(let index, let reason): "batch \(index): \(reason)"
        case .offsetOutOfRange(let requested, let start, let end):
            "offset \(requested) is outside the log [\(start), \(end)]"
        case .logStartOffsetBeyondHighWatermark(let requested, let highWatermark):
            "cannot move the log start offset to \(requested), past the high watermark \(highWatermark)"
        case .unexpectedAppendOffset(let first, let last, let end):
            "follower append of offsets \(first)...\(last) starts below the log end offset \(end)"
        case .offsetsOutOfOrder(let index, let base, let previous):
            "batch \(index) starts at offset \(base), not after the previous batch's last offset \(previous)"
        case .recordListTooLarge(let size, let segmentBytes):
            "append of \(size) bytes is larger than a whole segment (segment.bytes = \(segmentBytes))"
        }
    }
}
