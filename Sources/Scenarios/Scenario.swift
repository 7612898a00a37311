import KafkaCore

/// A failure drill or a teaching story, as parsed from a scenario file (see `Docs/SCENARIOS.md`).
///
/// Everything is resolved by the parser: defaults are filled in, names referenced by the
/// timeline and the expectations exist, times lie within `duration`, replication factors fit
/// the cluster. A runner can take every field at face value; what it still resolves at run time
/// are role targets (`BrokerTarget.leaderOf` names whichever broker leads when the step fires).
///
/// Declarations keep their source order (`topics`, `producers`, `groups`, `expectations`), so
/// a run never depends on hash order; `timeline` is sorted by `at`, ties in source order.
public struct Scenario: Sendable, Hashable {
    /// `scenario NAME`: lowercase words joined by `-` (`leader-loss`), as the library lists it.
    public var name: String
    /// `title "…"`: one line that says what happens (`flightdeck scenarios` prints it).
    public var title: String
    /// `description "…"` lines, in order: the longer story, for the console and reports.
    public var description: [String]
    /// `duration 3m`: how long the run lasts in virtual time.
    public var duration: Duration
    /// `seed N`: the seed a run uses when the command line gives none.
    public var seed: UInt64?
    /// `brokers N`, `controllers N`, `broker-config NAME=VALUE`.
    public var cluster: ClusterSpec
    public var topics: [TopicSpec]
    public var producers: [ProducerSpec]
    public var groups: [GroupSpec]
    /// `at T ACTION [for D]` steps, sorted by `at` (ties keep source order).
    public var timeline: [TimelineStep]
    public var expectations: [Expectation]
    /// Where the text came from (`leader-loss.scenario`, `library:leader-loss`), for reports.
    public var source: String

    public init(
        name: String, title: String, description: [String] = [], duration: Duration, seed: UInt64? = nil,
        cluster: ClusterSpec, topics: [TopicSpec] = [], producers: [ProducerSpec] = [], groups: [GroupSpec] = [],
        timeline: [TimelineStep] = [], expectations: [Expectation] = [], source: String = "<memory>"
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.duration = duration
        self.seed = seed
        self.cluster = cluster
        self.topics = topics
        self.producers = producers
        self.groups = groups
        self.timeline = timeline
        self.expectations = expectations
        self.source = source
    }

    /// The topic called `name`, if the scenario declares one.
    public func topic(named name: String) -> TopicSpec? { topics.first { $0.name == name } }
    /// The producer called `name`, if the scenario declares one.
    public func producer(named name: String) -> ProducerSpec? { producers.first { $0.name == name } }
    /// The consumer group called `name`, if the scenario declares one.
    public func group(named name: String) -> GroupSpec? { groups.first { $0.name == name } }

    /// When the last step that is not narration ends: its `at`, plus its `for` when it heals
    /// itself, plus the whole series for `bounce`. `.zero` when the timeline has no fault.
    /// Expectations with `within T` (lag, replication) count from here.
    public var lastFaultEnd: Duration {
        timeline.reduce(Duration.zero) { end, step in
            guard !step.action.isNarration else { return end }
            return max(end, step.end)
        }
    }
}

/// The brokers: how many, how many of them run the KRaft controller quorum, and broker configs.
public struct ClusterSpec: Sendable, Hashable {
    /// `brokers N` (1...64); ids are `1...brokers`.
    public var brokers: Int
    /// `controllers N`: the first N brokers also run a controller (combined mode). Default
    /// `min(3, brokers)`.
    public var controllers: Int
    /// `broker-config NAME=VALUE`: broker settings by Kafka's names (`replica.lag.time.max.ms`),
    /// values already normalized to Kafka's form (`10s` becomes `10000` for a `.ms` config),
    /// in source order. `BrokerConfigName.all` lists the names the language accepts.
    public var configs: [ConfigSetting]

    public init(brokers: Int, controllers: Int? = nil, configs: [ConfigSetting] = []) {
        self.brokers = brokers
        self.controllers = controllers ?? min(3, brokers)
        self.configs = configs
    }

    /// The broker ids, `1...brokers`.
    public var brokerIDs: [BrokerID] { (0..<brokers).map { BrokerID(Int32($0 + 1)) } }

    /// The value of config `name`, if set (the last setting wins).
    public func config(_ name: String) -> String? { configs.last { $0.name == name }?.value }
}

/// One Kafka config, by Kafka's name, with its value as Kafka spells it (`"10000"`, `"true"`,
/// `"compact,delete"`).
public struct ConfigSetting: Sendable, Hashable {
    public var name: String
    public var value: String
    /// The 1-based line it was written on (0 when built in code).
    public var line: Int

    public init(_ name: String, _ value: String, line: Int = 0) {
        self.name = name
        self.value = value
        self.line = line
    }
}
