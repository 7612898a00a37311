import KafkaCore

/// Why the bytes of an index file cannot be trusted. Kafka never checksums index files; a
/// corrupt one is deleted and rebuilt from the segment's log (`LogSegment.recover`), so the
/// caller's answer to any of these is the same: rebuild.
public enum IndexCorruption: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file is not a whole number of entries (a torn write, or not an index at all).
    case sizeNotMultipleOfEntrySize(sizeInBytes: Int, entrySize: Int)
    /// An entry's relative offset is negative, so its offset lies before the segment's base.
    case offsetBeforeBase(slot: Int, relativeOffset: Int32)
    /// Offsets must increase (strictly in the offset index, never decrease in the time index).
    case offsetsOutOfOrder(slot: Int, previous: Offset, offset: Offset)
    /// An entry names an offset at or past the end of the segment.
    case offsetBeyondSegment(slot: Int, offset: Offset, endOffset: Offset)
    /// An offset-index entry points before the start of the log file or backwards.
    case positionsOutOfOrder(slot: Int, previous: Int, position: Int)
    /// An offset-index entry points at or past the end of the log file.
    case positionBeyondLog(slot: Int, position: Int, logSizeInBytes: Int)
    /// Time-index timestamps must strictly increase.
    case timestampsNotIncreasing(slot: Int, previous: Int64, timestamp: Int64)

    public var description: String {
        switch self {
        case .sizeNotMultipleOfEntrySize(let sizeInBytes, let entrySize):
            "index holds \(sizeInBytes) bytes, which is not a multiple of its \(entrySize)-byte entries"
        case .offsetBeforeBase(let slot, let relativeOffset):
            "entry \(slot) has relative offset \(relativeOffset), before the segment's base offset"
        case .offsetsOutOfOrder(let slot, let previous, let offset):
            "entry \(slot) has offset \(offset) after offset \(previous)"
        case .offsetBeyondSegment(let slot, let offset, let endOffset):
            "entry \(slot) has offset \(offset), at or past the segment's end offset \(endOffset)"
        case .positionsOutOfOrder(let slot, let previous, let position):
            "entry \(slot) has position \(position) after position \(previous)"
        case .positionBeyondLog(let slot, let position, let logSizeInBytes):
            "entry \(slot) has position \(position), at or past the end of the \(logSizeInBytes)-byte log"
        case .timestampsNotIncreasing(let slot, let previous, let timestamp):
            "entry \(slot) has timestamp \(timestamp) after timestamp \(previous)"
        }
    }
}
