/// A record batch read in place inside a larger buffer (a fetch response's records), without
/// copying its bytes: what a consumer decodes records from.
///
/// A view borrows the buffer, so it is only valid inside the closure that lends it
/// (`RecordBatch.forEachBatch(in:_:)`); never store one. Its framing (whole header, length,
/// magic 2) is checked before it is lent; `validate()` checks the rest, as
/// `RecordBatch.validate()` does.
public struct RecordBatchView {
    typealias Field = RecordBatch.Field

    /// The whole batch, log overhead included.
    public let buffer: UnsafeRawBufferPointer

    /// The batch's size in bytes, log overhead included.
    public var sizeInBytes: Int { buffer.count }
    public var baseOffset: Offset { Offset(load(Int64.self, at: Field.baseOffset)) }
    public var partitionLeaderEpoch: LeaderEpoch { LeaderEpoch(load(Int32.self, at: Field.partitionLeaderEpoch)) }
    public var crc: UInt32 { load(UInt32.self, at: Field.crc) }
    public var attributes: RecordBatchAttributes {
        RecordBatchAttributes(rawValue: load(Int16.self, at: Field.attributes))
    }
    public var compression: CompressionCodec? { attributes.compression }
    public var timestampType: TimestampType { attributes.timestampType }
    public var isControl: Bool { attributes.isControl }
    public var lastOffsetDelta: Int32 { load(Int32.self, at: Field.lastOffsetDelta) }
    /// The offset after this batch.
    public var nextOffset: Offset { Offset(baseOffset.rawValue &+ Int64(lastOffsetDelta) &+ 1) }
    public var baseTimestamp: Int64 { load(Int64.self, at: Field.baseTimestamp) }
    public var maxTimestamp: Int64 { load(Int64.self, at: Field.maxTimestamp) }
    public var recordCount: Int32 { load(Int32.self, at: Field.recordCount) }

    /// The CRC32C of the bytes the CRC covers (attributes to the end).
    public var computedChecksum: UInt32 {
        CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[Field.attributes...]))
    }

    /// Whether the stored CRC32C matches the bytes it covers.
    public var isChecksumValid: Bool { crc == computedChecksum }

    /// What `RecordBatch.validate()` checks (CRC, header, and for uncompressed batches every
    /// record), without the size limit.
    public func validate() throws(RecordBatchError) {
        let stored = crc
        let computed = computedChecksum
        guard stored == computed else { throw .corruptRecord(.checksumMismatch(stored: stored, computed: computed)) }
        let codec = try RecordBatch.checkHeader(
            attributes: attributes, lastOffsetDelta: lastOffsetDelta, recordCount: recordCount)
        guard codec == .none else { return }
        try RecordBatch.walk(buffer, declared: recordCount, lastOffsetDelta: lastOffsetDelta) { _, _, _ in }
    }

    /// Lends each record of an uncompressed batch to `body`, in order, checking each as
    /// `RecordBatch.records()` does (not the CRC). Throws `.unsupportedCompression` for a
    /// compressed batch; on a broken record, the records before it have been lent already.
    public func forEachRecord(_ body: (RecordView) -> Void) throws(RecordBatchError) {
        let codec = try RecordBatch.checkHeader(
            attributes: attributes, lastOffsetDelta: lastOffsetDelta, recordCount: recordCount)
        guard codec == .none else { throw .unsupportedCompression(codec) }
        let buffer = self.buffer
        try RecordBatch.walk(buffer, declared: recordCount, lastOffsetDelta: lastOffsetDelta) {
            layout, _, _ throws(RecordBatchError) in
            body(RecordView(layout: layout, in: buffer))
        }
    }

    private func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

/// One record of a `RecordBatchView`, its key and value still in the batch's bytes: copy what
/// you keep. Valid only inside the closure that lends it.
///
/// Plain positions only (no array), so lending one costs no reference counting: the headers
/// are decoded when asked for, from bytes `forEachRecord` already checked.
public struct RecordView {
    public let offsetDelta: Int32
    public let timestampDelta: Int64
    /// `nil` is a null key.
    public let key: UnsafeRawBufferPointer?
    /// `nil` is a null value (a tombstone).
    public let value: UnsafeRawBufferPointer?
    /// How many headers the record has: `headers` answers an empty array inline when none.
    @usableFromInline let headerCount: Int32
    /// The batch and where the record's headers lie in it, for `headers` (not the whole layout:
    /// a view is built for every record a consumer reads).
    private let batch: UnsafeRawBufferPointer
    private let headerBytes: Range<Int>

    init(layout: RecordLayout, in batch: UnsafeRawBufferPointer) {
        offsetDelta = layout.offsetDelta
        timestampDelta = layout.timestampDelta
        key = layout.key.map { UnsafeRawBufferPointer(rebasing: batch[$0]) }
        value = layout.value.map { UnsafeRawBufferPointer(rebasing: batch[$0]) }
        headerCount = layout.headerCount
        self.batch = batch
        headerBytes = layout.headers
    }

    /// The record's headers, decoded (keys and values copied out of the batch). Inlinable so
    /// that a consumer asking every record for its (usually no) headers makes no call.
    @inlinable public var headers: [RecordHeader] { headerCount == 0 ? [] : decodedHeaders() }

    @usableFromInline func decodedHeaders() -> [RecordHeader] {
        Self.decodeCheckedHeaders(headerCount, in: batch, at: headerBytes)
    }

    /// The headers of a record that the walk over its batch already checked, which therefore
    /// decode.
    static func decodeCheckedHeaders(
        _ headerCount: Int32, in batch: UnsafeRawBufferPointer, at headerBytes: Range<Int>
    ) -> [RecordHeader] {
        do {
            return try RecordLayout.decodeHeaders(headerCount, in: batch, at: headerBytes)
        } catch {
            preconditionFailure("headers of a record its batch's walk checked fail to decode: \(error)")
        }
    }
}

extension RecordBatch {
    /// Lends each whole batch at the front of `bytes` to `body`, in order and in place, until
    /// `body` returns `false` or no whole batch is left. Framing is checked as
    /// `RecordBatchScanner` checks it (a truncated or broken batch ends the walk, as the partial
    /// last batch of a fetch response does); the CRC and records are left to the view's
    /// `validate()`. Returns the bytes of the batches lent.
    @discardableResult
    public static func forEachBatch(in bytes: [UInt8], _ body: (RecordBatchView) -> Bool) -> Int {
        bytes.withUnsafeBytes { buffer in
            var start = 0
            while let size = framedSize(in: buffer, at: start) {
                let view = RecordBatchView(buffer: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + size)]))
                guard body(view) else { break }
                start += size
            }
            return start
        }
    }

    /// The size of the whole, well-framed batch at `start` (log overhead present, length at
    /// least the v2 header, magic 2, all bytes present), `nil` when there is none.
    static func framedSize(in buffer: UnsafeRawBufferPointer, at start: Int) -> Int? {
        let available = buffer.count - start
        guard available >= headerSize else { return nil }
        let batchLength = Int32(
            bigEndian: buffer.loadUnaligned(fromByteOffset: start + Field.batchLength, as: Int32.self))
        guard batchLength >= Int32(headerSize - logOverhead) else { return nil }
        guard Int8(bitPattern: buffer[start + Field.magic]) == currentMagic else { return nil }
        let size = Int(batchLength) + logOverhead
        return size <= available ? size : nil
    }
}
