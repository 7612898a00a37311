import ClusterModel
import KafkaCore
import Scenarios

/// A scenario run that follows the wall clock for the console: every frame moves it forward by
/// `wall × speed`, in slices, and keeps its latest `say` line for the banner. A `say … wait`
/// stops virtual time until `resume()`.
///
/// Work per frame is bounded by virtual time: at most `eventBudget` slices of `slice` each
/// (the run itself has no per-event budget), so a frame never runs more than that much of the
/// scenario however long the previous one took.
public struct LiveScenario: ConsoleCluster {
    public private(set) var run: ScenarioRun
    /// Virtual seconds per wall second.
    public var speed: Double
    /// The virtual time one call of `ScenarioRun.advance(by:)` covers.
    public static let slice: Duration = .milliseconds(100)
    /// The most virtual time one frame may run, whatever the budget and the wall clock say.
    public static let frameLimit: Duration = .seconds(2)
    private var latest: String?
    private var seenLog = 0

    /// How `flightdeck run` finds the scenario (its built-in name or its file).
    public let reference: String

    /// `scenario` with `seed` (its own seed, or 1, when nil), paused at every `say … wait`;
    /// `realClients` as in `ScenarioRun.init`.
    public init(
        _ scenario: Scenario, reference: String? = nil, seed: UInt64?, speed: Double = 1, realClients: Bool = false
    ) {
        self.reference = reference ?? scenario.name
        run = ScenarioRun(scenario, seed: seed, realClients: realClients)
        run.pausesAtWait = true
        self.speed = speed
    }

    public mutating func advance(wall: Duration, eventBudget: Int = 200_000) {
        // The setup runs in virtual time as fast as it can (a few seconds of it): the cluster
        // elects a controller and creates the declared topics before the story starts.
        if run.origin == nil { run.setUp() }
        let step = Int64((Double(wall.microseconds) * speed).rounded())
        var remaining = min(Duration.microseconds(max(0, step)), Self.frameLimit)
        var slices = 0
        while remaining > .zero, slices < max(1, eventBudget), !run.isWaitingForKey, !run.isFinished {
            let slice = min(remaining, Self.slice)
            run.advance(by: slice)
            remaining = remaining - slice
            slices += 1
            readNarration()
        }
        readNarration()
    }

    public mutating func snapshot() -> ClusterSnapshot {
        run.cluster.snapshot(speed: speed, dataDirectory: nil)
    }

    public var narration: ScenarioNarration? {
        ScenarioNarration(
            name: run.scenario.name, reference: reference, seed: run.seed, title: run.scenario.title, text: latest,
            isWaitingForKey: run.isWaitingForKey, isFinished: run.isFinished, failure: run.setupFailure)
    }

    public mutating func resume() {
        run.resume()
    }

    public var lagThreshold: Int64? {
        get { run.cluster.groupTracker.lagThreshold }
        set { run.cluster.groupTracker.lagThreshold = newValue }
    }

    public mutating func withSimulatedCluster<Result>(
        _ body: (inout SimulatedCluster) throws -> Result
    ) rethrows -> Result {
        try body(&run.cluster)
    }

    private mutating func readNarration() {
        while seenLog < run.log.count {
            if case .narration = run.log[seenLog].kind { latest = run.log[seenLog].text }
            seenLog += 1
        }
    }
}
