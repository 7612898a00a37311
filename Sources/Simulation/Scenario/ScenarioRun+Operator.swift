import KafkaCore
import Scenarios

extension ScenarioRun {
    /// Performs an operator's action now, exactly as a timeline step `at <now> ACTION [for D]`
    /// would run, and remembers it for the recording (`recordedScenario()`). Returns the log
    /// lines it wrote (what it did, or why it was skipped).
    ///
    /// Call it between `advance(by:)` calls: everything due at the current instant has run by
    /// then, which is where a replayed step at the same instant runs too (after the scenario's
    /// own steps and the undos due then).
    @discardableResult
    public mutating func perform(_ action: Action, healsAfter: Duration? = nil) -> [ScenarioLogLine] {
        if origin == nil { setUp() }
        let before = log.count
        let step = TimelineStep(
            at: elapsed, action: action, healsAfter: action.canHeal ? healsAfter : nil,
            line: Self.operatorLineBase + operatorSteps.count)
        operatorSteps.append(step)
        perform(step)
        return Array(log[before...])
    }

    /// Operator steps are numbered from here in the run's log, clear of any file's lines.
    public static let operatorLineBase = 1_000_000

    /// The scenario with the operator's steps added to its timeline at the instants they took
    /// effect: a scenario file that replays this session (`ScenarioPrinter.text(of:)` writes it).
    ///
    /// Its seed is the run's. A scenario without expectations lasts until `end` (the session's
    /// length, by default the virtual time so far); one with expectations keeps its duration, so
    /// that its `within` checks still fit. Either way it lasts until every step has ended.
    public func recordedScenario(until end: Duration? = nil) -> Scenario {
        var recorded = scenario
        recorded.seed = seed
        recorded.timeline = scenario.timeline + operatorSteps
        let lastEnd = recorded.timeline.reduce(Duration.zero) { max($0, $1.end) }
        let length = scenario.expectations.isEmpty ? (end ?? elapsed) : scenario.duration
        recorded.duration = max(lastEnd, min(length, scenario.duration), .milliseconds(1))
        return recorded
    }
}
