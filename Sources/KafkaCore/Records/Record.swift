/// One record inside a record batch v2 (Kafka's `DefaultRecord`).
///
/// A record only knows its position and time relative to its batch: its offset is the batch's
/// `baseOffset + offsetDelta`, and its timestamp the batch's `baseTimestamp + timestampDelta`
/// (see `RecordBatch.offset(of:)` and `timestamp(of:)`).
///
/// On the wire (all integers zigzag varints):
/// `length` · `attributes` int8 · `timestampDelta` varlong · `offsetDelta` varint ·
/// `keyLength` (-1 = null) · key · `valueLength` (-1 = null) · value · `headerCount` · headers.
public struct Record: Hashable, Sendable {
    /// Offset of this record minus the batch's base offset.
    public var offsetDelta: Int32
    /// Timestamp of this record minus the batch's base timestamp, in milliseconds.
    public var timestampDelta: Int64
    /// `nil` is a null key (the partitioner then spreads records; compacted topics refuse it).
    public var key: [UInt8]?
    /// `nil` is a null value: a **tombstone**, which tells compaction to delete the key.
    public var value: [UInt8]?
    public var headers: [RecordHeader]
    /// The record's own attributes byte. Kafka writes 0 and ignores it on read; it is kept so
    /// that re-encoding a decoded record gives the same bytes.
    public var attributes: Int8

    public init(
        offsetDelta: Int32, timestampDelta: Int64 = 0, key: [UInt8]?, value: [UInt8]?,
        headers: [RecordHeader] = [], attributes: Int8 = 0
    ) {
        self.offsetDelta = offsetDelta
        self.timestampDelta = timestampDelta
        self.key = key
        self.value = value
        self.headers = headers
        self.attributes = attributes
    }

    /// Whether this record deletes its key under compaction (its value is null).
    public var isTombstone: Bool { value == nil }

    /// The bytes this record takes in a batch, its length prefix included
    /// (Kafka's `DefaultRecord.sizeInBytes`).
    public var encodedSize: Int {
        Self.encodedSize(
            offsetDelta: offsetDelta, timestampDelta: timestampDelta, keyCount: key?.count,
            valueCount: value?.count, headers: headers)
    }

    /// Appends the record, length prefix first.
    func write(to writer: inout ByteWriter) {
        let bodySize = Self.bodySize(
            offsetDelta: offsetDelta, timestampDelta: timestampDelta, keyCount: key?.count,
            valueCount: value?.count, headers: headers)
        Self.write(
            bodySize: bodySize, attributes: attributes, offsetDelta: offsetDelta, timestampDelta: timestampDelta,
            key: key, value: value, headers: headers, to: &writer)
    }

    // MARK: - Encoding without building a Record first

    /// `encodedSize` of a record with these fields, without building it. Inlinable: a producer
    /// sizes every record it is sent this way, and inlined the record without headers is a few
    /// additions (a call cost more than the sizing).
    @inlinable
    public static func encodedSize(
        offsetDelta: Int32, timestampDelta: Int64, keyCount: Int?, valueCount: Int?, headers: [RecordHeader]
    ) -> Int {
        if headers.isEmpty {
            return sizesWithoutHeaders(
                offsetDelta: offsetDelta, timestampDelta: timestampDelta, keyCount: keyCount, valueCount: valueCount
            ).total
        }
        let body = bodySize(
            offsetDelta: offsetDelta, timestampDelta: timestampDelta, keyCount: keyCount, valueCount: valueCount,
            headers: headers)
        return Varint.sizeOfVarint(length(body, of: "record")) + body
    }

    /// Bytes after the length prefix (Kafka's `DefaultRecord.sizeOfBodyInBytes`).
    @usableFromInline
    static func bodySize(
        offsetDelta: Int32, timestampDelta: Int64, keyCount: Int?, valueCount: Int?, headers: [RecordHeader]
    ) -> Int {
        var size = 1  // attributes
        size += Varint.sizeOfVarlong(timestampDelta)
        size += Varint.sizeOfVarint(offsetDelta)
        size += nullableSize(keyCount, of: "key")
        size += nullableSize(valueCount, of: "value")
        size += Varint.sizeOfVarint(length(headers.count, of: "header count"))
        for header in headers { size += header.encodedSize }
        return size
    }

    static func write(
        bodySize: Int, attributes: Int8, offsetDelta: Int32, timestampDelta: Int64, key: [UInt8]?, value: [UInt8]?,
        headers: [RecordHeader], to writer: inout ByteWriter
    ) {
        writer.writeVarint(length(bodySize, of: "record"))
        writer.writeInt8(attributes)
        writer.writeVarlong(timestampDelta)
        writer.writeVarint(offsetDelta)
        writeNullable(key, to: &writer)
        writeNullable(value, to: &writer)
        writer.writeVarint(length(headers.count, of: "header count"))
        for header in headers {
            writer.writeVarint(length(header.key.utf8.count, of: "header key"))
            writer.writeUTF8(header.key)
            writeNullable(header.value, to: &writer)
        }
    }

    /// The encoded size of a record without headers (length prefix included) and of its body:
    /// `encodedSize` and `bodySize` in one pass, without walking a headers array.
    @inlinable @inline(__always)
    static func sizesWithoutHeaders(
        offsetDelta: Int32, timestampDelta: Int64, keyCount: Int?, valueCount: Int?
    ) -> (total: Int, body: Int) {
        // attributes, timestamp delta, offset delta, key, value, header count (0: one byte)
        let body =
            1 + Varint.sizeOfVarlong(timestampDelta) + Varint.sizeOfVarint(offsetDelta)
            + nullableSize(keyCount, of: "key") + nullableSize(valueCount, of: "value") + 1
        return (Varint.sizeOfVarint(length(body, of: "record")) + body, body)
    }

    private static func writeNullable(_ bytes: [UInt8]?, to writer: inout ByteWriter) {
        guard let bytes else {
            writer.writeVarint(-1)
            return
        }
        writer.writeVarint(length(bytes.count, of: "field"))
        writer.writeBytes(bytes)
    }

    @inlinable @inline(__always)
    static func nullableSize(_ count: Int?, of what: String) -> Int {
        guard let count else { return 1 }  // varint -1
        return Varint.sizeOfVarint(length(count, of: what)) + count
    }

    /// A byte count as the Int32 the format stores; a record over 2 GiB is a caller's bug
    /// (batches are far smaller than that long before).
    @inlinable @inline(__always)
    static func length(_ count: Int, of what: String) -> Int32 {
        precondition(count >= 0 && count <= Int(Int32.max), "\(what) length \(count) does not fit a record batch")
        return Int32(count)
    }
}
