import ClusterModel
import KafkaCore

/// A cluster the console can run: it follows the wall clock (× its speed) with bounded work per
/// frame, and shows itself as a snapshot. `LiveCluster` is the default cluster; `LiveScenario`
/// runs a scenario and adds its narration.
public protocol ConsoleCluster {
    /// Moves virtual time forward by `wall × speed`, doing at most `eventBudget` units of work.
    mutating func advance(wall: Duration, eventBudget: Int)
    /// The cluster as the console shows it.
    mutating func snapshot() -> ClusterSnapshot
    /// The scenario's title and latest narration; `nil` for a cluster without a story.
    var narration: ScenarioNarration? { get }
    /// Lets a scenario paused at a `say … wait` go on; nothing for the others.
    mutating func resume()
    /// Lag at or below this counts as none in the groups' Burrow-style status (nil: Burrow's rules).
    var lagThreshold: Int64? { get set }
    /// Lends the simulated cluster underneath to `body`: the wire server sends real clients'
    /// requests into it and takes the brokers' answers, and `serve` applies operator commands.
    mutating func withSimulatedCluster<Result>(_ body: (inout SimulatedCluster) throws -> Result) rethrows -> Result
}

extension LiveCluster: ConsoleCluster {
    public var narration: ScenarioNarration? { nil }
    public mutating func resume() {}
}
