import KafkaCore

/// `topic NAME partitions N rf N min.insync N cleanup POLICY retention D …`: a topic the run
/// creates before any client starts.
public struct TopicSpec: Sendable, Hashable {
    /// What Kafka does with old segments (`cleanup.policy`).
    public enum CleanupPolicy: String, Sendable, Hashable, CaseIterable {
        case delete
        case compact
        /// Both: compacted, and whole segments deleted after retention.
        case compactAndDelete = "compact,delete"
    }

    public var name: String
    /// `partitions N` (default 1).
    public var partitions: Int32
    /// `rf N` (default `min(3, brokers)`); never more than the brokers.
    public var replicationFactor: Int16
    /// `min.insync N`: the topic's `min.insync.replicas`; nil keeps the broker default.
    public var minInsyncReplicas: Int32?
    /// `cleanup delete|compact|compact,delete`; nil keeps the broker default (`delete`).
    public var cleanupPolicy: CleanupPolicy?
    /// `retention D`: `retention.ms`; nil keeps the default (7 days).
    public var retention: Duration?
    /// `retention-bytes SIZE`: `retention.bytes`; nil keeps the default (unlimited).
    public var retentionBytes: Int64?
    /// Other topic configs written `NAME=VALUE` on the line (`segment.bytes=1MiB`), by Kafka's
    /// names, values normalized to Kafka's form, in source order. `TopicConfigName.all` lists
    /// the names the language accepts.
    public var configs: [ConfigSetting]
    /// The 1-based line of the declaration.
    public var line: Int

    public init(
        name: String, partitions: Int32 = 1, replicationFactor: Int16, minInsyncReplicas: Int32? = nil,
        cleanupPolicy: CleanupPolicy? = nil, retention: Duration? = nil, retentionBytes: Int64? = nil,
        configs: [ConfigSetting] = [], line: Int = 0
    ) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.minInsyncReplicas = minInsyncReplicas
        self.cleanupPolicy = cleanupPolicy
        self.retention = retention
        self.retentionBytes = retentionBytes
        self.configs = configs
        self.line = line
    }

    /// Every config the topic sets, by Kafka's name, ready for CreateTopics: the dedicated
    /// keywords first (`min.insync.replicas`, `cleanup.policy`, `retention.ms`,
    /// `retention.bytes`), then `configs`.
    public var kafkaConfigs: [ConfigSetting] {
        var all: [ConfigSetting] = []
        if let minInsyncReplicas {
            all.append(ConfigSetting("min.insync.replicas", "\(minInsyncReplicas)", line: line))
        }
        if let cleanupPolicy { all.append(ConfigSetting("cleanup.policy", cleanupPolicy.rawValue, line: line)) }
        if let retention { all.append(ConfigSetting("retention.ms", "\(retention.milliseconds)", line: line)) }
        if let retentionBytes { all.append(ConfigSetting("retention.bytes", "\(retentionBytes)", line: line)) }
        return all + configs
    }

    /// The topic's partitions, `NAME-0` up to `NAME-(partitions - 1)`.
    public var topicPartitions: [TopicPartition] { (0..<partitions).map { TopicPartition(name, $0) } }
}
