import KafkaCore

/// What opening a log found and did (Kafka's `LogLoader` log lines), for the console's event
/// timeline: "recovered orders-0: truncated 417 bytes (a torn batch) at offset 4812".
public struct RecoveryReport: Hashable, Sendable, CustomStringConvertible {
    /// The partition the report is about.
    public var topicPartition: TopicPartition
    /// Whether the clean-shutdown marker was found, so recovery was skipped.
    public var hadCleanShutdown = false
    /// Segments in the log after opening.
    public var segmentCount = 0
    /// Segments that were scanned batch by batch (CRC, offsets), oldest first.
    public var recoveredSegments: [SegmentRecovery] = []
    /// Where recovery cut the log, `nil` when every scanned byte was a valid batch.
    public var truncation: RecoveryTruncation?
    /// Segments deleted because they followed the truncation point.
    public var deletedSegments: [Offset] = []
    /// Segments whose index files were missing or corrupt and were rebuilt from the log.
    public var rebuiltIndexes: [Offset] = []
    /// `.swap` segments (an interrupted cleaner swap) that were completed.
    public var completedSwaps: [Offset] = []
    /// Leftover files removed (`.cleaned`, `.deleted`, `.tmp`, index files without a log).
    public var removedFiles: [String] = []
    /// Leader epoch entries dropped because they started at or past the recovered end.
    public var removedEpochEntries: [EpochEntry] = []
    /// The log's offsets after opening.
    public var logStartOffset = Offset(0)
    public var logEndOffset = Offset(0)
    public var recoveryPoint = Offset(0)

    public init(topicPartition: TopicPartition) {
        self.topicPartition = topicPartition
    }

    /// Bytes scanned by recovery.
    public var scannedBytes: Int { recoveredSegments.reduce(0) { $0 + $1.validBytes + $1.truncatedBytes } }

    public var description: String {
        var parts = ["opened \(topicPartition) at offsets [\(logStartOffset), \(logEndOffset))"]
        if hadCleanShutdown {
            parts.append("after a clean shutdown")
        } else {
            parts.append("recovered \(recoveredSegments.count) segments (\(scannedBytes) bytes scanned)")
        }
        if let truncation { parts.append(truncation.description) }
        if !deletedSegments.isEmpty { parts.append("deleted \(deletedSegments.count) later segments") }
        if !rebuiltIndexes.isEmpty { parts.append("rebuilt the indexes of \(rebuiltIndexes.count) segments") }
        if !completedSwaps.isEmpty { parts.append("completed \(completedSwaps.count) segment swaps") }
        return parts.joined(separator: ", ")
    }
}

/// One segment scanned by recovery.
public struct SegmentRecovery: Hashable, Sendable {
    public var baseOffset: Offset
    /// Valid batches and the bytes they take.
    public var validBatches: Int
    public var validBytes: Int
    /// Bytes cut off the end of the segment file.
    public var truncatedBytes: Int
}

/// Where and why recovery truncated the log.
public struct RecoveryTruncation: Hashable, Sendable, CustomStringConvertible {
    /// The segment that was cut.
    public var segmentBaseOffset: Offset
    /// The offset the log now ends at: the first offset lost.
    public var offset: Offset
    /// The byte position in the segment file where it was cut.
    public var position: Int
    /// Bytes removed from that segment (later segments are deleted whole).
    public var truncatedBytes: Int
    /// Why the bytes at `position` were not a valid batch.
    public var defect: RecoveryDefect

    public var description: String {
        "truncated \(truncatedBytes) bytes (\(defect)) at offset \(offset)"
    }
}

/// Why recovery stopped at a byte (`LogSegment.recover`).
public enum RecoveryDefect: Hashable, Sendable, CustomStringConvertible {
    /// The bytes are not an intact batch: torn, garbage, CRC mismatch.
    case invalidBatch(RecordBatchError)
    /// The batch's offsets do not follow the previous batch's (or precede the segment's base).
    case offsetOutOfOrder(baseOffset: Offset, expectedAtLeast: Offset)
    /// The batch's last offset cannot be stored relative to the segment's base offset.
    case offsetOverflow(lastOffset: Offset)
    /// An unflushed segment ends before the next segment starts: a power loss kept the next
    /// segment's bytes but not all of this one's, so the later segments go rather than leave a
    /// hole. (Segments roll at the log end offset, so a follower's gap never falls between two
    /// segments, unless it spans more than 2³¹ offsets.)
    case segmentEndsEarly(nextOffset: Offset, nextSegmentBaseOffset: Offset)

    public var description: String {
        switch self {
        case .invalidBatch(.corruptRecord(.truncated)): "a torn batch"
        case .invalidBatch(let error): "\(error)"
        case .offsetOutOfOrder(let base, let expected): "batch at offset \(base) where \(expected) or later was due"
        case .offsetOverflow(let last): "offset \(last) does not fit the segment"
        case .segmentEndsEarly(let next, let nextBase):
            "the segment ends at offset \(next) but the next one starts at \(nextBase)"
        }
    }
}
