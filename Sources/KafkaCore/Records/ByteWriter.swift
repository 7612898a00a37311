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
