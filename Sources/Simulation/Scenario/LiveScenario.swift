import ClusterModel
import KafkaCore
import Scenarios

/// A scenario run that follows the wall clock for the console: every frame moves it forward by
/// `wall × speed`, in slices, and keeps its latest `say` line for the banner. A `say … wait`
/// stops virtual time until `resume()`; so does the operator's pause (`isPaused`), until
/// unpaused or stepped.
///
/// The console's default cluster is a scenario too (`ScenarioLibrary.consoleCluster`), with an
/// empty timeline: the operator's commands (`operate(_:confirmed:)`) are its steps, recorded at
/// the virtual instant each took effect (`run.recordedScenario()`).
///
/// Work per frame is bounded by virtual time: at most `eventBudget` slices of `slice` each
/// (the run itself has no per-event budget), so a frame never runs more than that much of the
/// scenario however long the previous one took.
public struct LiveScenario: OperatedCluster {
    public internal(set) var run: ScenarioRun
    /// Virtual seconds per wall second.
    public var speed: Double
    /// Whether the operator paused virtual time (`pause`, Space); `step()` still moves it.
    public var isPaused = false
    /// Where the brokers keep their files, shown in the header (nil: simulated storage).
    public let dataDirectory: String?
    /// The virtual time one call of `ScenarioRun.advance(by:)` covers.
    public static let slice: Duration = .milliseconds(100)
    /// The most virtual time one frame may run, whatever the budget and the wall clock say.
    public static let frameLimit: Duration = .seconds(2)
    /// The speeds the operator may choose.
    public static let speeds: ClosedRange<Double> = 0.1...100
    /// The seconds of per-second metrics a live run keeps at least (at most twice as many).
    public static let metricsWindowSeconds = 3600
    private var latest: String?
    /// The operator's `create-topic` steps whose outcome has not come yet, by log line.
    private var awaitedLines: Set<Int> = []
    private var laterOutcomes: [OperatorOutcome] = []
    private var seenLog = 0

    /// How `flightdeck run` finds the scenario (its built-in name or its file).
    public let reference: String

    /// `scenario` with `seed` (its own seed, or 1, when nil), paused at every `say … wait`;
    /// `realClients` as in `ScenarioRun.init`.
    public init(
        _ scenario: Scenario, reference: String? = nil, seed: UInt64?, speed: Double = 1,
        storage: ClusterOptions.Storage = .simulated, dataDirectory: String? = nil, realClients: Bool = false
    ) {
        self.reference = reference ?? scenario.name
        run = ScenarioRun(scenario, seed: seed, storage: storage, realClients: realClients)
        run.pausesAtWait = true
        run.checksLive = true
        // The console's cluster lasts a year: its charts' series keep the last hour or two.
        run.metrics.windowSeconds = Self.metricsWindowSeconds
        self.speed = speed
        self.dataDirectory = dataDirectory
    }

    public mutating func advance(wall: Duration, eventBudget: Int = 200_000) {
        // The setup runs in virtual time as fast as it can (a few seconds of it): the cluster
        // elects a controller and creates the declared topics before the story starts.
        if run.origin == nil { run.setUp() }
        guard !isPaused else { return readNarration() }
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

    /// Moves virtual time one slice forward, paused or not (the operator's single step).
    public mutating func step() {
        if run.origin == nil { run.setUp() }
        guard !run.isWaitingForKey, !run.isFinished else { return }
        run.advance(by: Self.slice)
        readNarration()
    }

    public mutating func snapshot() -> ClusterSnapshot {
        var snapshot = run.cluster.snapshot(speed: speed, dataDirectory: dataDirectory)
        snapshot.producerNames = run.scenario.producers.map(\.name)
        snapshot.checks = run.liveCheckSummary
        return snapshot
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

    /// Runs an operator's command (`kill leader of orders-0 for 30s`) now, as a timeline step of
    /// the scenario would run: parsed by the scenario language, performed by the run, recorded.
    /// A destructive one comes back as its blast-radius preview unless `confirmed`.
    public mutating func operate(_ command: String, confirmed: Bool) -> OperatorOutcome {
        let step: TimelineStep
        do {
            step = try ScenarioParser.parseCommand(command, for: run.commandContext, at: run.elapsed)
        } catch {
            guard let first = error.diagnostics.first else { return .failed("could not read '\(command)'") }
            return .failed(first.message + (first.hint.map { " (\($0))" } ?? ""))
        }
        if let problem = refusal(of: step.action) { return .failed(problem) }
        if !confirmed, let radius = OperatorPreview.blastRadius(of: step, command: command, in: snapshot()) {
            return .needsConfirmation(radius)
        }
        let lines = run.perform(step.action, healsAfter: step.healsAfter)
        readNarration()
        // A CreateTopics is answered at a later boundary: its outcome comes from `takeLaterOutcomes()`.
        if case .createTopic = step.action, let last = run.operatorSteps.last { awaitedLines.insert(last.line) }
        let text = lines.map(\.text).joined(separator: "; ")
        let skipped = lines.contains { $0.kind == .skipped }
        return skipped ? .failed(text) : .performed(text.isEmpty ? ScenarioPrinter.text(of: step.action) : text)
    }

    public mutating func takeLaterOutcomes() -> [OperatorOutcome] {
        defer { laterOutcomes = [] }
        return laterOutcomes
    }

    /// Why the run cannot take an action now, if it cannot.
    private func refusal(of action: Action) -> String? {
        if run.origin == nil { return "the cluster is still starting; try again in a moment" }
        if run.isFinished { return "the scenario has ended; nothing more can happen in it" }
        if run.isWaitingForKey { return "the drill is waiting: press Space to let it go on first" }
        return nil
    }

    private mutating func readNarration() {
        while seenLog < run.log.count {
            let entry = run.log[seenLog]
            if case .narration = entry.kind { latest = entry.text }
            if awaitedLines.contains(entry.line), entry.kind == .skipped || entry.text.hasPrefix("topic ") {
                laterOutcomes.append(entry.kind == .skipped ? .failed(entry.text) : .performed(entry.text))
                awaitedLines.remove(entry.line)
            }
            seenLog += 1
        }
    }
}
