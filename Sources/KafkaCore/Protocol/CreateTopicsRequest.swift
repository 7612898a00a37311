/// CreateTopics: a broker forwards it to the active controller and answers once the topic's
/// records are committed in the metadata log.
public struct CreateTopicsRequest: Hashable, Sendable {
    public var topics: [NewTopic]

    public init(topics: [NewTopic]) {
        self.topics = topics
    }
}

/// One topic to create: its name, size and configs by Kafka's names (`min.insync.replicas`…).
public struct NewTopic: Hashable, Sendable {
    public var name: String
    /// -1 for the broker default (`num.partitions`).
    public var partitions: Int32
    /// -1 for the broker default (`default.replication.factor`).
    public var replicationFactor: Int16
    /// Config overrides as name/value pairs, in the order given.
    public var configs: [ConfigEntry]

    public init(name: String, partitions: Int32, replicationFactor: Int16, configs: [ConfigEntry] = []) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// A config name and value as Kafka spells them (`retention.ms`, `"604800000"`).
public struct ConfigEntry: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Per topic: `NONE`, or why it was not created, with a message for operators.
public struct CreateTopicsResponse: Hashable, Sendable {
    public var topics: [CreatedTopic]

    public init(topics: [CreatedTopic]) {
        self.topics = topics
    }
}

/// The outcome for one topic.
public struct CreatedTopic: Hashable, Sendable {
    public var name: String
    public var error: KafkaError
    public var message: String?

    public init(name: String, error: KafkaError, message: String? = nil) {
        self.name = name
        self.error = error
        self.message = message
    }
}
