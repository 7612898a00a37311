/// A Kafka config the scenario language accepts as `NAME=VALUE`, with the kind of value it
/// takes, so the parser can check values and write them the way Kafka does.
public struct KafkaConfigName: Sendable, Hashable {
    /// What a config's value is, and how scenario text writes it.
    public enum Kind: Sendable, Hashable {
        /// `*.ms`: a duration (`10s`) or whole milliseconds (`10000`); `-1` where Kafka allows it.
        case milliseconds
        /// `*.seconds`: a duration (`5m`) or whole seconds.
        case seconds
        /// `*.minutes`: a duration (`7d`) or whole minutes.
        case minutes
        /// `*.bytes`: a size (`1MiB`) or whole bytes; `-1` where Kafka allows it.
        case bytes
        /// A whole number.
        case integer
        /// `true` or `false`.
        case boolean
        /// A decimal in 0...1.
        case ratio
        /// `delete`, `compact` or `compact,delete`.
        case cleanupPolicy
    }

    public var name: String
    public var kind: Kind
    /// Whether `-1` (Kafka's "unlimited") is allowed.
    public var allowsUnlimited: Bool

    public init(_ name: String, _ kind: Kind, allowsUnlimited: Bool = false) {
        self.name = name
        self.kind = kind
        self.allowsUnlimited = allowsUnlimited
    }

    /// Reads a value written in a scenario and returns it as Kafka writes it (`10s` → `10000`
    /// for a `.ms` config), or nil when it is not a valid value of this kind.
    public func normalize(_ text: String) -> String? {
        if allowsUnlimited && text == "-1" { return "-1" }
        switch kind {
        case .milliseconds: return whole(text, unit: 1000)
        case .seconds: return whole(text, unit: 1_000_000)
        case .minutes: return whole(text, unit: 60_000_000)
        case .bytes:
            if let number = Quantities.integer(text) { return "\(number)" }
            return Quantities.size(text).map { "\($0)" }
        case .integer: return Quantities.integer(text).map { "\($0)" }
        case .boolean: return text == "true" || text == "false" ? text : nil
        case .ratio:
            guard let value = Quantities.decimal(text), value <= 1 else { return nil }
            return Quantities.number(value)
        case .cleanupPolicy:
            let parts = text.split(separator: ",").map(String.init).sorted()
            let normalized = parts.joined(separator: ",")
            return ["delete", "compact", "compact,delete"].contains(normalized) ? normalized : nil
        }
    }

    /// What a value of this kind looks like, for "expected …" messages.
    public var example: String {
        switch kind {
        case .milliseconds: "a duration like 10s or whole milliseconds like 10000"
        case .seconds: "a duration like 5m or whole seconds like 300"
        case .minutes: "a duration like 7d or whole minutes like 10080"
        case .bytes: "a size like 1MiB or whole bytes like 1048576"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .ratio: "a decimal from 0 to 1, like 0.5"
        case .cleanupPolicy: "delete, compact or compact,delete"
        }
    }

    /// A duration in whole `unit`s of microseconds, or a plain whole number already in the unit.
    private func whole(_ text: String, unit: Int64) -> String? {
        if let number = Quantities.integer(text) { return "\(number)" }
        guard let duration = Quantities.duration(text), duration.microseconds % unit == 0 else { return nil }
        return "\(duration.microseconds / unit)"
    }
}

/// The broker configs a scenario may set with `broker-config NAME=VALUE` (Kafka's names; the
/// runner maps each onto `ServerConfig`).
public enum BrokerConfigName {
    public static let all: [KafkaConfigName] = [
        KafkaConfigName("auto.leader.rebalance.enable", .boolean),
        KafkaConfigName("broker.heartbeat.interval.ms", .milliseconds),
        KafkaConfigName("broker.session.timeout.ms", .milliseconds),
        KafkaConfigName("default.replication.factor", .integer),
        KafkaConfigName("group.initial.rebalance.delay.ms", .milliseconds),
        KafkaConfigName("group.max.session.timeout.ms", .milliseconds),
        KafkaConfigName("group.max.size", .integer),
        KafkaConfigName("group.min.session.timeout.ms", .milliseconds),
        KafkaConfigName("leader.imbalance.check.interval.seconds", .seconds),
        KafkaConfigName("log.cleanup.policy", .cleanupPolicy),
        KafkaConfigName("log.flush.offset.checkpoint.interval.ms", .milliseconds),
        KafkaConfigName("log.retention.bytes", .bytes, allowsUnlimited: true),
        KafkaConfigName("log.retention.check.interval.ms", .milliseconds),
        KafkaConfigName("log.retention.ms", .milliseconds, allowsUnlimited: true),
        KafkaConfigName("log.segment.bytes", .bytes),
        KafkaConfigName("max.incremental.fetch.session.cache.slots", .integer),
        KafkaConfigName("min.insync.replicas", .integer),
        KafkaConfigName("num.partitions", .integer),
        KafkaConfigName("offsets.retention.minutes", .minutes),
        KafkaConfigName("offsets.topic.num.partitions", .integer),
        KafkaConfigName("offsets.topic.replication.factor", .integer),
        KafkaConfigName("offsets.topic.segment.bytes", .bytes),
        KafkaConfigName("quorum.election.timeout.ms", .milliseconds),
        KafkaConfigName("quorum.fetch.timeout.ms", .milliseconds),
        KafkaConfigName("replica.fetch.backoff.ms", .milliseconds),
        KafkaConfigName("replica.fetch.max.bytes", .bytes),
        KafkaConfigName("replica.fetch.min.bytes", .bytes),
        KafkaConfigName("replica.fetch.response.max.bytes", .bytes),
        KafkaConfigName("replica.fetch.wait.max.ms", .milliseconds),
        KafkaConfigName("replica.high.watermark.checkpoint.interval.ms", .milliseconds),
        KafkaConfigName("replica.lag.time.max.ms", .milliseconds),
        KafkaConfigName("replica.socket.timeout.ms", .milliseconds),
        KafkaConfigName("unclean.leader.election.enable", .boolean),
        KafkaConfigName("unclean.leader.election.interval.ms", .milliseconds),
    ]

    public static func named(_ name: String) -> KafkaConfigName? { all.first { $0.name == name } }
}

/// The topic configs a scenario may set as `NAME=VALUE` on a `topic` line: the ones the
/// cluster's CreateTopics understands (`TopicConfig.knownNames`).
public enum TopicConfigName {
    public static let all: [KafkaConfigName] = [
        KafkaConfigName("cleanup.policy", .cleanupPolicy),
        KafkaConfigName("delete.retention.ms", .milliseconds),
        KafkaConfigName("max.message.bytes", .bytes),
        KafkaConfigName("min.compaction.lag.ms", .milliseconds),
        KafkaConfigName("min.insync.replicas", .integer),
        KafkaConfigName("retention.bytes", .bytes, allowsUnlimited: true),
        KafkaConfigName("retention.ms", .milliseconds, allowsUnlimited: true),
        KafkaConfigName("segment.bytes", .bytes),
        KafkaConfigName("segment.ms", .milliseconds),
        KafkaConfigName("unclean.leader.election.enable", .boolean),
    ]

    /// Topic configs with their own keyword on the `topic` line, which is the one way to set them.
    static let keywords = [
        "cleanup.policy": "cleanup", "min.insync.replicas": "min.insync", "retention.ms": "retention",
        "retention.bytes": "retention-bytes",
    ]

    public static func named(_ name: String) -> KafkaConfigName? { all.first { $0.name == name } }
}
