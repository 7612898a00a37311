/// Appends big-endian integers, varints and byte runs to a growing byte array.
///
/// Reserve the expected size up front (`init(capacity:)`): appends then never reallocate.
public struct ByteWriter: Sendable {
    /// What has been written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes before it has to grow.
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// A writer that continues after `bytes`.
    public init(appendingTo bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// How many bytes have been written.
    public var count: Int { bytes.count }

    public mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    public mutating func writeInt8(_ value: Int8) {
        bytes.append(UInt8(bitPattern: value))
    }

    public mutating func writeInt16(_ value: Int16) {
        writeBigEndian(value)
    }

    public mutating func writeInt32(_ value: Int32) {
        writeBigEndian(value)
    }

    public mutating func writeUInt32(_ value: UInt32) {
        writeBigEndian(value)
    }

    public mutating func writeInt64(_ value: Int64) {
        writeBigEndian(value)
    }

    /// A zigzag varint (see `Varint`).
    public mutating func writeVarint(_ value: Int32) {
        Varint.appendUnsigned(UInt64(Varint.zigzag(value)), to: &bytes)
    }

    /// A zigzag varlong (see `Varint`).
    public mutating func writeVarlong(_ value: Int64) {
        Varint.appendUnsigned(Varint.zigzag(value), to: &bytes)
    }

    /// Raw bytes, copied in one go.
    public mutating func writeBytes(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
    }

    /// Raw bytes, copied in one go.
    public mutating func writeBytes(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
    }

    /// A string's UTF-8 bytes (no length prefix).
    public mutating func writeUTF8(_ value: String) {
        bytes.append(contentsOf: value.utf8)
    }

    /// Stores a record with no headers and attributes 0 at `target`, length prefix first: the
    /// bytes `Record.write` gives field by field. `sizes` are the record's
    /// `Record.sizesWithoutHeaders`; `target` must have room for `sizes.total` bytes.
    ///
    /// Why: a producer encodes every record as it is appended, and field by field that was
    /// eight single-byte array appends (each checking uniqueness and capacity) plus a separate
    /// size pass; here the sizes come from the caller's fit check and the bytes are stored
    /// through a pointer, straight into the batch's room (`RecordBatchBuilder`).
    static func storeRecordWithoutHeaders(
        sizes: (total: Int, body: Int), offsetDelta: Int32, timestampDelta: Int64, key: NullableBytes,
        value: NullableBytes, at base: UnsafeMutableRawPointer
    ) {
        let (total, bodySize) = sizes
        // The positions add up varint lengths (at most 10 bytes each) and the two fields' counts
        // (each within an Int32, as their sizes were checked), so they cannot overflow: added
        // without overflow checks, and checked against `total` once, at the end.
        var position = Varint.store(UInt64(Varint.zigzag(Int32(truncatingIfNeeded: bodySize))), at: base)
        base.storeBytes(of: 0, toByteOffset: position, as: UInt8.self)
        position &+= 1
        position &+= Varint.store(Varint.zigzag(timestampDelta), at: base + position)
        position &+= Varint.store(UInt64(Varint.zigzag(offsetDelta)), at: base + position)
        position &+= storeNullable(key, at: base + position)
        position &+= storeNullable(value, at: base + position)
        base.storeBytes(of: 0, toByteOffset: position, as: UInt8.self)
        position &+= 1
        precondition(position == total, "record encoded to \(position) bytes, expected \(total)")
    }

    /// Stores a nullable field at `target`; how many bytes it took. Inlined into
    /// `storeRecordWithoutHeaders`, which stores a key and a value per record.
    @inline(__always)
    private static func storeNullable(_ field: NullableBytes, at target: UnsafeMutableRawPointer) -> Int {
        guard field.count >= 0 else {
            target.storeBytes(of: 1, as: UInt8.self)  // zigzag(-1)
            return 1
        }
        let prefix = Varint.store(UInt64(Varint.zigzag(Int32(truncatingIfNeeded: field.count))), at: target)
        if let from = field.start { (target + prefix).copyMemory(from: from, byteCount: field.count) }
        return prefix &+ field.count
    }

    /// Overwrites the bytes at `offset` with `value`, big-endian: for length and CRC fields that
    /// are only known once what follows them has been written.
    public mutating func set<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        let size = MemoryLayout<T>.size
        precondition(
            offset >= 0 && offset + size <= bytes.count,
            "cannot set \(size) bytes at \(offset) in \(bytes.count) written bytes")
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self) }
    }

    /// Gives up the written bytes without copying them.
    public consuming func finish() -> [UInt8] {
        bytes
    }

    private mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
