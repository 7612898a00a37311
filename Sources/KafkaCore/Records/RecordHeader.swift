/// One header of a record: a string key and an optional byte value (Kafka's `RecordHeader`).
///
/// Keys are UTF-8 on the wire and may repeat within a record; order is kept.
public struct RecordHeader: Hashable, Sendable {
    public var key: String
    /// `nil` is a header without a value (length -1 on the wire), distinct from an empty value.
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// Bytes this header takes inside a record: key length, key, value length, value.
    var encodedSize: Int {
        let keyCount = key.utf8.count
        var size = Varint.sizeOfVarint(Record.length(keyCount, of: "header key")) + keyCount
        if let value {
            size += Varint.sizeOfVarint(Record.length(value.count, of: "header value")) + value.count
        } else {
            size += 1  // varint -1
        }
        return size
    }
}
