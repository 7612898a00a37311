import KafkaCore
import Scenarios

extension ScenarioRun {
    /// Performs an operator's action as a timeline step `at T ACTION [for D]` would run, and
    /// remembers it for the recording (`recordedScenario()`). Returns the log lines it wrote
    /// (what it did, or why it was skipped).
    ///
    /// It takes effect at the run's next boundary (at most `sampleInterval` of virtual time
    /// ahead: the run goes there now), after everything else due then, and is recorded at that
    /// instant. A replay of the recording runs it at the same instant in the same order, so the
    /// two runs are the same. Nothing happens before the setup or after the end; a run waiting at
    /// a `say … wait` takes the command once it goes on.
    @discardableResult
    public mutating func perform(_ action: Action, healsAfter: Duration? = nil) -> [ScenarioLogLine] {
        if origin == nil { setUp() }
        guard let origin, !isFinished else { return [] }
        let before = log.count
        operatorQueue.append((action, action.canHeal ? healsAfter : nil))
        guard !isWaitingForKey else { return [] }
        advance(by: nextBoundary(origin: origin) - cluster.now)
        return Array(log[before...])
    }

    /// Runs the queued operator commands now, after the steps and undos due at this instant.
    mutating func performOperatorCommands() {
        while !operatorQueue.isEmpty {
            let (action, healsAfter) = operatorQueue.removeFirst()
            let step = TimelineStep(
                at: elapsed, action: action, healsAfter: healsAfter,
                line: Self.operatorLineBase + operatorSteps.count)
            operatorSteps.append(step)
            perform(step)
        }
    }

    /// What an operator's command is read against: the scenario with the operator's steps so
    /// far in its timeline, so it may name the topics their `create-topic` steps created.
    public var commandContext: Scenario {
        var context = scenario
        context.timeline += operatorSteps
        return context
    }

    /// Operator steps are numbered from here in the run's log, clear of any file's lines.
    public static let operatorLineBase = 1_000_000

    /// The scenario with the operator's steps added to its timeline at the instants they took
    /// effect: a scenario file that replays this session (`ScenarioPrinter.text(of:)` writes it).
    ///
    /// Its seed is the run's. A scenario without expectations lasts until `end` (by default the
    /// virtual time so far), rounded down to the run's last sample boundary so that a replay
    /// ends where the session was at one; one with expectations keeps its duration, so that its
    /// `within` checks still fit. Either way it lasts until every step has ended.
    public func recordedScenario(until end: Duration? = nil) -> Scenario {
        var recorded = scenario
        recorded.seed = seed
        recorded.timeline = scenario.timeline + operatorSteps
        let lastEnd = recorded.timeline.reduce(Duration.zero) { max($0, $1.end) }
        var length = scenario.duration
        if scenario.expectations.isEmpty {
            let session = min(end ?? elapsed, scenario.duration)
            let interval = Self.sampleInterval.microseconds
            length = Duration(microseconds: session.microseconds / interval * interval)
        }
        recorded.duration = max(lastEnd, length, Self.sampleInterval)
        return recorded
    }
}
