/// Reads Kafka protocol primitives from a frame, front to back, and never past its end.
///
/// Every read checks the bytes remaining first and throws `WireError` instead of trapping. Every
/// length and count is checked against the bytes remaining *before* anything is allocated, so a
/// hostile prefix (`7fffffff`) costs nothing: an array of `n` elements needs at least `n` bytes.
public struct WireReader: Sendable {
    /// The frame being read.
    public let bytes: [UInt8]
    /// The index of the next byte to read.
    public private(set) var position: Int

    /// A reader over `bytes`, from the first byte.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
    }

    /// How many bytes are left to read.
    public var remaining: Int { bytes.count - position }

    /// Throws `trailingBytes` unless every byte has been read.
    public func expectEnd() throws(WireError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }

    // MARK: - Fixed-width integers

    public mutating func readInt8() throws(WireError) -> Int8 {
        Int8(truncatingIfNeeded: try readBigEndian(byteCount: 1))
    }

    public mutating func readInt16() throws(WireError) -> Int16 {
        Int16(truncatingIfNeeded: try readBigEndian(byteCount: 2))
    }

    public mutating func readInt32() throws(WireError) -> Int32 {
        Int32(truncatingIfNeeded: try readBigEndian(byteCount: 4))
    }

    public mutating func readUInt32() throws(WireError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readBigEndian(byteCount: 4))
    }

    public mutating func readInt64() throws(WireError) -> Int64 {
        Int64(bitPattern: try readBigEndian(byteCount: 8))
    }

    /// A BOOLEAN: one byte, any non-zero value is true (as Kafka reads it).
    public mutating func readBool() throws(WireError) -> Bool {
        try readInt8() != 0
    }

    // MARK: - Length-prefixed (non-flexible)

    /// A STRING: int16 length, then UTF-8. A negative length is invalid.
    public mutating func readString() throws(WireError) -> String {
        let length = Int(try readInt16())
        guard length >= 0 else { throw .invalidLength(length) }
        return try readUTF8(length)
    }

    /// A NULLABLE_STRING: int16 length (-1 = null), then UTF-8.
    public mutating func readNullableString() throws(WireError) -> String? {
        let length = Int(try readInt16())
        if length == -1 { return nil }
        guard length >= 0 else { throw .invalidLength(length) }
        return try readUTF8(length)
    }

    /// BYTES: int32 length, then the bytes. A negative length is invalid.
    public mutating func readBytes() throws(WireError) -> [UInt8] {
        let length = Int(try readInt32())
        guard length >= 0 else { throw .invalidLength(length) }
        return try readRaw(length)
    }

    /// NULLABLE_BYTES and RECORDS: int32 length (-1 = null), then the bytes.
    public mutating func readNullableBytes() throws(WireError) -> [UInt8]? {
        let length = Int(try readInt32())
        if length == -1 { return nil }
        guard length >= 0 else { throw .invalidLength(length) }
        return try readRaw(length)
    }

    /// An ARRAY: int32 count, then `count` elements read by `element`. A negative count is invalid.
    public mutating func readArray<Element>(
        _ element: (inout WireReader) throws(WireError) -> Element
    ) throws(WireError) -> [Element] {
        let count = Int(try readInt32())
        guard count >= 0 else { throw .invalidLength(count) }
        return try readElements(count, element)
    }

    /// A nullable ARRAY: int32 count (-1 = null), then `count` elements read by `element`.
    public mutating func readNullableArray<Element>(
        _ element: (inout WireReader) throws(WireError) -> Element
    ) throws(WireError) -> [Element]? {
        let count = Int(try readInt32())
        if count == -1 { return nil }
        guard count >= 0 else { throw .invalidLength(count) }
        return try readElements(count, element)
    }

    // MARK: - Compact (flexible versions)

    /// An unsigned varint of at most 5 bytes (Kafka's `readUnsignedVarint`).
    public mutating func readUnsignedVarint() throws(WireError) -> UInt32 {
        var result: UInt32 = 0
        for index in 0..<5 {
            guard remaining > 0 else { throw .truncated(needed: 1, available: 0) }
            let byte = bytes[position]
            position += 1
            result |= UInt32(byte & 0x7F) << UInt32(7 * index)
            if byte & 0x80 == 0 { return result }
        }
        throw .malformedVarint
    }

    /// A COMPACT_STRING: uvarint(length + 1), then UTF-8. Zero (null) is invalid here.
    public mutating func readCompactString() throws(WireError) -> String {
        guard let value = try readCompactNullableString() else { throw .invalidLength(-1) }
        return value
    }

    /// A COMPACT_NULLABLE_STRING: uvarint(length + 1), 0 = null, then UTF-8.
    public mutating func readCompactNullableString() throws(WireError) -> String? {
        guard let length = try readCompactLength() else { return nil }
        return try readUTF8(length)
    }

    /// COMPACT_BYTES: uvarint(length + 1), then the bytes. Zero (null) is invalid here.
    public mutating func readCompactBytes() throws(WireError) -> [UInt8] {
        guard let length = try readCompactLength() else { throw .invalidLength(-1) }
        return try readRaw(length)
    }

    /// A COMPACT_ARRAY: uvarint(count + 1), 0 = null, then `count` elements read by `element`.
    public mutating func readCompactNullableArray<Element>(
        _ element: (inout WireReader) throws(WireError) -> Element
    ) throws(WireError) -> [Element]? {
        guard let count = try readCompactLength() else { return nil }
        return try readElements(count, element)
    }

    /// A tag buffer: uvarint count, then per field uvarint tag, uvarint size and the bytes.
    public mutating func readTaggedFields() throws(WireError) -> [TaggedField] {
        let count = Int(try readUnsignedVarint())
        // Each field takes at least two bytes (tag and size).
        guard count <= remaining / 2 else { throw .truncated(needed: count * 2, available: remaining) }
        var fields: [TaggedField] = []
        for _ in 0..<count {
            let tag = try readUnsignedVarint()
            let size = Int(try readUnsignedVarint())
            fields.append(TaggedField(tag: tag, data: try readRaw(size)))
        }
        return fields
    }

    // MARK: - Building blocks

    /// The next `count` bytes, copied, after checking that they are there.
    public mutating func readRaw(_ count: Int) throws(WireError) -> [UInt8] {
        try require(count)
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    private mutating func readCompactLength() throws(WireError) -> Int? {
        let lengthPlusOne = Int(try readUnsignedVarint())
        return lengthPlusOne == 0 ? nil : lengthPlusOne - 1
    }

    private mutating func readElements<Element>(
        _ count: Int, _ element: (inout WireReader) throws(WireError) -> Element
    ) throws(WireError) -> [Element] {
        // Every element takes at least one byte, so a count above the bytes left is a lie; checking
        // first keeps a hostile count from costing more than the frame itself.
        guard count <= remaining else { throw .truncated(needed: count, available: remaining) }
        var elements: [Element] = []
        for _ in 0..<count {
            elements.append(try element(&self))
        }
        return elements
    }

    private mutating func readUTF8(_ length: Int) throws(WireError) -> String {
        try require(length)
        defer { position += length }
        guard let value = String(validating: bytes[position..<(position + length)], as: UTF8.self) else {
            throw .invalidUTF8
        }
        return value
    }

    private mutating func readBigEndian(byteCount: Int) throws(WireError) -> UInt64 {
        try require(byteCount)
        var value: UInt64 = 0
        for index in position..<(position + byteCount) {
            value = value << 8 | UInt64(bytes[index])
        }
        position += byteCount
        return value
    }

    private func require(_ count: Int) throws(WireError) {
        guard count <= remaining else { throw .truncated(needed: count, available: remaining) }
    }
}
