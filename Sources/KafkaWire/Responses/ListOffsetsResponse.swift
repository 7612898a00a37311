/// ListOffsets (key 2) response, v0–5: the offset found for each partition's timestamp.
public struct ListOffsetsResponse: ResponseBody {
    public static let apiKey = ApiKey.listOffsets
    public static let versions: ClosedRange<Int16> = 0...5

    /// The answer for one partition.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// `KafkaError` raw value.
        public var errorCode: Int16
        /// The offsets found (v0 only).
        public var oldStyleOffsets: [Int64]
        /// The timestamp of the offset found, or -1 (v1+).
        public var timestamp: Int64
        /// The offset found, or -1 (v1+).
        public var offset: Int64
        /// The leader epoch of the offset found (v4+).
        public var leaderEpoch: Int32

        public init(
            partitionIndex: Int32, errorCode: Int16 = 0, oldStyleOffsets: [Int64] = [], timestamp: Int64 = -1,
            offset: Int64 = -1, leaderEpoch: Int32 = -1
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.oldStyleOffsets = oldStyleOffsets
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
        }
    }

    /// The answers for one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// How long the client was throttled (v2+).
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let throttleTimeMs = version >= 2 ? try reader.readInt32() : 0
        let topics = try reader.readArray { (reader: inout WireReader) throws(WireError) in
            Topic(
                name: try reader.readString(),
                partitions: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                    try decodePartition(&reader, version: version)
                })
        }
        return Self(throttleTimeMs: throttleTimeMs, topics: topics)
    }

    private static func decodePartition(_ reader: inout WireReader, version: Int16) throws(WireError) -> Partition {
        var partition = Partition(partitionIndex: try reader.readInt32(), errorCode: try reader.readInt16())
        if version == 0 {
            partition.oldStyleOffsets = try reader.readArray { (reader: inout WireReader) throws(WireError) in
                try reader.readInt64()
            }
        }
        if version >= 1 {
            partition.timestamp = try reader.readInt64()
            partition.offset = try reader.readInt64()
        }
        if version >= 4 { partition.leaderEpoch = try reader.readInt32() }
        return partition
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 2 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(topics) { writer, topic in
            writer.writeString(topic.name)
            writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                writer.writeInt16(partition.errorCode)
                if version == 0 {
                    writer.writeArray(partition.oldStyleOffsets) { writer, offset in writer.writeInt64(offset) }
                }
                if version >= 1 {
                    writer.writeInt64(partition.timestamp)
                    writer.writeInt64(partition.offset)
                }
                if version >= 4 { writer.writeInt32(partition.leaderEpoch) }
            }
        }
    }
}
