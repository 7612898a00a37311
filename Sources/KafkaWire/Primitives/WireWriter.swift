import KafkaCore

/// Writes Kafka protocol primitives, big-endian, into a growing byte array: the mirror of
/// `WireReader`, built on KafkaCore's `ByteWriter`.
public struct WireWriter: Sendable {
    private var writer: ByteWriter

    /// An empty writer with room for `capacity` bytes before it has to grow.
    public init(capacity: Int = 0) {
        writer = ByteWriter(capacity: capacity)
    }

    /// What has been written so far.
    public var bytes: [UInt8] { writer.bytes }

    public mutating func writeInt8(_ value: Int8) { writer.writeInt8(value) }
    public mutating func writeInt16(_ value: Int16) { writer.writeInt16(value) }
    public mutating func writeInt32(_ value: Int32) { writer.writeInt32(value) }
    public mutating func writeUInt32(_ value: UInt32) { writer.writeUInt32(value) }
    public mutating func writeInt64(_ value: Int64) { writer.writeInt64(value) }

    /// A BOOLEAN as one byte, 1 or 0.
    public mutating func writeBool(_ value: Bool) { writer.writeInt8(value ? 1 : 0) }

    // MARK: - Length-prefixed (non-flexible)

    /// A STRING: int16 length, then UTF-8.
    public mutating func writeString(_ value: String) {
        let utf8 = Array(value.utf8)
        precondition(utf8.count <= Int16.max, "string of \(utf8.count) bytes does not fit an int16 length")
        writer.writeInt16(Int16(utf8.count))
        writer.writeBytes(utf8)
    }

    /// A NULLABLE_STRING: int16 length (-1 = null), then UTF-8.
    public mutating func writeNullableString(_ value: String?) {
        guard let value else { return writer.writeInt16(-1) }
        writeString(value)
    }

    /// BYTES: int32 length, then the bytes.
    public mutating func writeBytes(_ value: [UInt8]) {
        writer.writeInt32(Int32(value.count))
        writer.writeBytes(value)
    }

    /// NULLABLE_BYTES and RECORDS: int32 length (-1 = null), then the bytes.
    public mutating func writeNullableBytes(_ value: [UInt8]?) {
        guard let value else { return writer.writeInt32(-1) }
        writeBytes(value)
    }

    /// An ARRAY: int32 count, then each element written by `element`.
    public mutating func writeArray<Element>(_ elements: [Element], _ element: (inout WireWriter, Element) -> Void) {
        writer.writeInt32(Int32(elements.count))
        for value in elements { element(&self, value) }
    }

    /// A nullable ARRAY: int32 count (-1 = null), then each element written by `element`.
    public mutating func writeNullableArray<Element>(
        _ elements: [Element]?, _ element: (inout WireWriter, Element) -> Void
    ) {
        guard let elements else { return writer.writeInt32(-1) }
        writeArray(elements, element)
    }

    // MARK: - Compact (flexible versions)

    /// An unsigned varint, 7 bits per byte, least significant group first.
    public mutating func writeUnsignedVarint(_ value: UInt32) {
        var rest = value
        while rest >= 0x80 {
            writer.writeUInt8(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        writer.writeUInt8(UInt8(rest))
    }

    /// A COMPACT_STRING: uvarint(length + 1), then UTF-8.
    public mutating func writeCompactString(_ value: String) {
        let utf8 = Array(value.utf8)
        writeUnsignedVarint(UInt32(utf8.count) + 1)
        writer.writeBytes(utf8)
    }

    /// A COMPACT_NULLABLE_STRING: uvarint(length + 1), 0 = null, then UTF-8.
    public mutating func writeCompactNullableString(_ value: String?) {
        guard let value else { return writeUnsignedVarint(0) }
        writeCompactString(value)
    }

    /// COMPACT_BYTES: uvarint(length + 1), then the bytes.
    public mutating func writeCompactBytes(_ value: [UInt8]) {
        writeUnsignedVarint(UInt32(value.count) + 1)
        writer.writeBytes(value)
    }

    /// A COMPACT_ARRAY: uvarint(count + 1), 0 = null, then each element written by `element`.
    public mutating func writeCompactNullableArray<Element>(
        _ elements: [Element]?, _ element: (inout WireWriter, Element) -> Void
    ) {
        guard let elements else { return writeUnsignedVarint(0) }
        writeUnsignedVarint(UInt32(elements.count) + 1)
        for value in elements { element(&self, value) }
    }

    /// A tag buffer: uvarint count, then per field uvarint tag, uvarint size and the bytes.
    public mutating func writeTaggedFields(_ fields: [TaggedField]) {
        writeUnsignedVarint(UInt32(fields.count))
        for field in fields {
            writeUnsignedVarint(field.tag)
            writeUnsignedVarint(UInt32(field.data.count))
            writer.writeBytes(field.data)
        }
    }

    /// Raw bytes with no prefix.
    public mutating func writeRaw(_ value: [UInt8]) { writer.writeBytes(value) }
}
