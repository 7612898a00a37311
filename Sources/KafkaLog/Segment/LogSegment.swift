import KafkaCore

/// One segment of a partition log (Kafka's `LogSegment`): the `.log` file holding the record
/// batches from `baseOffset` on, and its sparse `.index` and `.timeindex`.
///
/// The log file is only ever appended to, truncated, or deleted. The indexes live in memory and
/// are written *append-through* to their files (see `OffsetIndex`): an entry is added before a
/// batch once more than `index.interval.bytes` were appended since the previous entry. Entries
/// are considered per batch (not per append call), so a lookup never scans past a whole
/// multi-batch follower append; recovery rebuilds exactly the same entries.
///
/// Memory: the indexes of every segment stay in memory (decided: at most about 20 bytes per
/// `index.interval.bytes` of log, 0.5 % with the default 4 KiB, ~5 MiB per GiB), the
/// write buffer only while the segment is active (`releaseWriteBuffer()` on roll), and no log
/// bytes at all. Index file handles are open only while the segment is active or unflushed.
/// A live segment created empty (or recovered from its first byte) also keeps a `BatchTable`
/// of its batches while it is active, 24 bytes a batch, so reads find batches without reading
/// headers back from the file.
///
/// Single-threaded and owned by its `PartitionLog`; the cleaner gets segments through it.
public final class LogSegment {
    /// The offset of the segment's first batch (or of the next append when empty); its file name.
    public let baseOffset: Offset
    let storage: any LogStorage
    let directory: StoragePath
    /// `nil` for a live segment, `.cleaned` / `.swap` while a cleaner's output is swapped in.
    private(set) var suffix: SegmentFileName.Suffix?
    let log: any LogFile
    var offsetIndex: OffsetIndex
    var timeIndex: TimeIndex
    /// The index files, open while the segment takes appends or holds unflushed index entries.
    private var indexFiles: (offsets: any LogFile, times: any LogFile)?
    /// Every batch of the segment while it is active, when the segment saw them all arrive (see
    /// `BatchTable`); `nil` otherwise, and reads walk the headers from the offset index.
    private var batchTable: BatchTable?

    /// Bytes of whole, accepted batches in the log file.
    public internal(set) var sizeInBytes: Int {
        @inline(__always) get { storedSizeInBytes }
        @inline(__always) set { storedSizeInBytes = newValue }
    }
    /// The offset after the last batch; `baseOffset` while empty.
    public internal(set) var nextOffset: Offset {
        @inline(__always) get { storedNextOffset }
        @inline(__always) set { storedNextOffset = newValue }
    }
    // The storage behind `sizeInBytes` and `nextOffset`: not visible outside the module, so the
    // optimizer can drop the dynamic exclusivity checks on the hot reads (log end offset, reads).
    private var storedSizeInBytes: Int
    private var storedNextOffset: Offset
    /// The largest batch `maxTimestamp` in the segment, -1 when none has a timestamp.
    public internal(set) var maxTimestampSoFar: Int64 = RecordBatch.noTimestamp
    /// The last offset of the batch that holds `maxTimestampSoFar`.
    var offsetOfMaxTimestampSoFar: Offset
    /// Log bytes appended since the last index entry.
    var bytesSinceLastIndexEntry = 0
    /// The first batch's `maxTimestamp`, which `segment.ms` counts from; loaded on demand.
    var rollingBasedTimestampCache: Int64?
    /// When the segment was created or loaded (Kafka's `created`, used when batches carry no
    /// timestamps).
    public let createdAt: Instant
    /// When the segment last took an append (stands in for the file's modification time).
    public internal(set) var lastModified: Instant

    /// Bytes per write buffer of index files.
    static let indexWriteBufferBytes = 64 << 10

    init(
        storage: any LogStorage, directory: StoragePath, baseOffset: Offset, suffix: SegmentFileName.Suffix?,
        log: any LogFile, maxIndexBytes: Int, now: Instant, tracksBatches: Bool = false
    ) {
        self.batchTable = tracksBatches ? BatchTable() : nil
        self.storage = storage
        self.directory = directory
        self.baseOffset = baseOffset
        self.suffix = suffix
        self.log = log
        self.offsetIndex = OffsetIndex(baseOffset: baseOffset, maxIndexBytes: maxIndexBytes)
        self.timeIndex = TimeIndex(baseOffset: baseOffset, maxIndexBytes: maxIndexBytes)
        self.storedSizeInBytes = 0
        self.storedNextOffset = baseOffset
        self.offsetOfMaxTimestampSoFar = baseOffset
        self.createdAt = now
        self.lastModified = now
    }

    /// A new, empty segment at `baseOffset`: creates (or empties) its three files.
    public static func create(
        storage: any LogStorage, directory: StoragePath, baseOffset: Offset, maxIndexBytes: Int, now: Instant,
        suffix: SegmentFileName.Suffix? = nil
    ) throws(StorageError) -> LogSegment {
        let log = try storage.openFile(path(directory, baseOffset, .log, suffix))
        if log.sizeInBytes > 0 { try log.truncate(to: 0) }
        // A cleaner's output never becomes active: it keeps no batch table.
        let segment = LogSegment(
            storage: storage, directory: directory, baseOffset: baseOffset, suffix: suffix, log: log,
            maxIndexBytes: maxIndexBytes, now: now, tracksBatches: suffix == nil)
        try segment.openIndexFiles(rewriting: true)
        return segment
    }

    /// The existing segment at `baseOffset` with its log file opened; its indexes are empty
    /// until `loadIndexes` or `recover` fills them.
    static func open(
        storage: any LogStorage, directory: StoragePath, baseOffset: Offset, maxIndexBytes: Int, now: Instant
    ) throws(StorageError) -> LogSegment {
        let log = try storage.openFile(
            path(directory, baseOffset, .log, nil), options: OpenOptions(createIfMissing: false))
        let segment = LogSegment(
            storage: storage, directory: directory, baseOffset: baseOffset, suffix: nil, log: log,
            maxIndexBytes: maxIndexBytes, now: now)
        segment.sizeInBytes = log.sizeInBytes
        return segment
    }

    /// The path of one of this segment's files.
    func path(_ kind: SegmentFileName.Kind) -> StoragePath {
        Self.path(directory, baseOffset, kind, suffix)
    }

    static func path(
        _ directory: StoragePath, _ baseOffset: Offset, _ kind: SegmentFileName.Kind, _ suffix: SegmentFileName.Suffix?
    ) -> StoragePath {
        directory.appending(SegmentFileName(baseOffset: baseOffset, kind: kind, suffix: suffix).fileName)
    }

    public var isEmpty: Bool { sizeInBytes == 0 }

    /// The largest record timestamp, or the last append time when no batch has a timestamp
    /// (Kafka's `largestTimestamp`, which falls back to the file's modification time).
    public var largestTimestamp: Int64 {
        maxTimestampSoFar >= 0 ? maxTimestampSoFar : lastModified.milliseconds
    }

    // MARK: - Appending

    /// Appends one batch whose offsets are final. When `stamp` is given, the batch is written with
    /// that base offset and partition leader epoch in its header (both outside the CRC): its 16
    /// first bytes patched on the way (`LogFile.append(_:overwritingPrefixWith:)`), so a file
    /// copies the batch once (or the simulated storage keeps one stamped copy, shared from then
    /// on by every follower and reader).
    func append(
        _ batch: RecordBatch, stamp: (baseOffset: Offset, epoch: LeaderEpoch)?, indexIntervalBytes: Int, now: Instant
    ) throws(StorageError) {
        let baseOffset = stamp?.baseOffset ?? batch.baseOffset
        let lastOffset = Offset(baseOffset.rawValue &+ Int64(batch.lastOffsetDelta))
        precondition(
            baseOffset >= nextOffset && offsetIndex.canAppend(lastOffset),
            "append of offsets \(baseOffset)...\(lastOffset) to segment \(self.baseOffset) ending at \(nextOffset)")
        if let stamp, stamp.baseOffset != batch.baseOffset || stamp.epoch != batch.partitionLeaderEpoch {
            try appendStamped(batch, baseOffset: stamp.baseOffset, epoch: stamp.epoch)
        } else {
            // The requirement itself, not `LogFile.append(_:)`: one call less per append.
            try log.append(batch.bytes, overwritingPrefixWith: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        try noteAppended(
            position: sizeInBytes, sizeInBytes: batch.sizeInBytes, baseOffset: baseOffset, lastOffset: lastOffset,
            maxTimestamp: batch.maxTimestamp, indexIntervalBytes: indexIntervalBytes)
        lastModified = now
    }

    private func appendStamped(_ batch: RecordBatch, baseOffset: Offset, epoch: LeaderEpoch) throws(StorageError) {
        let failure: StorageError? = withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { prefix in
            batch.bytes.withUnsafeBytes { prefix.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<16])) }
            prefix.storeBytes(of: baseOffset.rawValue.bigEndian, toByteOffset: 0, as: Int64.self)
            prefix.storeBytes(of: epoch.rawValue.bigEndian, toByteOffset: 12, as: Int32.self)
            return Result { () throws(StorageError) in
                try log.append(batch.bytes, overwritingPrefixWith: UnsafeRawBufferPointer(prefix))
            }.failure
        }
        if let failure { throw failure }
    }

    /// Updates sizes, timestamps and (every `indexIntervalBytes`) the indexes for a batch now in
    /// the log file at `position`. Shared by appends and recovery so both build the same indexes.
    func noteAppended(
        position: Int, sizeInBytes size: Int, baseOffset: Offset, lastOffset: Offset, maxTimestamp: Int64,
        indexIntervalBytes: Int
    ) throws(StorageError) {
        if position == 0 { rollingBasedTimestampCache = maxTimestamp }
        batchTable?.append(baseOffset: baseOffset, lastOffset: lastOffset, position: position, sizeInBytes: size)
        sizeInBytes = position + size
        nextOffset = lastOffset.advanced(by: 1)
        if maxTimestamp > maxTimestampSoFar {
            maxTimestampSoFar = maxTimestamp
            offsetOfMaxTimestampSoFar = lastOffset
        }
        if bytesSinceLastIndexEntry > indexIntervalBytes {
            try addIndexEntry(lastOffset: lastOffset, position: position)
            bytesSinceLastIndexEntry = 0
        }
        bytesSinceLastIndexEntry += size
    }

    /// Adds `(lastOffset, position)` to the offset index and the running maximum to the time
    /// index, skipping a full index (the next append rolls), and writes the new entries.
    private func addIndexEntry(lastOffset: Offset, position: Int) throws(StorageError) {
        if !offsetIndex.isFull {
            offsetIndex.append(offset: lastOffset, position: position)
            if let file = indexFiles?.offsets {
                let entry = offsetIndex.entry(at: offsetIndex.count - 1)
                try Self.appendEntry(
                    UInt32(bitPattern: Int32(entry.offset.distance(from: baseOffset))),
                    UInt32(bitPattern: Int32(entry.position)), to: file)
            }
        }
        if !timeIndex.isFull && maxTimestampSoFar >= 0 {
            try appendTimeIndexEntry(skipFullCheck: false)
        }
    }

    private func appendTimeIndexEntry(skipFullCheck: Bool) throws(StorageError) {
        let before = timeIndex.count
        timeIndex.maybeAppend(
            timestampMilliseconds: maxTimestampSoFar, offset: offsetOfMaxTimestampSoFar, skipFullCheck: skipFullCheck)
        if timeIndex.count > before, let file = indexFiles?.times {
            let entry = timeIndex.entry(at: before)
            try Self.appendEntry(
                UInt64(bitPattern: entry.timestampMilliseconds),
                UInt32(bitPattern: Int32(entry.offset.distance(from: baseOffset))), to: file)
        }
    }

    /// Appends one index entry, its fields big-endian one after the other, from the stack
    /// (`serialized(fromSlot:)` gives the same bytes in an array of their own, an allocation per
    /// entry on the append path).
    private static func appendEntry<First: FixedWidthInteger>(
        _ first: First, _ second: UInt32, to file: any LogFile
    ) throws(StorageError) {
        let size = MemoryLayout<First>.size + 4
        let failure: StorageError? = withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) { buffer in
            buffer.storeBytes(of: first.bigEndian, toByteOffset: 0, as: First.self)
            buffer.storeBytes(of: second.bigEndian, toByteOffset: MemoryLayout<First>.size, as: UInt32.self)
            return Result { () throws(StorageError) in try file.append(UnsafeRawBufferPointer(buffer)) }.failure
        }
        if let failure { throw failure }
    }

    /// The first batch's `maxTimestamp` (Kafka's `rollingBasedTimestamp`), read from the file
    /// the first time it is needed; `nil` when the segment is empty. Inlined: every append asks
    /// (the roll check), and the answer is almost always the cached one.
    @inline(__always)
    func rollingBasedTimestamp() throws(StorageError) -> Int64? {
        if isEmpty { return nil }
        if let rollingBasedTimestampCache { return rollingBasedTimestampCache }
        return try readRollingBasedTimestamp()
    }

    /// `rollingBasedTimestamp()` read from the first batch's header, and cached.
    private func readRollingBasedTimestamp() throws(StorageError) -> Int64? {
        let cursor = BatchCursor(file: log, from: 0, end: sizeInBytes, mode: .headers, chunkBytes: BatchHeader.size)
        guard case .batch(let header, _) = try cursor.next() else { return nil }
        rollingBasedTimestampCache = header.maxTimestamp
        return header.maxTimestamp
    }

    // MARK: - Batch table

    /// Whether the segment keeps a `BatchTable` (for tests).
    var hasBatchTable: Bool { batchTable != nil }

    /// Stops keeping the batch table (a segment that is not the active one).
    func dropBatchTable() {
        batchTable = nil
    }

    /// Recovery rebuilds the segment from its first byte, so it can rebuild the table too.
    func resetBatchTable() {
        batchTable = BatchTable()
    }

    /// Drops the table's batches at or after byte `position`, where a batch starts.
    func truncateBatchTable(toPosition position: Int) {
        batchTable?.truncate(toPosition: position)
    }

    /// The first batch whose last offset is ≥ `offset` (Kafka's `translateOffset`), from the
    /// batch table when the segment has one, else by `translate`; `nil` when no batch reaches it.
    func locate(_ offset: Offset) throws(LogError) -> BatchLocation? {
        if let table = batchTable {
            return table.firstIndex(reaching: offset).map { table.location(at: $0) }
        }
        guard let (header, position) = try translate(offset) else { return nil }
        return BatchLocation(
            baseOffset: header.baseOffset, lastOffset: header.lastOffset, position: position,
            sizeInBytes: header.sizeInBytes)
    }

    /// With a batch table: the first batch reaching `offset` and the last whole batch after it
    /// that ends by byte `limit(first)`, or `.none` when no batch reaches `offset`;
    /// `.unavailable` without a table.
    func locateRun(from offset: Offset, endingBy limit: (BatchLocation) -> Int) -> BatchRun {
        guard let table = batchTable else { return .unavailable }
        guard let first = table.firstIndex(reaching: offset) else { return .none }
        let firstLocation = table.location(at: first)
        guard let last = table.lastIndex(from: first, endingBy: limit(firstLocation)) else {
            return .found(first: firstLocation, last: nil, count: 0)
        }
        return .found(first: firstLocation, last: table.location(at: last), count: last - first + 1)
    }

    /// What `locateRun` found.
    enum BatchRun {
        case unavailable
        case none
        case found(first: BatchLocation, last: BatchLocation?, count: Int)
    }

    // MARK: - Lifecycle

    /// The segment stops taking appends (Kafka's `onBecomeInactiveSegment`): the time index gets
    /// its final entry (the largest timestamp, which may take the reserved slot) and the log
    /// file's write buffer is written and freed.
    func onBecomeInactive() throws(StorageError) {
        batchTable = nil
        if maxTimestampSoFar >= 0 { try appendTimeIndexEntry(skipFullCheck: true) }
        try log.releaseWriteBuffer()
    }

    /// Makes the log and index files durable.
    func flush() throws(StorageError) {
        try log.flush()
        try indexFiles?.offsets.flush()
        try indexFiles?.times.flush()
    }

    /// Opens the index files for appends. With `rewriting`, their content is replaced by the
    /// in-memory entries (after recovery rebuilt them, or for a new segment); otherwise they are
    /// cut to the in-memory entries, which are a prefix of what the files hold.
    func openIndexFiles(rewriting: Bool) throws(StorageError) {
        if indexFiles == nil {
            let options = OpenOptions(writeBufferBytes: Self.indexWriteBufferBytes)
            indexFiles = (
                try storage.openFile(path(.offsetIndex), options: options),
                try storage.openFile(path(.timeIndex), options: options)
            )
        }
        guard let files = indexFiles else { return }
        try Self.reset(files.offsets, to: offsetIndex.serialized(), rewriting: rewriting)
        try Self.reset(files.times, to: timeIndex.serialized(), rewriting: rewriting)
    }

    private static func reset(_ file: any LogFile, to entries: [UInt8], rewriting: Bool) throws(StorageError) {
        if !rewriting && file.sizeInBytes >= entries.count {
            if file.sizeInBytes > entries.count { try file.truncate(to: entries.count) }
            return
        }
        if file.sizeInBytes > 0 { try file.truncate(to: 0) }
        try file.append(entries)
    }

    /// Closes the index files (after the segment was flushed and stopped taking appends).
    func closeIndexFiles() throws(StorageError) {
        guard let files = indexFiles else { return }
        indexFiles = nil
        try files.offsets.close()
        try files.times.close()
    }

    /// Whether the index files are open.
    var hasOpenIndexFiles: Bool { indexFiles != nil }

    /// Closes every file without flushing (Kafka's `LogSegment.close`, after the final time
    /// index entry).
    func close() throws(StorageError) {
        if maxTimestampSoFar >= 0 && indexFiles != nil { try appendTimeIndexEntry(skipFullCheck: true) }
        try closeIndexFiles()
        try log.close()
    }

    /// Closes the files and deletes them, the log file first so a crash in between leaves index
    /// files without a log, which the next open removes.
    func delete() throws(StorageError) {
        try closeIndexFiles()
        try log.close()
        for kind in [SegmentFileName.Kind.log, .offsetIndex, .timeIndex] {
            do {
                try storage.deleteFile(path(kind))
            } catch .notFound {
                continue
            }
        }
    }

    /// Renames the three files to carry `newSuffix` (the cleaner's `.cleaned` → `.swap` → live
    /// steps). Handles follow their files across renames.
    func rename(to newSuffix: SegmentFileName.Suffix?) throws(StorageError) {
        for kind in [SegmentFileName.Kind.offsetIndex, .timeIndex, .log] {
            let target = Self.path(directory, baseOffset, kind, newSuffix)
            do {
                try storage.rename(path(kind), to: target)
            } catch .notFound where kind != .log {
                continue
            }
        }
        suffix = newSuffix
    }

    /// What the console shows.
    func summary(isActive: Bool) -> SegmentSummary {
        SegmentSummary(
            baseOffset: baseOffset, nextOffset: nextOffset, sizeInBytes: sizeInBytes,
            largestTimestamp: largestTimestamp, offsetIndexEntries: offsetIndex.count,
            timeIndexEntries: timeIndex.count, isActive: isActive)
    }

    /// Traps when the segment's in-memory state is inconsistent.
    func checkInvariants() {
        offsetIndex.checkInvariants()
        timeIndex.checkInvariants()
        precondition(
            nextOffset >= baseOffset && (sizeInBytes > 0 || nextOffset == baseOffset),
            "segment \(baseOffset): next offset \(nextOffset) with \(sizeInBytes) bytes")
        precondition(
            log.sizeInBytes >= sizeInBytes, "segment \(baseOffset): file of \(log.sizeInBytes) < \(sizeInBytes)")
        if let batchTable {
            precondition(
                batchTable.endPosition == sizeInBytes
                    && (batchTable.spans.last.map { $0.lastOffset.advanced(by: 1) == nextOffset } ?? true),
                "segment \(baseOffset): batch table ends at byte \(batchTable.endPosition), "
                    + "offset \(String(describing: batchTable.spans.last?.lastOffset)); segment at \(sizeInBytes), \(nextOffset)"
            )
        }
        if !offsetIndex.isEmpty {
            let last = offsetIndex.entry(at: offsetIndex.count - 1)
            precondition(
                last.offset < nextOffset && last.position < sizeInBytes,
                "segment \(baseOffset): index entry \(last) beyond next offset \(nextOffset) / size \(sizeInBytes)")
        }
        if !timeIndex.isEmpty {
            let last = timeIndex.lastEntry
            precondition(
                last.offset < nextOffset && last.timestampMilliseconds <= maxTimestampSoFar,
                "segment \(baseOffset): time index entry \(last) beyond \(nextOffset) / max \(maxTimestampSoFar)")
        }
    }
}

@available(*, unavailable)
extension LogSegment: Sendable {}
