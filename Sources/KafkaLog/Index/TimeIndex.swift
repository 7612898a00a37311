import KafkaCore

/// A segment's sparse time index (`.timeindex`): from a timestamp to the offset to start
/// searching at, for `ListOffsets` by time (`offsetsForTimes`) and time-based retention.
///
/// The file format is Kafka's: 12-byte entries, each a big-endian int64 timestamp (milliseconds)
/// and a big-endian int32 offset relative to the segment's base offset. An entry `(T, O)` says
/// the largest timestamp seen up to offset `O` is `T`, so every record with a timestamp greater
/// than `T` is after `O`. Entries are added at the same moments as offset-index entries, only
/// when the largest timestamp has grown, so timestamps strictly increase and offsets never
/// decrease.
///
/// `lookup(timestampMilliseconds:)` is Kafka's: the entry with the greatest timestamp ≤ the
/// target, or `(-1, baseOffset)` when every entry is later. `LogSegment.findOffsetByTimestamp`
/// then looks that offset up in the offset index and scans batches from there for the first batch
/// whose max timestamp is ≥ the target; that scan, not this index, gives the "first offset with a
/// timestamp ≥ target" answer of `offsetsForTimes`.
///
/// `isFull` keeps the last slot free, as Kafka does, for the entry a segment writes when it is
/// rolled or closed (`maybeAppend(…, skipFullCheck: true)`).
///
/// Write policy, preallocation and memory: as `OffsetIndex` (append-through by the segment, no
/// preallocation, up to `maxEntries` × 12 bytes in memory).
public struct TimeIndex: Hashable, Sendable {
    /// Bytes per entry in the file.
    public static let entrySize = 12
    /// Kafka's `RecordBatch.NO_TIMESTAMP`.
    public static let noTimestamp: Int64 = -1

    /// The segment's base offset; stored offsets are relative to it.
    public let baseOffset: Offset
    /// How many entries fit (`segment.index.bytes` / 12, or more when a larger file was loaded).
    public let maxEntries: Int

    private var timestamps: [Int64] = []
    private var relativeOffsets: [Int32] = []

    /// An empty index for the segment at `baseOffset`, sized by `segment.index.bytes`.
    public init(baseOffset: Offset, maxIndexBytes: Int) {
        precondition(baseOffset.rawValue >= 0, "segment base offset must not be negative, got \(baseOffset)")
        precondition(
            maxIndexBytes >= Self.entrySize,
            "segment.index.bytes must hold at least one \(Self.entrySize)-byte entry, got \(maxIndexBytes)")
        self.baseOffset = baseOffset
        self.maxEntries = maxIndexBytes / Self.entrySize
    }

    /// An index read back from the bytes of its file, validated: the size must be a whole number
    /// of entries, timestamps must strictly increase, offsets must not decrease or precede the
    /// base, and, when the caller knows it, offsets must stay below `endOffset`.
    public init(
        loading bytes: [UInt8], baseOffset: Offset, maxIndexBytes: Int, endOffset: Offset? = nil
    ) throws(IndexCorruption) {
        guard bytes.count % Self.entrySize == 0 else {
            throw .sizeNotMultipleOfEntrySize(sizeInBytes: bytes.count, entrySize: Self.entrySize)
        }
        let count = bytes.count / Self.entrySize
        self.init(baseOffset: baseOffset, maxIndexBytes: max(maxIndexBytes, bytes.count))
        timestamps.reserveCapacity(count)
        relativeOffsets.reserveCapacity(count)
        for slot in 0..<count {
            let timestamp = BigEndian.int64(bytes, at: slot * Self.entrySize)
            let relativeOffset = BigEndian.int32(bytes, at: slot * Self.entrySize + 8)
            guard relativeOffset >= 0 else { throw .offsetBeforeBase(slot: slot, relativeOffset: relativeOffset) }
            let offset = baseOffset.advanced(by: Int64(relativeOffset))
            if let previous = timestamps.last, timestamp <= previous {
                throw .timestampsNotIncreasing(slot: slot, previous: previous, timestamp: timestamp)
            }
            if let previous = relativeOffsets.last, relativeOffset < previous {
                throw .offsetsOutOfOrder(slot: slot, previous: baseOffset.advanced(by: Int64(previous)), offset: offset)
            }
            if let endOffset, offset >= endOffset {
                throw .offsetBeyondSegment(slot: slot, offset: offset, endOffset: endOffset)
            }
            timestamps.append(timestamp)
            relativeOffsets.append(relativeOffset)
        }
    }

    /// Entries in the index.
    public var count: Int { timestamps.count }
    public var isEmpty: Bool { timestamps.isEmpty }
    /// Whether only the slot reserved for the roll is left; the segment must roll.
    public var isFull: Bool { count >= maxEntries - 1 }
    /// Bytes the entries take in the file.
    public var sizeInBytes: Int { count * Self.entrySize }

    /// The last entry, or `(-1, baseOffset)` when the index is empty (as Kafka's `lastEntry`).
    public var lastEntry: TimestampOffset {
        isEmpty ? TimestampOffset(timestampMilliseconds: Self.noTimestamp, offset: baseOffset) : entry(at: count - 1)
    }

    /// The entry in `slot`.
    public func entry(at slot: Int) -> TimestampOffset {
        precondition(slot >= 0 && slot < count, "time index slot \(slot) out of 0..<\(count)")
        return TimestampOffset(
            timestampMilliseconds: timestamps[slot], offset: baseOffset.advanced(by: Int64(relativeOffsets[slot])))
    }

    /// Every entry, oldest first (for tests and diagnostics).
    public var entries: [TimestampOffset] { (0..<count).map(entry(at:)) }

    /// Whether `offset` can be stored relative to the base offset in an int32.
    public func canAppend(_ offset: Offset) -> Bool {
        let relative = offset.distance(from: baseOffset)
        return relative >= 0 && relative <= Int64(Int32.max)
    }

    /// Kafka's `maybeAppend`: adds `(timestamp, offset)` only when the timestamp is greater than
    /// the last entry's (so repeating the last entry on roll or close is harmless). Offsets and
    /// timestamps must not go backwards; the index must not be full unless `skipFullCheck` (the
    /// roll or close entry, which may take the reserved slot).
    public mutating func maybeAppend(
        timestampMilliseconds timestamp: Int64, offset: Offset, skipFullCheck: Bool = false
    ) {
        precondition(canAppend(offset), "offset \(offset) cannot be stored relative to base \(baseOffset)")
        let last = lastEntry
        if !isEmpty {
            precondition(offset >= last.offset, "time index offset \(offset) is before the last entry's \(last.offset)")
            precondition(
                timestamp >= last.timestampMilliseconds,
                "time index timestamp \(timestamp) is before the last entry's \(last.timestampMilliseconds)")
        }
        guard timestamp > last.timestampMilliseconds else { return }
        // Checked only for an entry that is really added, so repeating the final entry of a
        // full index on roll and again on close is harmless, as the summary promises.
        precondition(
            (skipFullCheck || !isFull) && count < maxEntries,
            "append to a full time index (\(count) of \(maxEntries) entries, base \(baseOffset))")
        timestamps.append(timestamp)
        relativeOffsets.append(Int32(offset.distance(from: baseOffset)))
    }

    /// The entry with the greatest timestamp ≤ `timestamp`, or `(-1, baseOffset)` when every entry
    /// is later or the index is empty (Kafka's `lookup`; see the type's summary for how
    /// `offsetsForTimes` continues from it).
    public func lookup(timestampMilliseconds timestamp: Int64) -> TimestampOffset {
        let after = OffsetIndex.partitionPoint(count) { timestamps[$0] > timestamp }
        guard after > 0 else { return TimestampOffset(timestampMilliseconds: Self.noTimestamp, offset: baseOffset) }
        return entry(at: after - 1)
    }

    /// Removes every entry whose offset is ≥ `offset`; truncating past the last entry does nothing.
    public mutating func truncate(to offset: Offset) {
        let relative = offset.distance(from: baseOffset)
        let keep = OffsetIndex.partitionPoint(count) { Int64(relativeOffsets[$0]) >= relative }
        timestamps.removeSubrange(keep...)
        relativeOffsets.removeSubrange(keep...)
    }

    /// Removes every entry.
    public mutating func removeAll() {
        timestamps.removeAll()
        relativeOffsets.removeAll()
    }

    /// The file bytes of the entries from `slot` on (all of them by default).
    public func serialized(fromSlot slot: Int = 0) -> [UInt8] {
        precondition(slot >= 0 && slot <= count, "serialize time index from slot \(slot) of \(count)")
        var bytes: [UInt8] = []
        bytes.reserveCapacity((count - slot) * Self.entrySize)
        for index in slot..<count {
            BigEndian.append(timestamps[index], to: &bytes)
            BigEndian.append(relativeOffsets[index], to: &bytes)
        }
        return bytes
    }

    /// Traps when the entries are out of order or too many.
    public func checkInvariants() {
        precondition(timestamps.count == relativeOffsets.count, "time index arrays differ in length")
        precondition(count <= maxEntries, "time index holds \(count) entries, more than \(maxEntries)")
        for slot in 1..<max(1, count) {
            precondition(
                timestamps[slot] > timestamps[slot - 1] && relativeOffsets[slot] >= relativeOffsets[slot - 1],
                "time index entries out of order: \(entry(at: slot - 1)), then \(entry(at: slot)) in slot \(slot)")
        }
    }
}

/// A timestamp and an offset (Kafka's `TimestampOffset`).
public struct TimestampOffset: Hashable, Sendable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch, as in record batches; -1 means none.
    public let timestampMilliseconds: Int64
    public let offset: Offset

    public init(timestampMilliseconds: Int64, offset: Offset) {
        self.timestampMilliseconds = timestampMilliseconds
        self.offset = offset
    }

    public var description: String { "\(timestampMilliseconds)ms→\(offset)" }
}
