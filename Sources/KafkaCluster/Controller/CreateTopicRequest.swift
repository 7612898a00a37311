/// A CreateTopics entry: the controller places replicas itself (no manual assignment yet).
public struct CreateTopicRequest: Hashable, Sendable {
    public var name: String
    public var partitions: Int32
    public var replicationFactor: Int16
    public var config: TopicConfig

    public init(name: String, partitions: Int32, replicationFactor: Int16, config: TopicConfig = TopicConfig()) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }
}
