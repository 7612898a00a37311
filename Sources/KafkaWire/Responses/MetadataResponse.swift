/// Metadata (key 3) response, v0–8: the brokers, the controller, and leaders and replicas by
/// topic and partition.
public struct MetadataResponse: ResponseBody {
    public static let apiKey = ApiKey.metadata
    public static let versions: ClosedRange<Int16> = 0...8

    /// One live broker.
    public struct Broker: Hashable, Sendable {
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        /// The broker's rack, or null (v1+).
        public var rack: String?

        public init(nodeID: Int32, host: String, port: Int32, rack: String? = nil) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.rack = rack
        }
    }

    /// One partition's leadership.
    public struct Partition: Hashable, Sendable {
        /// `KafkaError` raw value.
        public var errorCode: Int16
        public var partitionIndex: Int32
        public var leaderID: Int32
        /// The leader's epoch (v7+).
        public var leaderEpoch: Int32
        public var replicaNodes: [Int32]
        public var isrNodes: [Int32]
        /// Replicas on offline brokers (v5+).
        public var offlineReplicas: [Int32]

        public init(
            errorCode: Int16 = 0, partitionIndex: Int32, leaderID: Int32, leaderEpoch: Int32 = -1,
            replicaNodes: [Int32], isrNodes: [Int32], offlineReplicas: [Int32] = []
        ) {
            self.errorCode = errorCode
            self.partitionIndex = partitionIndex
            self.leaderID = leaderID
            self.leaderEpoch = leaderEpoch
            self.replicaNodes = replicaNodes
            self.isrNodes = isrNodes
            self.offlineReplicas = offlineReplicas
        }
    }

    /// One topic.
    public struct Topic: Hashable, Sendable {
        /// `KafkaError` raw value.
        public var errorCode: Int16
        public var name: String
        /// Whether the topic is internal, like `__consumer_offsets` (v1+).
        public var isInternal: Bool
        public var partitions: [Partition]
        /// Bit field of authorized operations (v8+).
        public var topicAuthorizedOperations: Int32

        public init(
            errorCode: Int16 = 0, name: String, isInternal: Bool = false, partitions: [Partition],
            topicAuthorizedOperations: Int32 = Int32.min
        ) {
            self.errorCode = errorCode
            self.name = name
            self.isInternal = isInternal
            self.partitions = partitions
            self.topicAuthorizedOperations = topicAuthorizedOperations
        }
    }

    /// How long the client was throttled (v3+).
    public var throttleTimeMs: Int32
    public var brokers: [Broker]
    /// The cluster id, or null (v2+).
    public var clusterID: String?
    /// The controller's broker id (v1+).
    public var controllerID: Int32
    public var topics: [Topic]
    /// Bit field of authorized cluster operations (v8+).
    public var clusterAuthorizedOperations: Int32

    public init(
        throttleTimeMs: Int32 = 0, brokers: [Broker], clusterID: String? = nil, controllerID: Int32 = -1,
        topics: [Topic], clusterAuthorizedOperations: Int32 = Int32.min
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.brokers = brokers
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.topics = topics
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        var response = Self(brokers: [], topics: [])
        if version >= 3 { response.throttleTimeMs = try reader.readInt32() }
        response.brokers = try reader.readArray { (reader: inout WireReader) throws(WireError) in
            var broker = Broker(
                nodeID: try reader.readInt32(), host: try reader.readString(), port: try reader.readInt32())
            if version >= 1 { broker.rack = try reader.readNullableString() }
            return broker
        }
        if version >= 2 { response.clusterID = try reader.readNullableString() }
        if version >= 1 { response.controllerID = try reader.readInt32() }
        response.topics = try reader.readArray { (reader: inout WireReader) throws(WireError) in
            try decodeTopic(&reader, version: version)
        }
        if version >= 8 { response.clusterAuthorizedOperations = try reader.readInt32() }
        return response
    }

    private static func decodeTopic(_ reader: inout WireReader, version: Int16) throws(WireError) -> Topic {
        var topic = Topic(errorCode: try reader.readInt16(), name: try reader.readString(), partitions: [])
        if version >= 1 { topic.isInternal = try reader.readBool() }
        topic.partitions = try reader.readArray { (reader: inout WireReader) throws(WireError) in
            var partition = Partition(
                errorCode: try reader.readInt16(), partitionIndex: try reader.readInt32(),
                leaderID: try reader.readInt32(), replicaNodes: [], isrNodes: [])
            if version >= 7 { partition.leaderEpoch = try reader.readInt32() }
            partition.replicaNodes = try reader.readInt32Array()
            partition.isrNodes = try reader.readInt32Array()
            if version >= 5 { partition.offlineReplicas = try reader.readInt32Array() }
            return partition
        }
        if version >= 8 { topic.topicAuthorizedOperations = try reader.readInt32() }
        return topic
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 3 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(brokers) { writer, broker in
            writer.writeInt32(broker.nodeID)
            writer.writeString(broker.host)
            writer.writeInt32(broker.port)
            if version >= 1 { writer.writeNullableString(broker.rack) }
        }
        if version >= 2 { writer.writeNullableString(clusterID) }
        if version >= 1 { writer.writeInt32(controllerID) }
        writer.writeArray(topics) { writer, topic in
            writer.writeInt16(topic.errorCode)
            writer.writeString(topic.name)
            if version >= 1 { writer.writeBool(topic.isInternal) }
            writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt16(partition.errorCode)
                writer.writeInt32(partition.partitionIndex)
                writer.writeInt32(partition.leaderID)
                if version >= 7 { writer.writeInt32(partition.leaderEpoch) }
                writer.writeInt32Array(partition.replicaNodes)
                writer.writeInt32Array(partition.isrNodes)
                if version >= 5 { writer.writeInt32Array(partition.offlineReplicas) }
            }
            if version >= 8 { writer.writeInt32(topic.topicAuthorizedOperations) }
        }
        if version >= 8 { writer.writeInt32(clusterAuthorizedOperations) }
    }
}
