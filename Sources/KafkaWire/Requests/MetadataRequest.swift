/// Metadata (key 3), v0–8: brokers, and leaders and replicas for some topics or all of them.
public struct MetadataRequest: RequestBody {
    public static let apiKey = ApiKey.metadata
    public static let versions: ClosedRange<Int16> = 0...8

    /// One topic asked about.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public init(name: String) { self.name = name }
    }

    /// The topics to describe; null means all topics (v1+), empty means brokers only. v0 cannot
    /// say null and writes it as empty (which meant "all topics" in v0).
    public var topics: [Topic]?
    /// Whether asking about a missing topic creates it (v4+; earlier versions always may).
    public var allowAutoTopicCreation: Bool
    /// Whether to return the cluster's authorized operations (v8+).
    public var includeClusterAuthorizedOperations: Bool
    /// Whether to return each topic's authorized operations (v8+).
    public var includeTopicAuthorizedOperations: Bool

    public init(
        topics: [Topic]?, allowAutoTopicCreation: Bool = true, includeClusterAuthorizedOperations: Bool = false,
        includeTopicAuthorizedOperations: Bool = false
    ) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let readTopic = { (reader: inout WireReader) throws(WireError) -> Topic in Topic(name: try reader.readString())
        }
        let topics = version >= 1 ? try reader.readNullableArray(readTopic) : try reader.readArray(readTopic)
        var request = Self(topics: topics)
        if version >= 4 { request.allowAutoTopicCreation = try reader.readBool() }
        if version >= 8 {
            request.includeClusterAuthorizedOperations = try reader.readBool()
            request.includeTopicAuthorizedOperations = try reader.readBool()
        }
        return request
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        let writeTopic = { (writer: inout WireWriter, topic: Topic) in writer.writeString(topic.name) }
        if version >= 1 {
            writer.writeNullableArray(topics, writeTopic)
        } else {
            writer.writeArray(topics ?? [], writeTopic)
        }
        if version >= 4 { writer.writeBool(allowAutoTopicCreation) }
        if version >= 8 {
            writer.writeBool(includeClusterAuthorizedOperations)
            writer.writeBool(includeTopicAuthorizedOperations)
        }
    }
}
