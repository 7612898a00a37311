/// OffsetCommit (key 8), v2–7: store a group's committed offsets.
public struct OffsetCommitRequest: RequestBody {
    public static let apiKey = ApiKey.offsetCommit
    public static let versions: ClosedRange<Int16> = 2...7

    /// One partition's committed offset.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var committedOffset: Int64
        /// v6+; -1 if unknown.
        public var committedLeaderEpoch: Int32
        public var committedMetadata: String?
        public init(
            partitionIndex: Int32, committedOffset: Int64, committedLeaderEpoch: Int32 = -1,
            committedMetadata: String?
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.committedMetadata = committedMetadata
        }
    }

    /// The committed offsets in one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    public var groupID: String
    /// The generation, or -1 for a commit from outside the group.
    public var generationIDOrMemberEpoch: Int32
    public var memberID: String
    /// Static membership id (v7+).
    public var groupInstanceID: String?
    /// How long to keep the offsets, -1 for the broker default (v2–4).
    public var retentionTimeMs: Int64
    public var topics: [Topic]

    public init(
        groupID: String, generationIDOrMemberEpoch: Int32 = -1, memberID: String, groupInstanceID: String? = nil,
        retentionTimeMs: Int64 = -1, topics: [Topic]
    ) {
        self.groupID = groupID
        self.generationIDOrMemberEpoch = generationIDOrMemberEpoch
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.retentionTimeMs = retentionTimeMs
        self.topics = topics
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let groupID = try reader.readString()
        let generation = try reader.readInt32()
        let memberID = try reader.readString()
        let groupInstanceID = version >= 7 ? try reader.readNullableString() : nil
        let retentionTimeMs = version <= 4 ? try reader.readInt64() : -1
        let topics = try reader.readArray { (reader: inout WireReader) throws(WireError) in
            Topic(
                name: try reader.readString(),
                partitions: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                    let index = try reader.readInt32()
                    let offset = try reader.readInt64()
                    let epoch = version >= 6 ? try reader.readInt32() : -1
                    return Partition(
                        partitionIndex: index, committedOffset: offset, committedLeaderEpoch: epoch,
                        committedMetadata: try reader.readNullableString())
                })
        }
        return Self(
            groupID: groupID, generationIDOrMemberEpoch: generation, memberID: memberID,
            groupInstanceID: groupInstanceID, retentionTimeMs: retentionTimeMs, topics: topics)
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupID)
        writer.writeInt32(generationIDOrMemberEpoch)
        writer.writeString(memberID)
        if version >= 7 { writer.writeNullableString(groupInstanceID) }
        if version <= 4 { writer.writeInt64(retentionTimeMs) }
        writer.writeArray(topics) { writer, topic in
            writer.writeString(topic.name)
            writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                writer.writeInt64(partition.committedOffset)
                if version >= 6 { writer.writeInt32(partition.committedLeaderEpoch) }
                writer.writeNullableString(partition.committedMetadata)
            }
        }
    }
}
