import ClusterModel
import KafkaCore

/// A cluster the console or `serve` can run: it follows the wall clock (× its speed) with bounded
/// work per frame and shows itself as a snapshot. `LiveScenario` is the one the console runs (the
/// default cluster is a scenario too); `serve` runs `QuietCluster` or a served scenario.
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

/// A console cluster the operator drives: time controls and commands (`LiveScenario`).
public protocol OperatedCluster: ConsoleCluster {
    /// Virtual seconds per wall second.
    var speed: Double { get set }
    /// Whether the operator paused virtual time.
    var isPaused: Bool { get set }
    /// Moves virtual time one small slice forward, paused or not.
    mutating func step()
    /// Runs an operator's command, or previews it when it is destructive and not `confirmed`.
    mutating func operate(_ command: String, confirmed: Bool) -> OperatorOutcome
    /// What became of commands that finish after `operate` returned (a `create-topic` is
    /// answered by the controller later), oldest first, each once.
    mutating func takeLaterOutcomes() -> [OperatorOutcome]
}
