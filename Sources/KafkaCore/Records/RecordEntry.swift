/// One record of a fetched batch as plain values: its offset, and where it and its batch begin in
/// the fetch's bytes. What a consumer buffers per record: no reference, so keeping and dropping
/// one retains and releases nothing (16 bytes a record).
///
/// Why not the record's fields: a consumer's application reads the offset of every record it
/// polls and the rest seldom, and decoding the timestamp, key, value and headers of every record
/// up front cost more than reading the record. `fields(in:)` reads them from the bytes when asked,
/// from a record its batch's walk already checked.
public struct RecordEntry: Hashable, Sendable {
    public var offset: Int64
    /// Where the record (its length) begins in the fetch's bytes.
    public var recordStart: Int32
    /// Where the record's batch begins in the fetch's bytes.
    public var batchStart: Int32

    public init(offset: Int64, recordStart: Int32, batchStart: Int32) {
        self.offset = offset
        self.recordStart = recordStart
        self.batchStart = batchStart
    }

    /// What a consumer's record holds besides its offset, as `fields(in:)` reads it.
    public struct Fields: Hashable, Sendable {
        /// The record's timestamp (its batch's max timestamp under log-append time).
        public var timestamp: Int64
        public var leaderEpoch: LeaderEpoch
        public var headers: [RecordHeader]
        /// Where the key and value lie in the fetch's bytes; `nil` is null.
        public var key: Range<Int>?
        public var value: Range<Int>?
    }

    /// The leader epoch of the record's batch, read from `fetched` (the fetch's bytes).
    public func leaderEpoch(in fetched: UnsafeRawBufferPointer) -> LeaderEpoch {
        batch(in: fetched).partitionLeaderEpoch
    }

    /// The record's timestamp, leader epoch, headers and where its key and value lie, read from
    /// `fetched` (the bytes the entry was decoded from), as `appendEntries` checked them.
    public func fields(in fetched: UnsafeRawBufferPointer) -> Fields {
        let batch = batch(in: fetched)
        let start = Int(recordStart) - Int(batchStart)
        let layout: RecordLayout
        if let base = batch.buffer.baseAddress,
            let common = RecordLayout.readCommon(base, count: batch.buffer.count, at: start)
        {
            layout = common
        } else {
            do {
                layout = try RecordLayout.readChecked(in: batch.buffer, at: start)
            } catch {
                preconditionFailure("a record its batch's walk checked fails to decode: \(error)")
            }
        }
        let batchStart = Int(self.batchStart)
        return Fields(
            timestamp: batch.timestampType == .logAppendTime
                ? batch.maxTimestamp : batch.baseTimestamp &+ layout.timestampDelta,
            leaderEpoch: batch.partitionLeaderEpoch,
            headers: RecordView.decodeCheckedHeaders(layout.headerCount, in: batch.buffer, at: layout.headers),
            key: layout.key.map { ($0.lowerBound + batchStart)..<($0.upperBound + batchStart) },
            value: layout.value.map { ($0.lowerBound + batchStart)..<($0.upperBound + batchStart) })
    }

    /// The record's batch in `fetched`, framed as when it was decoded.
    private func batch(in fetched: UnsafeRawBufferPointer) -> RecordBatchView {
        let start = Int(batchStart)
        guard start >= 0, let size = RecordBatch.framedSize(in: fetched, at: start),
            (RecordBatch.headerSize..<size).contains(Int(recordStart) - start)
        else {
            preconditionFailure("an entry whose batch is not at \(start) of its fetch")
        }
        return RecordBatchView(buffer: UnsafeRawBufferPointer(rebasing: fetched[start..<(start + size)]))
    }
}

extension RecordBatchView {
    /// How many entries this batch's records can take at most: its declared record count, bounded
    /// by its bytes (no record takes fewer than 7), so room for a lying count is never reserved.
    public var entryRoom: Int {
        max(0, min(Int(recordCount), (buffer.count - RecordBatch.headerSize) / 7))
    }

    /// Appends to `entries` the records of this uncompressed batch at or after offset `position`,
    /// as `writeEntries` does, through a temporary buffer of `entryRoom` entries.
    ///
    /// Throws `.unsupportedCompression` for a compressed batch before appending anything; on a
    /// broken record, the entries before it have been appended already.
    public func appendEntries(
        from position: Offset, fetchStart: Int, into entries: inout [RecordEntry]
    ) throws(RecordBatchError) {
        let result = withUnsafeTemporaryAllocation(of: RecordEntry.self, capacity: entryRoom) { decoded in
            var count = 0
            defer { entries.append(contentsOf: UnsafeBufferPointer(rebasing: decoded[..<count])) }
            return Result { () throws(RecordBatchError) in
                try writeEntries(from: position, fetchStart: fetchStart, into: decoded, count: &count)
            }
        }
        try result.get()
    }

    /// Writes into `entries`, from index `count` on, the records of this uncompressed batch at or
    /// after offset `position`, checking every record as `forEachRecord` does (not the CRC), and
    /// moves `count` past them. `entries` must have `entryRoom` places from `count` on.
    /// `fetchStart` is where the batch begins in the fetch's bytes, which the entries' positions
    /// count from.
    ///
    /// Throws `.unsupportedCompression` for a compressed batch before writing anything; on a
    /// broken record, `count` has moved past the entries before it.
    ///
    /// Why not `forEachRecord` with a closure: this is a consumer's whole per-record work, and as
    /// one loop here it makes no closure call and builds no `RecordView` per record (each field
    /// turned into a buffer and back into a position), which cost more than reading the record.
    /// Why in place: a consumer writes the entries straight into its current chunk (no copy and
    /// no array append per batch).
    public func writeEntries(
        from position: Offset, fetchStart: Int, into entries: UnsafeMutableBufferPointer<RecordEntry>,
        count: inout Int
    ) throws(RecordBatchError) {
        let codec = try RecordBatch.checkHeader(
            attributes: attributes, lastOffsetDelta: lastOffsetDelta, recordCount: recordCount)
        guard codec == .none else { throw .unsupportedCompression(codec) }
        precondition(fetchStart >= 0 && fetchStart <= Int(Int32.max) - buffer.count, "a batch outside its fetch")
        let baseOffset = self.baseOffset.rawValue
        let buffer = self.buffer
        let declared = recordCount
        let lastOffsetDelta = self.lastOffsetDelta
        let batchStart = Int32(truncatingIfNeeded: fetchStart)
        let end = count + entryRoom
        precondition(count >= 0 && end <= entries.count, "no room for a batch's entries")
        var written = count
        defer { count = written }
        try RecordBatch.walk(buffer, declared: declared, lastOffsetDelta: lastOffsetDelta) { layout, start, _ in
            let offset = baseOffset + Int64(layout.offsetDelta)
            guard offset >= position.rawValue else { return }
            precondition(written < end, "more records than bytes for them in a batch")
            // Fits in `Int32`: the whole batch does.
            entries.initializeElement(
                at: written,
                to: RecordEntry(
                    offset: offset, recordStart: Int32(truncatingIfNeeded: fetchStart &+ start),
                    batchStart: batchStart))
            written += 1
        }
    }
}
