import KafkaCore

/// What the console may know about the cluster at one instant: plain values, no engine types.
///
/// The simulation builds one per frame; screens render from it alone, so every screen can be
/// tested with a hand-built snapshot and no running cluster.
public struct ClusterSnapshot: Hashable, Sendable {
    /// Virtual time of the snapshot.
    public var now: Instant
    /// The seed the world runs with (shown in the header so a run can be replayed).
    public var seed: UInt64
    /// Virtual seconds per wall-clock second.
    public var speed: Double
    /// How many partitions fall into each health bucket.
    public var healthCounts: [PartitionHealth: Int]
    /// Where the brokers keep their logs, shown in the header.
    public var dataDirectory: String?
    /// The active controller, if the quorum has one.
    public var activeController: BrokerID?
    public var brokers: [BrokerSnapshot]
    /// Topics by name.
    public var topics: [TopicSnapshot]
    /// Partitions in topic, then partition order.
    public var partitions: [PartitionSnapshot]
    /// Consumer groups by id.
    public var groups: [GroupSnapshot]
    /// The most recent events, oldest first (a bounded window).
    public var events: [ClusterEvent]
    /// The brokers' configs that decide what the console explains (`replica.lag.time.max.ms`,
    /// `broker.session.timeout.ms`…), by Kafka's names; every broker shares them.
    public var brokerConfigs: [ConfigEntry]
    /// The listeners for real Kafka clients; `nil` when they are off.
    public var listeners: ListenerSnapshot?
    /// The names of the producers the scenario runs, for the command line's completion.
    public var producerNames: [String] = []
    /// What the run's checkers found so far; `nil` when nothing checks this cluster.
    public var checks: CheckSummary?

    public init(
        now: Instant = .zero, seed: UInt64 = 0, speed: Double = 1, healthCounts: [PartitionHealth: Int] = [:],
        dataDirectory: String? = nil, activeController: BrokerID? = nil, brokers: [BrokerSnapshot] = [],
        topics: [TopicSnapshot] = [], partitions: [PartitionSnapshot] = [], groups: [GroupSnapshot] = [],
        events: [ClusterEvent] = [], listeners: ListenerSnapshot? = nil, brokerConfigs: [ConfigEntry] = []
    ) {
        self.now = now
        self.seed = seed
        self.speed = speed
        self.healthCounts = healthCounts
        self.dataDirectory = dataDirectory
        self.activeController = activeController
        self.brokers = brokers
        self.topics = topics
        self.partitions = partitions
        self.groups = groups
        self.events = events
        self.listeners = listeners
        self.brokerConfigs = brokerConfigs
    }

    /// The value of broker config `name`, when the snapshot has it.
    public func brokerConfig(_ name: String) -> String? {
        brokerConfigs.first { $0.name == name }?.value
    }

    /// An empty cluster: no brokers, no partitions, time zero. What the console shows before a
    /// cluster exists.
    public static let empty = ClusterSnapshot()

    /// Total partitions counted over all buckets.
    public var partitionCount: Int { healthCounts.values.reduce(0, +) }
}
