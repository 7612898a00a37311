import KafkaCore

/// Why bytes are not a `MetadataRecord`.
public enum MetadataRecordDecodingError: Error, Hashable, Sendable {
    /// The bytes ended early or a field overran them.
    case truncated(position: Int, needed: Int)
    /// The first byte names no record type.
    case unknownRecordType(UInt8)
    /// A field holds a value its type does not allow (a bad enum, flag or count).
    case invalidField(String, position: Int)
    /// A string is not valid UTF-8.
    case invalidUTF8(position: Int)
    /// Bytes were left after a whole record.
    case trailingBytes(count: Int)
}
