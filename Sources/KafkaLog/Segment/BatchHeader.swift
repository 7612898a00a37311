import KafkaCore

/// The header of one record batch, read in place from a buffer of segment bytes (Kafka's
/// `FileChannelRecordBatch`): what a segment needs to index, search, serve and recover batches
/// without copying them into `RecordBatch` values.
///
/// Byte positions follow `RecordBatch`'s layout table (61-byte header, big-endian).
struct BatchHeader: Hashable, Sendable {
    /// Bytes of the v2 header, the smallest batch there is.
    static let size = RecordBatch.headerSize
    /// Where the CRC-covered bytes start (the `attributes` field).
    static let checksummedFrom = 21

    /// Offset of the first record.
    let baseOffset: Offset
    /// The whole batch in bytes, log overhead included.
    let sizeInBytes: Int
    /// The epoch of the leader that appended the batch.
    let partitionLeaderEpoch: LeaderEpoch
    /// The CRC32C stored in the header.
    let crc: UInt32
    let attributes: RecordBatchAttributes
    let lastOffsetDelta: Int32
    let baseTimestamp: Int64
    /// The largest record timestamp (or the append time under LogAppendTime).
    let maxTimestamp: Int64
    let recordCount: Int32

    /// The offset of the last record.
    var lastOffset: Offset { Offset(baseOffset.rawValue &+ Int64(lastOffsetDelta)) }
    /// The offset after the batch.
    var nextOffset: Offset { Offset(lastOffset.rawValue &+ 1) }

    /// What `parse` found at a position.
    enum Parse {
        /// A framed header; the batch's bytes may still run past the buffer.
        case header(BatchHeader)
        /// Fewer than `needed` bytes are in the buffer, so nothing can be said yet.
        case needsBytes(Int)
        /// The bytes cannot start a v2 batch.
        case malformed(RecordBatchError)
    }

    /// Parses the header starting at `position` in `buffer`, checking the framing in Kafka's
    /// order: log overhead present, length at least the v2 header, magic 2.
    static func parse(_ buffer: UnsafeRawBufferPointer, at position: Int) -> Parse {
        let available = buffer.count - position
        guard available >= RecordBatch.logOverhead else { return .needsBytes(RecordBatch.logOverhead) }
        let batchLength = load(Int32.self, buffer, position + 8)
        guard batchLength >= Int32(size - RecordBatch.logOverhead) else {
            return .malformed(.corruptRecord(.lengthBelowMinimum(batchLength: batchLength)))
        }
        guard available >= size else { return .needsBytes(size) }
        let magic = Int8(bitPattern: buffer[position + 16])
        guard magic == RecordBatch.currentMagic else { return .malformed(.corruptRecord(.unsupportedMagic(magic))) }
        return .header(
            BatchHeader(
                baseOffset: Offset(load(Int64.self, buffer, position)),
                sizeInBytes: Int(batchLength) + RecordBatch.logOverhead,
                partitionLeaderEpoch: LeaderEpoch(load(Int32.self, buffer, position + 12)),
                crc: load(UInt32.self, buffer, position + 17),
                attributes: RecordBatchAttributes(rawValue: load(Int16.self, buffer, position + 21)),
                lastOffsetDelta: load(Int32.self, buffer, position + 23),
                baseTimestamp: load(Int64.self, buffer, position + 27),
                maxTimestamp: load(Int64.self, buffer, position + 35),
                recordCount: load(Int32.self, buffer, position + 57)))
    }

    /// The header-only checks `RecordBatch.validate()` makes after the CRC: a known codec and an
    /// offset span that can hold the declared records. `nil` when they pass.
    var headerDefect: RecordBatchError? {
        guard attributes.compression != nil else {
            return .invalidRecord(.unknownCompressionCodec(attributes.compressionID))
        }
        guard lastOffsetDelta >= 0, recordCount >= 0, Int64(recordCount) <= Int64(lastOffsetDelta) + 1 else {
            return .invalidRecord(.invalidOffsetRange(lastOffsetDelta: lastOffsetDelta, recordCount: recordCount))
        }
        return nil
    }

    /// The CRC32C of this batch's covered bytes, which start at `position` in `buffer` and must
    /// all be there.
    func computedChecksum(in buffer: UnsafeRawBufferPointer, at position: Int) -> UInt32 {
        precondition(
            position >= 0 && position + sizeInBytes <= buffer.count,
            "batch of \(sizeInBytes) bytes at \(position) outside a \(buffer.count)-byte buffer")
        return CRC32C.checksum(
            UnsafeRawBufferPointer(rebasing: buffer[(position + Self.checksummedFrom)..<(position + sizeInBytes)]))
    }

    /// A checksum mismatch as the error `validate()` reports, `nil` when the CRC matches.
    func checksumDefect(in buffer: UnsafeRawBufferPointer, at position: Int) -> RecordBatchError? {
        let computed = computedChecksum(in: buffer, at: position)
        return computed == crc ? nil : .corruptRecord(.checksumMismatch(stored: crc, computed: computed))
    }

    private static func load<T: FixedWidthInteger>(_: T.Type, _ buffer: UnsafeRawBufferPointer, _ offset: Int) -> T {
        T(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
