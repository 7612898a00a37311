/// OffsetFetch (key 9) response, v1–5: a group's committed offsets by partition.
public struct OffsetFetchResponse: ResponseBody {
    public static let apiKey = ApiKey.offsetFetch
    public static let versions: ClosedRange<Int16> = 1...5

    /// The committed offset of one partition.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// The committed offset, or -1 if there is none.
        public var committedOffset: Int64
        /// The leader epoch of the committed offset (v5+).
        public var committedLeaderEpoch: Int32
        /// The metadata committed with the offset, or null.
        public var metadata: String?
        /// `KafkaError` raw value.
        public var errorCode: Int16

        public init(
            partitionIndex: Int32, committedOffset: Int64, committedLeaderEpoch: Int32 = -1, metadata: String?,
            errorCode: Int16 = 0
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
        }
    }

    /// The committed offsets of one topic.
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
    /// Top-level `KafkaError` raw value (v2+).
    public var errorCode: Int16

    public init(throttleTimeMs: Int32 = 0, topics: [Topic], errorCode: Int16 = 0) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.errorCode = errorCode
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            throttleTimeMs: version >= 3 ? try reader.readInt32() : 0,
            topics: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                Topic(
                    name: try reader.readString(),
                    partitions: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                        Partition(
                            partitionIndex: try reader.readInt32(), committedOffset: try reader.readInt64(),
                            committedLeaderEpoch: version >= 5 ? try reader.readInt32() : -1,
                            metadata: try reader.readNullableString(), errorCode: try reader.readInt16())
                    })
            },
            errorCode: version >= 2 ? try reader.readInt16() : 0)
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 3 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(topics) { writer, topic in
            writer.writeString(topic.name)
            writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                writer.writeInt64(partition.committedOffset)
                if version >= 5 { writer.writeInt32(partition.committedLeaderEpoch) }
                writer.writeNullableString(partition.metadata)
                writer.writeInt16(partition.errorCode)
            }
        }
        if version >= 2 { writer.writeInt16(errorCode) }
    }
}
