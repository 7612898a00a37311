import KafkaCore

/// Reads the classic consumer protocol's non-flexible encoding (big-endian integers, int16-length
/// strings, int32-length bytes, int32-count arrays) front to back, and never past the end.
///
/// Every length and count is checked against the bytes remaining before anything is allocated,
/// so memory stays proportional to the input, never to a count the input claims.
struct ConsumerProtocolReader {
    private let bytes: [UInt8]
    /// The index of the next byte to read.
    private(set) var position: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
    }

    /// How many bytes are left to read.
    var remaining: Int { bytes.count - position }

    mutating func readInt16(_ field: String) throws(ConsumerProtocolError) -> Int16 {
        Int16(truncatingIfNeeded: try readBigEndian(byteCount: 2, field))
    }

    mutating func readInt32(_ field: String) throws(ConsumerProtocolError) -> Int32 {
        Int32(truncatingIfNeeded: try readBigEndian(byteCount: 4, field))
    }

    /// A non-nullable string: int16 length, then that many UTF-8 bytes.
    mutating func readString(_ field: String) throws(ConsumerProtocolError) -> String {
        let start = position
        guard let string = try readNullableString(field) else { throw .unexpectedNull(field: field, position: start) }
        return string
    }

    /// A nullable string: any negative length is null, as in Kafka's generated readers.
    mutating func readNullableString(_ field: String) throws(ConsumerProtocolError) -> String? {
        let start = position
        let length = try readInt16(field)
        guard length >= 0 else { return nil }
        let range = try take(Int(length), field)
        guard let string = String(validating: bytes[range], as: UTF8.self) else {
            throw .invalidUTF8(field: field, position: start)
        }
        return string
    }

    /// Nullable bytes: int32 length (negative is null), then that many bytes.
    mutating func readNullableBytes(_ field: String) throws(ConsumerProtocolError) -> [UInt8]? {
        let length = try readInt32(field)
        guard length >= 0 else { return nil }
        return Array(bytes[try take(Int(length), field)])
    }

    /// A non-nullable array's count, checked against the bytes left: each element needs at least
    /// `minimumElementBytes`, so a hostile count fails here instead of in an allocation.
    mutating func readArrayCount(_ field: String, minimumElementBytes: Int) throws(ConsumerProtocolError) -> Int {
        precondition(minimumElementBytes > 0, "array elements take at least one byte, got \(minimumElementBytes)")
        let start = position
        let count = try readInt32(field)
        guard count >= 0 else { throw .unexpectedNull(field: field, position: start) }
        guard Int(count) <= remaining / minimumElementBytes else {
            throw .countExceedsInput(field: field, position: start, count: count, remaining: remaining)
        }
        return Int(count)
    }

    /// An array of `(topic string, partitions array(int32))`, flattened in the order read.
    mutating func readTopicPartitions(_ field: String) throws(ConsumerProtocolError) -> [TopicPartition] {
        // A topic entry is at least an empty string (2 bytes) and an empty array (4 bytes).
        let topicCount = try readArrayCount(field, minimumElementBytes: 6)
        var result: [TopicPartition] = []
        for _ in 0..<topicCount {
            let topic = try readString(field + ".topic")
            let partitionCount = try readArrayCount(field + ".partitions", minimumElementBytes: 4)
            result.reserveCapacity(result.count + partitionCount)
            for _ in 0..<partitionCount {
                result.append(TopicPartition(topic, try readInt32(field + ".partitions")))
            }
        }
        return result
    }

    private mutating func take(_ count: Int, _ field: String) throws(ConsumerProtocolError) -> Range<Int> {
        guard count <= remaining else {
            throw .truncated(field: field, position: position, needed: count, remaining: remaining)
        }
        defer { position += count }
        return position..<(position + count)
    }

    private mutating func readBigEndian(byteCount: Int, _ field: String) throws(ConsumerProtocolError) -> UInt64 {
        var value: UInt64 = 0
        for index in try take(byteCount, field) {
            value = value << 8 | UInt64(bytes[index])
        }
        return value
    }
}
