/// One record of a fetched batch as plain values: its offset, timestamp and leader epoch, and
/// where its key and value lie in the fetch's bytes. What a consumer buffers per record: no
/// reference, so keeping and dropping one retains and releases nothing (40 bytes a record).
public struct RecordEntry: Hashable, Sendable {
    public var offset: Int64
    public var timestamp: Int64
    public var leaderEpoch: Int32
    /// The record's index in the table of headers its decoder kept, −1 when it has none.
    public var headers: Int32
    /// Where the key and value lie in the fetch's bytes; a count of −1 is null.
    public var keyStart: Int32
    public var keyCount: Int32
    public var valueStart: Int32
    public var valueCount: Int32

    public init(
        offset: Int64, timestamp: Int64, leaderEpoch: Int32, headers: Int32, keyStart: Int32, keyCount: Int32,
        valueStart: Int32, valueCount: Int32
    ) {
        self.offset = offset
        self.timestamp = timestamp
        self.leaderEpoch = leaderEpoch
        self.headers = headers
        self.keyStart = keyStart
        self.keyCount = keyCount
        self.valueStart = valueStart
        self.valueCount = valueCount
    }
}

extension RecordBatchView {
    /// Appends to `entries` the records of this uncompressed batch at or after offset `position`,
    /// checking every record as `forEachRecord` does (not the CRC); the headers of those that have
    /// any go to `headers`, which their entries index. `fetchStart` is where the batch begins in
    /// the fetch's bytes, which the entries' key and value positions count from.
    ///
    /// Throws `.unsupportedCompression` for a compressed batch before appending anything; on a
    /// broken record, the entries before it have been appended already.
    ///
    /// Why not `forEachRecord` with a closure: this is a consumer's whole per-record work, and as
    /// one loop here it makes no closure call and builds no `RecordView` per record (each field
    /// turned into a buffer and back into a position), which cost more than reading the record.
    public func appendEntries(
        from position: Offset, fetchStart: Int, into entries: inout [RecordEntry], headers: inout [[RecordHeader]]
    ) throws(RecordBatchError) {
        let codec = try RecordBatch.checkHeader(
            attributes: attributes, lastOffsetDelta: lastOffsetDelta, recordCount: recordCount)
        guard codec == .none else { throw .unsupportedCompression(codec) }
        precondition(fetchStart >= 0 && fetchStart <= Int(Int32.max) - buffer.count, "a batch outside its fetch")
        let baseOffset = self.baseOffset.rawValue
        let leaderEpoch = partitionLeaderEpoch.rawValue
        let logAppendTime = timestampType == .logAppendTime
        let baseTimestamp = self.baseTimestamp
        let maxTimestamp = self.maxTimestamp
        let buffer = self.buffer
        let declared = recordCount
        let lastOffsetDelta = self.lastOffsetDelta
        // No record takes fewer than 7 bytes, which bounds how many the batch holds: the entries
        // are gathered in that much room and go to `entries` in one append (appending each one
        // checked the array's uniqueness and capacity per record).
        let room = max(0, min(Int(declared), (buffer.count - RecordBatch.headerSize) / 7))
        let result = withUnsafeTemporaryAllocation(of: RecordEntry.self, capacity: room) { decoded in
            var count = 0
            defer { entries.append(contentsOf: UnsafeBufferPointer(rebasing: decoded[..<count])) }
            return Result { () throws(RecordBatchError) in
                try RecordBatch.walk(buffer, declared: declared, lastOffsetDelta: lastOffsetDelta) { layout, _, _ in
                    let offset = baseOffset + Int64(layout.offsetDelta)
                    guard offset >= position.rawValue else { return }
                    var headerIndex: Int32 = -1
                    if layout.headerCount != 0 {
                        headerIndex = Int32(headers.count)
                        headers.append(
                            RecordView.decodeCheckedHeaders(layout.headerCount, in: buffer, at: layout.headers))
                    }
                    let key = Self.span(layout.keyBytes, fetchStart)
                    let value = Self.span(layout.valueBytes, fetchStart)
                    precondition(count < room, "more records than bytes for them in a batch")
                    decoded.initializeElement(
                        at: count,
                        to: RecordEntry(
                            offset: offset,
                            timestamp: logAppendTime ? maxTimestamp : baseTimestamp + layout.timestampDelta,
                            leaderEpoch: leaderEpoch, headers: headerIndex, keyStart: key.start, keyCount: key.count,
                            valueStart: value.start, valueCount: value.count))
                    count += 1
                }
            }
        }
        try result.get()
    }

    /// Where the bytes of a field of the batch lie in the fetch, the batch starting at
    /// `fetchStart`: (0, −1) for null. Fits in `Int32`: `appendEntries` checked that the whole
    /// batch does.
    @inline(__always)
    private static func span(_ bytes: RecordLayout.Bytes, _ fetchStart: Int) -> (start: Int32, count: Int32) {
        (bytes.length < 0 ? 0 : Int32(truncatingIfNeeded: fetchStart &+ bytes.start), bytes.length)
    }
}
