/// CreateTopics (key 19), v2–4: create topics with a partition count and replication factor, or
/// with explicit replica assignments.
public struct CreateTopicsRequest: RequestBody {
    public static let apiKey = ApiKey.createTopics
    public static let versions: ClosedRange<Int16> = 2...4

    /// The replicas of one partition, chosen by the client.
    public struct Assignment: Hashable, Sendable {
        public var partitionIndex: Int32
        public var brokerIDs: [Int32]
        public init(partitionIndex: Int32, brokerIDs: [Int32]) {
            self.partitionIndex = partitionIndex
            self.brokerIDs = brokerIDs
        }
    }

    /// One topic config override.
    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?
        public init(name: String, value: String?) {
            self.name = name
            self.value = value
        }
    }

    /// One topic to create.
    public struct Topic: Hashable, Sendable {
        public var name: String
        /// -1 when `assignments` are given (or for the broker default).
        public var numPartitions: Int32
        /// -1 when `assignments` are given (or for the broker default).
        public var replicationFactor: Int16
        public var assignments: [Assignment]
        public var configs: [Config]
        public init(
            name: String, numPartitions: Int32, replicationFactor: Int16, assignments: [Assignment] = [],
            configs: [Config] = []
        ) {
            self.name = name
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.assignments = assignments
            self.configs = configs
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32
    /// Check the request without creating anything.
    public var validateOnly: Bool

    public init(topics: [Topic], timeoutMs: Int32 = 60_000, validateOnly: Bool = false) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            topics: try reader.readArray(decodeTopic), timeoutMs: try reader.readInt32(),
            validateOnly: try reader.readBool())
    }

    private static func decodeTopic(_ reader: inout WireReader) throws(WireError) -> Topic {
        Topic(
            name: try reader.readString(), numPartitions: try reader.readInt32(),
            replicationFactor: try reader.readInt16(),
            assignments: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                Assignment(
                    partitionIndex: try reader.readInt32(),
                    brokerIDs: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                        try reader.readInt32()
                    })
            },
            configs: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                Config(name: try reader.readString(), value: try reader.readNullableString())
            })
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(topics) { writer, topic in
            writer.writeString(topic.name)
            writer.writeInt32(topic.numPartitions)
            writer.writeInt16(topic.replicationFactor)
            writer.writeArray(topic.assignments) { writer, assignment in
                writer.writeInt32(assignment.partitionIndex)
                writer.writeArray(assignment.brokerIDs) { writer, id in writer.writeInt32(id) }
            }
            writer.writeArray(topic.configs) { writer, config in
                writer.writeString(config.name)
                writer.writeNullableString(config.value)
            }
        }
        writer.writeInt32(timeoutMs)
        writer.writeBool(validateOnly)
    }
}
