/// OffsetFetch (key 9), v1–5: a group's committed offsets.
public struct OffsetFetchRequest: RequestBody {
    public static let apiKey = ApiKey.offsetFetch
    public static let versions: ClosedRange<Int16> = 1...5

    /// The partitions asked about in one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitionIndexes: [Int32]
        public init(name: String, partitionIndexes: [Int32]) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }

    public var groupID: String
    /// The topics asked about; null means every topic the group committed (v2+). v1 cannot say
    /// null and writes it as empty.
    public var topics: [Topic]?

    public init(groupID: String, topics: [Topic]?) {
        self.groupID = groupID
        self.topics = topics
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let groupID = try reader.readString()
        let readTopic = { (reader: inout WireReader) throws(WireError) -> Topic in
            Topic(
                name: try reader.readString(),
                partitionIndexes: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                    try reader.readInt32()
                })
        }
        let topics = version >= 2 ? try reader.readNullableArray(readTopic) : try reader.readArray(readTopic)
        return Self(groupID: groupID, topics: topics)
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupID)
        let writeTopic = { (writer: inout WireWriter, topic: Topic) in
            writer.writeString(topic.name)
            writer.writeArray(topic.partitionIndexes) { writer, index in writer.writeInt32(index) }
        }
        if version >= 2 {
            writer.writeNullableArray(topics, writeTopic)
        } else {
            writer.writeArray(topics ?? [], writeTopic)
        }
    }
}
