/// OffsetCommit (key 8) response, v2–7: whether each partition's committed offset was stored.
public struct OffsetCommitResponse: ResponseBody {
    public static let apiKey = ApiKey.offsetCommit
    public static let versions: ClosedRange<Int16> = 2...7

    /// The outcome for one partition.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// `KafkaError` raw value.
        public var errorCode: Int16
        public init(partitionIndex: Int32, errorCode: Int16 = 0) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
        }
    }

    /// The outcomes for one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// How long the client was throttled (v3+).
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            throttleTimeMs: version >= 3 ? try reader.readInt32() : 0,
            topics: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                Topic(
                    name: try reader.readString(),
                    partitions: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                        Partition(partitionIndex: try reader.readInt32(), errorCode: try reader.readInt16())
                    })
            })
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 3 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(topics) { writer, topic in
            writer.writeString(topic.name)
            writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                writer.writeInt16(partition.errorCode)
            }
        }
    }
}
