/// Fetch (key 1), v4–11: read records from partitions, long-polling up to `maxWaitMs`.
public struct FetchRequest: RequestBody {
    public static let apiKey = ApiKey.fetch
    public static let versions: ClosedRange<Int16> = 4...11

    /// Where to read in one partition.
    public struct FetchPartition: Hashable, Sendable {
        public var partition: Int32
        /// The leader epoch the client believes current, -1 if unknown (v9+).
        public var currentLeaderEpoch: Int32
        public var fetchOffset: Int64
        /// Only followers set this (v5+); -1 from clients.
        public var logStartOffset: Int64
        public var partitionMaxBytes: Int32
        public init(
            partition: Int32, currentLeaderEpoch: Int32 = -1, fetchOffset: Int64, logStartOffset: Int64 = -1,
            partitionMaxBytes: Int32
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
        }
    }

    /// The partitions to read in one topic.
    public struct FetchTopic: Hashable, Sendable {
        public var topic: String
        public var partitions: [FetchPartition]
        public init(topic: String, partitions: [FetchPartition]) {
            self.topic = topic
            self.partitions = partitions
        }
    }

    /// Partitions to drop from an incremental fetch session (v7+).
    public struct ForgottenTopic: Hashable, Sendable {
        public var topic: String
        public var partitions: [Int32]
        public init(topic: String, partitions: [Int32]) {
            self.topic = topic
            self.partitions = partitions
        }
    }

    /// The follower's broker id, or -1 for a client.
    public var replicaID: Int32
    public var maxWaitMs: Int32
    public var minBytes: Int32
    public var maxBytes: Int32
    /// 0 = read uncommitted, 1 = read committed.
    public var isolationLevel: Int8
    /// The fetch session id, 0 for none (v7+).
    public var sessionID: Int32
    /// The fetch session epoch, -1 for a full fetch without a session (v7+).
    public var sessionEpoch: Int32
    public var topics: [FetchTopic]
    /// v7+.
    public var forgottenTopicsData: [ForgottenTopic]
    /// The consumer's rack for follower fetching (v11+).
    public var rackID: String

    public init(
        replicaID: Int32 = -1, maxWaitMs: Int32, minBytes: Int32, maxBytes: Int32 = .max, isolationLevel: Int8 = 0,
        sessionID: Int32 = 0, sessionEpoch: Int32 = -1, topics: [FetchTopic],
        forgottenTopicsData: [ForgottenTopic] = [],
        rackID: String = ""
    ) {
        self.replicaID = replicaID
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionID = sessionID
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopicsData = forgottenTopicsData
        self.rackID = rackID
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        var request = Self(
            replicaID: try reader.readInt32(), maxWaitMs: try reader.readInt32(), minBytes: try reader.readInt32(),
            maxBytes: try reader.readInt32(), isolationLevel: try reader.readInt8(), topics: [])
        if version >= 7 {
            request.sessionID = try reader.readInt32()
            request.sessionEpoch = try reader.readInt32()
        }
        request.topics = try reader.readArray { (reader: inout WireReader) throws(WireError) in
            FetchTopic(
                topic: try reader.readString(),
                partitions: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                    try decodePartition(&reader, version: version)
                })
        }
        if version >= 7 {
            request.forgottenTopicsData = try reader.readArray { (reader: inout WireReader) throws(WireError) in
                ForgottenTopic(
                    topic: try reader.readString(),
                    partitions: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                        try reader.readInt32()
                    })
            }
        }
        if version >= 11 { request.rackID = try reader.readString() }
        return request
    }

    private static func decodePartition(_ reader: inout WireReader, version: Int16) throws(WireError) -> FetchPartition
    {
        let partition = try reader.readInt32()
        let currentLeaderEpoch = version >= 9 ? try reader.readInt32() : -1
        let fetchOffset = try reader.readInt64()
        let logStartOffset = version >= 5 ? try reader.readInt64() : -1
        return FetchPartition(
            partition: partition, currentLeaderEpoch: currentLeaderEpoch, fetchOffset: fetchOffset,
            logStartOffset: logStartOffset, partitionMaxBytes: try reader.readInt32())
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(replicaID)
        writer.writeInt32(maxWaitMs)
        writer.writeInt32(minBytes)
        writer.writeInt32(maxBytes)
        writer.writeInt8(isolationLevel)
        if version >= 7 {
            writer.writeInt32(sessionID)
            writer.writeInt32(sessionEpoch)
        }
        writer.writeArray(topics) { writer, topic in
            writer.writeString(topic.topic)
            writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partition)
                if version >= 9 { writer.writeInt32(partition.currentLeaderEpoch) }
                writer.writeInt64(partition.fetchOffset)
                if version >= 5 { writer.writeInt64(partition.logStartOffset) }
                writer.writeInt32(partition.partitionMaxBytes)
            }
        }
        if version >= 7 {
            writer.writeArray(forgottenTopicsData) { writer, forgotten in
                writer.writeString(forgotten.topic)
                writer.writeArray(forgotten.partitions) { writer, partition in writer.writeInt32(partition) }
            }
        }
        if version >= 11 { writer.writeString(rackID) }
    }
}
