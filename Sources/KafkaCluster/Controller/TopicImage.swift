/// One topic in the `TopicsImage` part of the metadata image.
public struct TopicImage: Hashable, Sendable {
    public let name: String
    public let id: TopicID
    public let config: TopicConfig
    /// How many `PartitionRecord`s have been replayed for the topic (partitions are 0..<count).
    public var partitionCount: Int32

    public init(name: String, id: TopicID, config: TopicConfig, partitionCount: Int32 = 0) {
        self.name = name
        self.id = id
        self.config = config
        self.partitionCount = partitionCount
    }
}
