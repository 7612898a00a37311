import KafkaCore

/// One topic as the console shows it: its shape, configs and partition health.
public struct TopicSnapshot: Hashable, Sendable {
    public var name: String
    public var partitionCount: Int
    public var replicationFactor: Int
    /// Configs by Kafka's names, in the order the console lists them.
    public var configs: [ConfigEntry]
    /// Internal topics (`__consumer_offsets`) are hidden unless asked for.
    public var isInternal: Bool
    public var sizeBytes: Int
    public var healthCounts: [PartitionHealth: Int]

    public init(
        name: String, partitionCount: Int, replicationFactor: Int, configs: [ConfigEntry],
        isInternal: Bool, sizeBytes: Int, healthCounts: [PartitionHealth: Int]
    ) {
        self.name = name
        self.partitionCount = partitionCount
        self.replicationFactor = replicationFactor
        self.configs = configs
        self.isInternal = isInternal
        self.sizeBytes = sizeBytes
        self.healthCounts = healthCounts
    }
}
