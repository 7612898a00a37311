import KafkaCore

/// A segment's sparse offset index (`.index`): which byte of the `.log` file a batch starts at.
///
/// The file format is Kafka's: 8-byte entries, each a big-endian int32 offset relative to the
/// segment's base offset and a big-endian int32 byte position in the log file. An entry records
/// the *last* offset of a batch and the position where that batch *starts*; `LogSegment` adds one
/// each time more than `index.interval.bytes` of log were appended since the previous one.
/// `lookup` finds the greatest indexed offset ≤ a target, and the reader scans forward from there.
///
/// Write policy (for `LogSegment`): the entries live in memory, in two contiguous arrays, and
/// this type does no I/O. The segment writes them *append-through*: after each `append` it
/// appends `serialized(fromSlot: count - 1)` to the index file's `LogFile`, whose write buffer
/// coalesces those 8-byte writes, and it flushes that file whenever it flushes the segment.
/// After `truncate(to:)` it truncates the file to `sizeInBytes`. Appending as Kafka's mmap does
/// keeps the file as current as the page cache would (a process kill loses nothing), while a
/// power loss can leave a short or torn index, which is harmless: Kafka never trusts the index of
/// a segment past the recovery point and rebuilds it, and `init(loading:…)` rejects torn bytes.
///
/// No preallocation: Kafka preallocates index files to `segment.index.bytes` and trims them on
/// roll; here the file is always exactly `count` entries long, so "trim on roll" is a no-op and a
/// file size that is not a multiple of 8 always means a torn write. `maxEntries` still comes from
/// `segment.index.bytes`, and `isFull` forces a roll as in Kafka.
///
/// Memory: up to `maxEntries` × 8 bytes (1.25 MiB per segment with the default 10 MiB). Keep
/// indexes of inactive segments loadable on demand (Kafka's `LazyIndex`) so memory does not grow
/// with log size.
public struct OffsetIndex: Hashable, Sendable {
    /// Bytes per entry in the file.
    public static let entrySize = 8

    /// The segment's base offset; stored offsets are relative to it.
    public let baseOffset: Offset
    /// How many entries fit (`segment.index.bytes` / 8, or more when a larger file was loaded).
    public let maxEntries: Int

    private var relativeOffsets: [Int32] = []
    private var positions: [Int32] = []

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
    /// of entries, offsets must strictly increase from the base, positions must not decrease, and,
    /// when the caller knows them, offsets must stay below `endOffset` (the next segment's base or
    /// the log end offset) and positions below `logSizeInBytes`. A file with more entries than
    /// `maxIndexBytes` allows loads anyway (`segment.index.bytes` may have shrunk) and is full.
    public init(
        loading bytes: [UInt8], baseOffset: Offset, maxIndexBytes: Int, logSizeInBytes: Int? = nil,
        endOffset: Offset? = nil
    ) throws(IndexCorruption) {
        guard bytes.count % Self.entrySize == 0 else {
            throw .sizeNotMultipleOfEntrySize(sizeInBytes: bytes.count, entrySize: Self.entrySize)
        }
        let count = bytes.count / Self.entrySize
        self.init(baseOffset: baseOffset, maxIndexBytes: max(maxIndexBytes, bytes.count))
        relativeOffsets.reserveCapacity(count)
        positions.reserveCapacity(count)
        for slot in 0..<count {
            let relativeOffset = BigEndian.int32(bytes, at: slot * Self.entrySize)
            let position = BigEndian.int32(bytes, at: slot * Self.entrySize + 4)
            guard relativeOffset >= 0 else { throw .offsetBeforeBase(slot: slot, relativeOffset: relativeOffset) }
            let offset = baseOffset.advanced(by: Int64(relativeOffset))
            if let previous = relativeOffsets.last, relativeOffset <= previous {
                throw .offsetsOutOfOrder(slot: slot, previous: baseOffset.advanced(by: Int64(previous)), offset: offset)
            }
            if position < (positions.last ?? 0) {
                throw .positionsOutOfOrder(slot: slot, previous: Int(positions.last ?? 0), position: Int(position))
            }
            if let endOffset, offset >= endOffset {
                throw .offsetBeyondSegment(slot: slot, offset: offset, endOffset: endOffset)
            }
            if let logSizeInBytes, Int(position) >= logSizeInBytes {
                throw .positionBeyondLog(slot: slot, position: Int(position), logSizeInBytes: logSizeInBytes)
            }
            relativeOffsets.append(relativeOffset)
            positions.append(position)
        }
    }

    /// Entries in the index.
    public var count: Int { relativeOffsets.count }
    public var isEmpty: Bool { relativeOffsets.isEmpty }
    /// Whether no entry fits any more; the segment must roll (`LogSegment.shouldRoll`).
    public var isFull: Bool { count >= maxEntries }
    /// Bytes the entries take in the file.
    public var sizeInBytes: Int { count * Self.entrySize }

    /// The last indexed offset, or the base offset when the index is empty (as Kafka's `lastOffset`).
    public var lastOffset: Offset {
        relativeOffsets.last.map { baseOffset.advanced(by: Int64($0)) } ?? baseOffset
    }

    /// The entry in `slot`.
    public func entry(at slot: Int) -> OffsetPosition {
        precondition(slot >= 0 && slot < count, "offset index slot \(slot) out of 0..<\(count)")
        return OffsetPosition(
            offset: baseOffset.advanced(by: Int64(relativeOffsets[slot])), position: Int(positions[slot]))
    }

    /// Every entry, oldest first (for tests and diagnostics; lookups never need it).
    public var entries: [OffsetPosition] { (0..<count).map(entry(at:)) }

    /// Whether `offset` can be stored relative to the base offset in an int32; when it cannot,
    /// the segment must roll (`canConvertToRelativeOffset`).
    public func canAppend(_ offset: Offset) -> Bool {
        let relative = offset.distance(from: baseOffset)
        return relative >= 0 && relative <= Int64(Int32.max)
    }

    /// Adds an entry. Offsets must strictly increase and positions must not decrease; the index
    /// must not be full.
    public mutating func append(offset: Offset, position: Int) {
        precondition(
            !isFull, "append \(offset)@\(position) to a full offset index (\(count) entries, base \(baseOffset))")
        precondition(canAppend(offset), "offset \(offset) cannot be stored relative to base \(baseOffset)")
        precondition(
            isEmpty || offset > lastOffset,
            "offset index entry \(offset) is not after the last indexed offset \(lastOffset)")
        precondition(
            position >= Int(positions.last ?? 0) && position <= Int(Int32.max),
            "offset index position \(position) is before \(positions.last ?? 0) or beyond Int32")
        relativeOffsets.append(Int32(offset.distance(from: baseOffset)))
        positions.append(Int32(position))
    }

    /// The entry with the greatest offset ≤ `target`, or `(baseOffset, 0)` when there is none
    /// (the target precedes every entry, or the index is empty), as Kafka's `lookup`.
    public func lookup(_ target: Offset) -> OffsetPosition {
        guard let slot = largestSlot(atMost: target) else { return OffsetPosition(offset: baseOffset, position: 0) }
        return entry(at: slot)
    }

    /// An entry that is certainly past a fetch of `fetchSizeBytes` from `startPosition`: the first
    /// entry whose position is ≥ `startPosition + fetchSizeBytes`, or `nil` when there is none
    /// (Kafka's `fetchUpperBoundOffset`).
    public func fetchUpperBoundOffset(startPosition: Int, fetchSizeBytes: Int) -> OffsetPosition? {
        let target = startPosition + fetchSizeBytes
        let slot = Self.partitionPoint(count) { Int(positions[$0]) >= target }
        return slot < count ? entry(at: slot) : nil
    }

    /// Removes every entry whose offset is ≥ `offset`; truncating past the last entry does nothing.
    public mutating func truncate(to offset: Offset) {
        let relative = offset.distance(from: baseOffset)
        let keep = Self.partitionPoint(count) { Int64(relativeOffsets[$0]) >= relative }
        relativeOffsets.removeSubrange(keep...)
        positions.removeSubrange(keep...)
    }

    /// Removes every entry (`LogSegment.recover` starts from an empty index).
    public mutating func removeAll() {
        relativeOffsets.removeAll()
        positions.removeAll()
    }

    /// The file bytes of the entries from `slot` on (all of them by default).
    public func serialized(fromSlot slot: Int = 0) -> [UInt8] {
        precondition(slot >= 0 && slot <= count, "serialize offset index from slot \(slot) of \(count)")
        var bytes: [UInt8] = []
        bytes.reserveCapacity((count - slot) * Self.entrySize)
        for index in slot..<count {
            BigEndian.append(relativeOffsets[index], to: &bytes)
            BigEndian.append(positions[index], to: &bytes)
        }
        return bytes
    }

    /// Traps when the entries are out of order or too many.
    public func checkInvariants() {
        precondition(relativeOffsets.count == positions.count, "offset index arrays differ in length")
        precondition(count <= maxEntries, "offset index holds \(count) entries, more than \(maxEntries)")
        for slot in 1..<max(1, count) {
            precondition(
                relativeOffsets[slot] > relativeOffsets[slot - 1] && positions[slot] >= positions[slot - 1],
                "offset index entries out of order: \(entry(at: slot - 1)), then \(entry(at: slot)) in slot \(slot)")
        }
    }

    private func largestSlot(atMost target: Offset) -> Int? {
        let relative = target.distance(from: baseOffset)
        let after = Self.partitionPoint(count) { Int64(relativeOffsets[$0]) > relative }
        return after == 0 ? nil : after - 1
    }

    /// The first index in `0..<count` for which `isAfter` holds, given that it holds for a suffix.
    /// The binary search of the log's indexes and tables, and of the brokers' producer state.
    public static func partitionPoint(_ count: Int, _ isAfter: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            if isAfter(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// An offset and the byte position of the batch that holds it (Kafka's `OffsetPosition`).
public struct OffsetPosition: Hashable, Sendable, CustomStringConvertible {
    public let offset: Offset
    public let position: Int

    public init(offset: Offset, position: Int) {
        self.offset = offset
        self.position = position
    }

    public var description: String { "\(offset)@\(position)" }
}
