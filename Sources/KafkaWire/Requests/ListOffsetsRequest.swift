/// ListOffsets (key 2), v0–5: the offset for a timestamp, or the earliest (-2) or latest (-1).
public struct ListOffsetsRequest: RequestBody {
    public static let apiKey = ApiKey.listOffsets
    public static let versions: ClosedRange<Int16> = 0...5

    /// One partition asked about.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// v4+; -1 if unknown.
        public var currentLeaderEpoch: Int32
        /// A timestamp in ms, or -1 (latest) or -2 (earliest).
        public var timestamp: Int64
        /// How many offsets to return (v0 only).
        public var maxNumOffsets: Int32
        public init(partitionIndex: Int32, currentLeaderEpoch: Int32 = -1, timestamp: Int64, maxNumOffsets: Int32 = 1) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
            self.maxNumOffsets = maxNumOffsets
        }
    }

    /// The partitions asked about in one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// The follower's broker id, or -1 for a client.
    public var replicaID: Int32
    /// 0 = read uncommitted, 1 = read committed (v2+).
    public var isolationLevel: Int8
    public var topics: [Topic]

    public init(replicaID: Int32 = -1, isolationLevel: Int8 = 0, topics: [Topic]) {
        self.replicaID = replicaID
        self.isolationLevel = isolationLevel
        self.topics = topics
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let replicaID = try reader.readInt32()
        let isolationLevel = version >= 2 ? try reader.readInt8() : 0
        let topics = try reader.readArray { (reader: inout WireReader) throws(WireError) in
            Topic(
                name: try reader.readString(),
                partitions: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                    let index = try reader.readInt32()
                    let epoch = version >= 4 ? try reader.readInt32() : -1
                    let timestamp = try reader.readInt64()
                    let maxNumOffsets = version == 0 ? try reader.readInt32() : 1
                    return Partition(
                        partitionIndex: index, currentLeaderEpoch: epoch, timestamp: timestamp,
                        maxNumOffsets: maxNumOffsets)
                })
        }
        return Self(replicaID: replicaID, isolationLevel: isolationLevel, topics: topics)
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(replicaID)
        if version >= 2 { writer.writeInt8(isolationLevel) }
        writer.writeArray(topics) { writer, topic in
            writer.writeString(topic.name)
            writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                if version >= 4 { writer.writeInt32(partition.currentLeaderEpoch) }
                writer.writeInt64(partition.timestamp)
                if version == 0 { writer.writeInt32(partition.maxNumOffsets) }
            }
        }
    }
}
