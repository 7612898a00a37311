import ClusterModel
import KafkaCore
import Simulation

/// A scenario served to real clients (`flightdeck serve --scenario`): the scenario's cluster,
/// topics, workloads and timeline at wall-clock pace. Headless, so a `say … wait` does not stop
/// the world (nobody is there to press Space); when the timeline ends the cluster keeps running
/// for the clients still connected.
struct ServedScenario: ConsoleCluster {
    private(set) var live: LiveScenario
    /// Scenario log lines already handed out by `takeLog()`.
    private var seenLog = 0
    private var target: Instant

    init(_ live: LiveScenario) {
        self.live = live
        target = live.run.cluster.now
    }

    var run: ScenarioRun { live.run }

    /// Runs an operator's command through the scenario's run (recorded as its step); the line to
    /// print.
    mutating func operate(_ command: String) -> String {
        switch live.operate(command, confirmed: true) {
        case .performed(let text): "ok: \(text)\n"
        case .failed(let text): "error: \(text)\n"
        case .needsConfirmation(let radius): "error: \(radius.command) needs confirmation\n"
        }
    }

    mutating func advance(wall: Duration, eventBudget: Int) {
        target = target + wall
        if live.run.isWaitingForKey { live.resume() }
        if !live.run.isFinished {
            live.advance(wall: wall, eventBudget: eventBudget)
            target = max(target, live.run.cluster.now)
            return
        }
        let target = target
        live.withSimulatedCluster { cluster in
            var processed = 0
            // `step(notAfter:)`, not `nextEventInstant <= target` then `step()`: the next entry may be a
            // stale wake-up with a later event behind it, and the clock must not pass the target.
            while processed < eventBudget, cluster.step(notAfter: target) {
                processed += 1
            }
            if cluster.world.nextEventInstant.map({ $0 > target }) ?? true, cluster.now < target {
                cluster.run(until: target)
            }
        }
    }

    /// The scenario's log lines (narration, steps, heals) since the last call, one text each.
    mutating func takeLog() -> [String] {
        let log = live.run.log
        defer { seenLog = log.count }
        return log[min(seenLog, log.count)...].map { entry in
            let marker: String
            switch entry.kind {
            case .narration: marker = "say"
            case .action: marker = "step"
            case .heal: marker = "heal"
            case .skipped: marker = "skipped"
            }
            return "\(marker) \(ScenarioReport.clock(entry.at))  \(entry.text)"
        }
    }

    mutating func snapshot() -> ClusterSnapshot { live.snapshot() }
    var narration: ScenarioNarration? { live.narration }
    mutating func resume() { live.resume() }
    var lagThreshold: Int64? {
        get { live.lagThreshold }
        set { live.lagThreshold = newValue }
    }

    mutating func withSimulatedCluster<Result>(
        _ body: (inout SimulatedCluster) throws -> Result
    ) rethrows -> Result {
        try live.withSimulatedCluster(body)
    }
}
