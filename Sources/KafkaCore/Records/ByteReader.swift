/// Reads big-endian integers, varints and byte runs from a buffer, front to back, and never past
/// its end: every read checks the remaining length first and throws instead.
///
/// The reader borrows the buffer, so it is only valid inside the `withUnsafeBytes` call that
/// produced it; never store one.
public struct ByteReader {
    /// Why a read failed.
    public enum Error: Swift.Error, Hashable, Sendable {
        /// A read at `position` needed `needed` bytes, and fewer were left.
        case truncated(position: Int, needed: Int)
        /// The varint at `position` is longer than its type allows.
        case malformedVarint(position: Int)
    }

    /// The bytes being read.
    public let buffer: UnsafeRawBufferPointer
    /// The index of the next byte to read.
    public private(set) var position: Int

    /// A reader over `buffer`, starting at `position`.
    public init(_ buffer: UnsafeRawBufferPointer, position: Int = 0) {
        precondition(
            position >= 0 && position <= buffer.count,
            "reader position \(position) outside a buffer of \(buffer.count) bytes")
        self.buffer = buffer
        self.position = position
    }

    /// How many bytes are left to read.
    public var remaining: Int { buffer.count - position }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { position == buffer.count }

    public mutating func readUInt8() throws(Error) -> UInt8 {
        try require(1)
        defer { position += 1 }
        return buffer[position]
    }

    public mutating func readInt8() throws(Error) -> Int8 {
        Int8(bitPattern: try readUInt8())
    }

    public mutating func readInt16() throws(Error) -> Int16 {
        try readBigEndian(Int16.self)
    }

    public mutating func readInt32() throws(Error) -> Int32 {
        try readBigEndian(Int32.self)
    }

    public mutating func readUInt32() throws(Error) -> UInt32 {
        try readBigEndian(UInt32.self)
    }

    public mutating func readInt64() throws(Error) -> Int64 {
        try readBigEndian(Int64.self)
    }

    /// A zigzag varint (see `Varint`).
    public mutating func readVarint() throws(Error) -> Int32 {
        let raw = try Varint.readUnsigned(buffer, at: &position, maxBytes: Varint.maxVarintBytes)
        return Varint.unzigzag(UInt32(truncatingIfNeeded: raw))
    }

    /// A zigzag varlong (see `Varint`).
    public mutating func readVarlong() throws(Error) -> Int64 {
        let raw = try Varint.readUnsigned(buffer, at: &position, maxBytes: Varint.maxVarlongBytes)
        return Varint.unzigzag(raw)
    }

    /// The next `count` bytes as a copy.
    public mutating func readBytes(_ count: Int) throws(Error) -> [UInt8] {
        let range = try skip(count)
        return [UInt8](UnsafeRawBufferPointer(rebasing: buffer[range]))
    }

    /// Moves past the next `count` bytes without copying them and returns where they were.
    @discardableResult
    public mutating func skip(_ count: Int) throws(Error) -> Range<Int> {
        precondition(count >= 0, "cannot skip a negative byte count \(count)")
        try require(count)
        defer { position += count }
        return position..<(position + count)
    }

    private func require(_ count: Int) throws(Error) {
        guard count <= remaining else { throw .truncated(position: position, needed: count) }
    }

    private mutating func readBigEndian<T: FixedWidthInteger>(_: T.Type) throws(Error) -> T {
        let size = MemoryLayout<T>.size
        try require(size)
        defer { position += size }
        return T(bigEndian: buffer.loadUnaligned(fromByteOffset: position, as: T.self))
    }
}
