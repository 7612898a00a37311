import KafkaCore
import Scenarios

/// Runs seeds of a seed sweep: each seed's `SweepDrill`, with every checker on, judged by its
/// expectations, the checkers' findings, and every partition having a leader at the end.
public enum SeedSweep {
    /// What one seed did.
    public struct Outcome: Sendable {
        public var seed: UInt64
        /// The drill, as a scenario file (`flightdeck run` replays it).
        public var scenarioText: String
        public var passed: Bool
        /// Why it failed: failed expectations, findings, leaderless partitions (at most a few).
        public var problems: [String]
        public var digest: String
    }

    /// The most problems an outcome lists.
    public static let problemLimit = 8

    /// Runs the drill of `seed`.
    public static func run(seed: UInt64) -> Outcome {
        run(seed: seed) { _ in }
    }

    /// `run(seed:)` with the cluster's options adjusted first (tests plant bugs this way).
    static func run(seed: UInt64, configure: (inout ClusterOptions) -> Void) -> Outcome {
        let text = SweepDrill.text(seed: seed)
        let scenario: Scenario
        do {
            scenario = try ScenarioParser.parse(text, file: "sweep-\(seed).scenario")
        } catch {
            // A drill the generator wrote must parse; say so rather than crash the sweep.
            return Outcome(
                seed: seed, scenarioText: text, passed: false,
                problems: ["the generated drill does not parse: \(error)"], digest: "")
        }
        var run = ScenarioRun(scenario, seed: seed, storage: .simulated, configure: configure)
        run.runToEnd()
        let report = run.report()
        var problems: [String] = []
        if let failure = report.setupFailure { problems.append("setup failed: \(failure)") }
        for expectation in report.expectations where !expectation.passed {
            problems.append("line \(expectation.line): \(expectation.text) — \(expectation.detail)")
        }
        problems += report.lost.prefix(2).map { "lost: \($0)" }
        problems += report.findings.prefix(3).map { "finding: \($0)" }
        for partition in report.partitions where !partition.hasLeaderAtEnd {
            problems.append("\(partition.partition) has no leader at the end")
        }
        return Outcome(
            seed: seed, scenarioText: text, passed: problems.isEmpty, problems: Array(problems.prefix(problemLimit)),
            digest: report.digest)
    }
}
