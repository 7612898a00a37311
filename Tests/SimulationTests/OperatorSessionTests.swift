import ClusterModel
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

/// The console's default cluster and the operator's commands on it: run as the console runs
/// them (frame by frame, with pauses, steps and speed changes), recorded, and replayed headless.
@Suite struct OperatorSessionTests {
    /// Advances `live` by `count` frames of 100 ms of wall time, as the console does.
    func frames(_ count: Int, _ live: inout LiveScenario) {
        for _ in 0..<count { live.advance(wall: .milliseconds(100)) }
    }

    @Test("the default cluster comes up healthy: both topics led, the order service producing, both groups consuming")
    func defaultClusterComesUp() {
        print("seed: 5")
        var live = LiveScenario(ScenarioLibrary.consoleCluster(), seed: 5)
        live.speed = 10
        frames(30, &live)  // 30 s of virtual time
        let snapshot = live.snapshot()
        #expect(snapshot.brokers.map(\.state) == [.running, .running, .running])
        #expect(snapshot.topics.filter { !$0.isInternal }.map(\.name) == ["order-events", "orders"])
        #expect(snapshot.healthCounts == [.healthy: 9], "\(snapshot.healthCounts)")
        #expect(snapshot.producerNames == ["order-service", "order-status"])
        #expect(Set(snapshot.groups.map(\.groupID)) == ["inventory", "analytics"])
        let produced = snapshot.brokers.reduce(0) { $0 + $1.messagesIn }
        // About 100 orders and 20 status updates a second for the 30 s.
        #expect(produced > 2_400 && produced < 4_800, "\(produced) records")
        #expect(live.narration?.isFinished == false)
    }

    @Test("a destructive command is previewed first; confirmed, it runs at the run's next boundary and is recorded")
    func previewThenRun() throws {
        print("seed: 6")
        var live = LiveScenario(ScenarioLibrary.consoleCluster(), seed: 6)
        live.speed = 10
        frames(20, &live)
        let snapshot = live.snapshot()
        let leader = try #require(
            snapshot.partitions.first { $0.topicPartition == TopicPartition("orders", 0) }?.leader)
        guard case .needsConfirmation(let radius) = live.operate("kill leader of orders-0", confirmed: false) else {
            Issue.record("a kill is previewed first")
            return
        }
        #expect(radius.command == "kill leader of orders-0")
        #expect(radius.leaderMoves.contains { $0.partition == TopicPartition("orders", 0) && $0.from == leader })
        #expect(live.run.operatorSteps.isEmpty, "nothing ran before the confirmation")
        let at = live.run.elapsed
        let outcome = live.operate("kill leader of orders-0", confirmed: true)
        #expect(outcome == .performed("\(leader) (leader of orders-0) killed (kill -9)"), "\(outcome)")
        // It took effect at the run's next boundary, at most a sample interval ahead.
        let took = try #require(live.run.operatorSteps.first?.at)
        #expect(took > at && took <= at + ScenarioRun.sampleInterval)
        #expect(live.run.elapsed == took)
        #expect(live.snapshot().brokers.first { $0.id == leader }?.state == .stopped)
        // Non-destructive commands run at once; mistakes come back as one line.
        #expect(live.operate("restart \(leader.rawValue)", confirmed: false) == .performed("\(leader) restarting"))
        #expect(
            live.operate("kil 2", confirmed: false)
                == .failed("unknown action 'kil' — did you mean 'kill'? (actions: " + ScenarioLibraryActions.list + ")")
        )
        #expect(live.run.operatorSteps.count == 2)
    }

    @Test(
        "a recorded session (commands at odd virtual times, pauses, steps, speed changes) replays headless to the same trace digest"
    )
    func recordReplay() throws {
        print("seed: 7")
        var live = LiveScenario(ScenarioLibrary.consoleCluster(), seed: 7)
        live.speed = 3
        frames(30, &live)
        #expect(live.operate("kill leader of orders-0 for 4s", confirmed: true).isPerformed)
        frames(12, &live)
        live.isPaused = true
        frames(5, &live)
        live.step()
        live.step()
        #expect(live.operate("crash-consumer analytics", confirmed: true).isPerformed)
        live.isPaused = false
        live.speed = 0.7  // frames of 70 ms: commands land between the 100 ms slices of a headless run
        frames(7, &live)
        #expect(live.operate("set-rate order-service 300/s", confirmed: false).isPerformed)
        frames(3, &live)
        #expect(live.operate("isolate 2 for 2s", confirmed: true).isPerformed)
        live.speed = 5
        frames(20, &live)
        #expect(live.operate("add-consumer analytics", confirmed: false).isPerformed)
        frames(9, &live)
        // The session ends on one of the run's boundaries, where a recording ends.
        let rest = live.run.elapsed.microseconds % ScenarioRun.sampleInterval.microseconds
        live.speed = 1
        if rest != 0 { live.advance(wall: .microseconds(ScenarioRun.sampleInterval.microseconds - rest)) }
        let times = live.run.operatorSteps.map(\.at.microseconds)
        #expect(times == times.sorted())

        let text = ScenarioPrinter.text(of: live.run.recordedScenario())
        let recorded = try ScenarioParser.parse(text, file: "recorded.scenario")
        #expect(recorded.timeline.count == 5)
        #expect(recorded.duration == live.run.elapsed)
        var replay = ScenarioRun(recorded)
        replay.runToEnd()
        #expect(replay.elapsed == live.run.elapsed)
        #expect(replay.cluster.world.digest == live.run.cluster.world.digest)

        // The commands matter: the scenario without them runs differently.
        var bare = recorded
        bare.timeline = []
        var without = ScenarioRun(bare)
        without.runToEnd()
        #expect(without.cluster.world.digest != replay.cluster.world.digest)
    }
}

extension OperatorOutcome {
    var isPerformed: Bool {
        if case .performed = self { return true }
        return false
    }
}

enum ScenarioLibraryActions {
    static let list = [
        "say", "kill", "stop", "restart", "power-loss", "pause", "bounce", "isolate", "partition", "heal", "latency",
        "packet-loss", "bandwidth", "slow-disk", "disk-full", "io-errors", "crash-consumer", "close-consumer",
        "add-consumer", "crash-producer", "restart-producer", "set-rate", "set-acks", "elect-preferred",
        "create-topic",
    ].joined(separator: ", ")
}
