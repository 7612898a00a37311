import ClusterModel
import KafkaCore
import Simulation

/// The cluster `flightdeck serve` runs without a scenario: the default topics (created as soon as
/// the cluster can) and no simulated clients, so real clients are its only traffic. Its brokers
/// accept any record timestamp (`ClusterOptions.realClients`).
public struct QuietCluster: ConsoleCluster {
    public private(set) var cluster: SimulatedCluster
    public private(set) var topics: TopicBootstrap
    /// How far virtual time lags the wall clock after the last `advance` (zero when it kept up).
    public private(set) var behind: Duration = .zero
    private var target: Instant
    public var lagThreshold: Int64? {
        get { cluster.groupTracker.lagThreshold }
        set { cluster.groupTracker.lagThreshold = newValue }
    }

    public init(brokers: Int, seed: UInt64) {
        cluster = SimulatedCluster(.realClients(brokers: brokers, seed: seed))
        topics = TopicBootstrap.defaultTopics(brokers: brokers)
        target = cluster.now
    }

    /// Runs the world `wall` further (speed 1), at most `eventBudget` events, then asks for the
    /// default topics once the cluster can create them.
    public mutating func advance(wall: Duration, eventBudget: Int) {
        target = target + wall
        var processed = 0
        // `step(notAfter:)`, not `nextEventInstant <= target` then `step()`: the next entry may be a
        // stale wake-up with a later event behind it, and the clock must not pass the target.
        while processed < eventBudget, cluster.step(notAfter: target) {
            processed += 1
        }
        if cluster.world.nextEventInstant.map({ $0 > target }) ?? true, cluster.now < target {
            cluster.run(until: target)
        }
        behind = target > cluster.now ? target - cluster.now : .zero
        topics.advance(&cluster)
    }

    public mutating func snapshot() -> ClusterSnapshot {
        cluster.snapshot(speed: 1, dataDirectory: nil)
    }

    public var narration: ScenarioNarration? { nil }

    public mutating func resume() {}

    public mutating func withSimulatedCluster<Result>(
        _ body: (inout SimulatedCluster) throws -> Result
    ) rethrows -> Result {
        try body(&cluster)
    }
}
