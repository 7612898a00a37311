import KafkaCluster
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

/// Each fault of the scenario language, alone in a tiny drill run through `ScenarioRun`: the
/// effect it must have while it lasts, and that `for D` heals it.
@Suite("Scenario faults, one at a time")
struct ScenarioFaultTests {
    static let broker2 = BrokerID(2)

    /// A drill with one topic, one producer and one group; `timeline` adds the fault.
    static func run(_ timeline: String, duration: String = "30s") throws -> ScenarioRun {
        let text = """
            scenario fault
            duration \(duration)
            brokers 3
            topic events partitions 2 rf 3 min.insync 2
            producer writer topic events rate 50/s acks all
            group readers topic events members 2
            \(timeline)
            """
        return ScenarioRun(try ScenarioParser.parse(text, file: "fault.scenario"), seed: 7, storage: .simulated) {
            $0.traceCapacity = 4_096  // `pauses(of:in:since:)` reads the trace ring
        }
    }

    static func link(_ a: Int32, _ b: Int32) -> Link { Link(from: .broker(BrokerID(a)), to: .broker(BrokerID(b))) }

    @Test("kill: the broker is down and leads nothing; for D restarts it")
    func kill() throws {
        var run = try Self.run("at 5s kill broker 2 for 10s")
        run.advance(to: .milliseconds(5500))
        #expect(!run.cluster.isUp(Self.broker2))
        run.advance(to: .seconds(14))
        #expect(run.allPartitions.allSatisfy { run.cluster.leader(of: $0) != Self.broker2 })
        run.advance(to: .seconds(16))
        #expect(run.cluster.isUp(Self.broker2))
        #expect(run.log.contains { $0.text.contains("broker 2 killed (kill -9)") })
    }

    @Test("stop: leadership moves away before the process exits; for D starts it again")
    func stop() throws {
        var run = try Self.run("at 5s stop broker 2 for 15s")
        run.advance(to: .seconds(12))
        #expect(!run.cluster.isUp(Self.broker2))
        #expect(run.allPartitions.allSatisfy { run.cluster.leader(of: $0) != Self.broker2 })
        run.advance(to: .seconds(21))
        #expect(run.cluster.isUp(Self.broker2))
    }

    @Test("restart: a killed broker comes back and rejoins every ISR")
    func restart() throws {
        var run = try Self.run("at 5s kill broker 2\nat 8s restart broker 2", duration: "40s")
        run.advance(to: .seconds(7))
        #expect(!run.cluster.isUp(Self.broker2))
        run.advance(to: .seconds(9))
        #expect(run.cluster.isUp(Self.broker2))
        run.advance(to: .seconds(39))
        #expect(run.allPartitions.allSatisfy { run.cluster.registration($0)?.isr.contains(Self.broker2) == true })
    }

    @Test("power loss: the broker is down and what it had not flushed is gone; a kill keeps it")
    func powerLoss() throws {
        var lost = try Self.run("at 5s power-loss broker 2 for 10s")
        lost.advance(to: .milliseconds(4900))
        let storage = try #require(lost.cluster.simulatedStorage[Self.broker2])
        let written = storage.usedBytes
        lost.advance(to: .milliseconds(5100))
        #expect(!lost.cluster.isUp(Self.broker2))
        #expect(storage.usedBytes < written, "unflushed bytes survived the power loss")
        lost.advance(to: .seconds(16))
        #expect(lost.cluster.isUp(Self.broker2))

        var killed = try Self.run("at 5s kill broker 2 for 10s")
        killed.advance(to: .milliseconds(4900))
        let kept = try #require(killed.cluster.simulatedStorage[Self.broker2])
        let before = kept.usedBytes
        killed.advance(to: .milliseconds(5100))
        #expect(kept.usedBytes >= before, "a kill lost written bytes")
    }

    @Test("pause: the process is paused for D, then runs again")
    func pause() throws {
        var run = try Self.run("at 5s pause broker 2 for 3s")
        run.advance(to: .seconds(6))
        guard case .paused? = run.cluster.world.status(of: .broker(Self.broker2)) else {
            Issue.record("broker 2 is not paused")
            return
        }
        run.advance(to: .seconds(9))
        #expect(run.cluster.world.status(of: .broker(Self.broker2)) == .up)
    }

    @Test("bounce: killed and restarted N times, up at the end")
    func bounce() throws {
        var run = try Self.run("at 5s bounce broker 2 2 times every 6s")
        run.advance(to: .seconds(6))
        #expect(!run.cluster.isUp(Self.broker2))
        run.advance(to: .seconds(25))
        #expect(run.cluster.isUp(Self.broker2))
        #expect(run.log.filter { $0.text.contains("killed (bounce") }.count == 2)
        #expect(run.log.filter { $0.text.contains("restarting (bounce)") }.count == 2)
    }

    @Test("isolate: the node is cut off from every other node, then reconnected")
    func isolate() throws {
        var run = try Self.run("at 5s isolate broker 2 for 5s")
        run.advance(to: .seconds(6))
        #expect(run.cluster.world.network.isIsolated(.broker(Self.broker2)))
        #expect(run.cluster.world.network.isBlocked(Self.link(1, 2)))
        run.advance(to: .seconds(11))
        #expect(!run.cluster.world.network.isIsolated(.broker(Self.broker2)))
        #expect(!run.cluster.world.network.isBlocked(Self.link(1, 2)))
    }

    @Test("overlapping isolations: the earlier one's heal leaves the node isolated until the later one ends")
    func overlappingIsolations() throws {
        var run = try Self.run("at 5s isolate broker 2 for 10s\nat 8s isolate broker 2 for 12s\nat 9s isolate broker 3")
        run.advance(to: .seconds(16))
        #expect(run.cluster.world.network.isIsolated(.broker(Self.broker2)), "the step at 8s holds until 20s")
        run.advance(to: .seconds(21))
        #expect(!run.cluster.world.network.isIsolated(.broker(Self.broker2)))
        #expect(run.log.contains { $0.text.contains("stays isolated") })
        #expect(run.cluster.world.network.isIsolated(.broker(BrokerID(3))), "no for D: only heal reconnects it")
    }

    @Test("partition: links between the groups are cut both ways, one-way only from the first; both heal")
    func partition() throws {
        var both = try Self.run("at 5s partition {1} {2 3} for 5s")
        both.advance(to: .seconds(6))
        let network = both.cluster.world.network
        #expect(network.isBlocked(Self.link(1, 2)) && network.isBlocked(Self.link(2, 1)))
        #expect(network.isBlocked(Self.link(3, 1)))
        #expect(!network.isBlocked(Self.link(2, 3)))
        both.advance(to: .seconds(11))
        #expect(!both.cluster.world.network.isBlocked(Self.link(1, 2)))

        var oneWay = try Self.run("at 5s partition {1} {2} one-way for 5s")
        oneWay.advance(to: .seconds(6))
        #expect(oneWay.cluster.world.network.isBlocked(Self.link(1, 2)))
        #expect(!oneWay.cluster.world.network.isBlocked(Self.link(2, 1)))
        oneWay.advance(to: .seconds(11))
        #expect(!oneWay.cluster.world.network.isBlocked(Self.link(1, 2)))
    }

    @Test("latency, packet loss and bandwidth: the node's links change, then are restored")
    func linkFaults() throws {
        var run = try Self.run(
            """
            at 5s latency 150ms jitter 20ms on broker 2 for 5s
            at 5s packet-loss 10% on broker 2 for 5s
            at 5s bandwidth 64KiB/s on broker 2 for 5s
            """)
        let original = run.cluster.world.network.config(for: Self.link(2, 1))
        run.advance(to: .seconds(6))
        let degraded = run.cluster.world.network.config(for: Self.link(2, 1))
        #expect(degraded.extraDelay == .milliseconds(150))
        #expect(degraded.jitter >= .milliseconds(20))
        #expect(degraded.dropRate == 0.1)
        #expect(degraded.bandwidthBytesPerSecond == 65536)
        #expect(run.cluster.world.network.config(for: Self.link(1, 3)) == original)
        run.advance(to: .seconds(11))
        #expect(run.cluster.world.network.config(for: Self.link(2, 1)) == original)
    }

    @Test("slow disk: writes and flushes cost D, the broker is busy but shown running; for D restores it")
    func slowDisk() throws {
        var run = try Self.run("at 5s slow-disk broker 2 20ms for 5s")
        let storage = try #require(run.cluster.simulatedStorage[Self.broker2])
        run.advance(to: .seconds(7))
        #expect(storage.addedWriteLatency == .milliseconds(20))
        #expect(storage.addedFlushLatency == .milliseconds(20))
        #expect(Self.pauses(of: Self.broker2, in: run) > 0, "a slow disk never made the broker wait")
        #expect(run.cluster.isUp(Self.broker2))
        #expect(run.cluster.snapshot().brokers.first { $0.id == Self.broker2 }?.state == .running)
        run.advance(to: .seconds(11))
        #expect(storage.addedWriteLatency == .zero)
        run.advance(to: .seconds(13))
        #expect(Self.pauses(of: Self.broker2, in: run, since: .seconds(11)) == 0)
    }

    /// Pauses of `broker` among the world's recent events (the trace ring), since `since`.
    static func pauses(of broker: BrokerID, in run: ScenarioRun, since: Duration = .zero) -> Int {
        let start = (run.origin ?? .zero) + since
        return run.cluster.world.trace.elements.filter {
            guard $0.instant >= start, case .paused(let node, _) = $0.kind else { return false }
            return node == .broker(broker)
        }.count
    }

    @Test(
        "disk full and I/O errors: the broker halts with the reason; healing the disk leaves it down until restart",
        arguments: [("disk-full", "No space left on device"), ("io-errors", "I/O error")])
    func failedDisk(fault: String, reason: String) throws {
        var run = try Self.run("at 5s \(fault) leader of events-0 for 10s\nat 20s restart broker 2", duration: "45s")
        run.advance(to: .seconds(4))
        let leader = try #require(run.cluster.leader(of: TopicPartition("events", 0)))
        run.advance(to: .seconds(7))
        #expect(!run.cluster.isUp(leader))
        let halt = try #require(run.cluster.halts.first)
        #expect(halt.broker == leader)
        #expect(halt.reason.contains("log dir offline: \(reason)"))
        #expect(run.log.contains { $0.text.contains("\(leader) halted: log dir offline: \(reason)") })
        run.advance(to: .seconds(16))
        #expect(!run.cluster.isUp(leader), "a healed disk restarted the halted broker")
        #expect(run.log.contains { $0.text.contains("stays down") })
        #expect(run.allPartitions.allSatisfy { run.cluster.leader(of: $0) != leader })
        if leader == Self.broker2 {
            run.advance(to: .seconds(44))
            #expect(run.cluster.isUp(leader))
            #expect(run.allPartitions.allSatisfy { run.cluster.registration($0)?.isr.count == 3 })
        }
        run.runToEnd()
        #expect(run.report().lostCount == 0)
    }

    @Test("crash-consumer: the member's process is down, then restarts")
    func crashConsumer() throws {
        var run = try Self.run("at 5s crash-consumer readers member 2 for 5s")
        run.advance(to: .seconds(6))
        let member = run.groups[0].members[1]
        #expect(run.cluster.world.status(of: member) == .down)
        run.advance(to: .seconds(11))
        #expect(run.cluster.world.status(of: member) == .up)
    }

    @Test("close-consumer leaves the group; add-consumer joins it")
    func closeAndAddConsumer() throws {
        var run = try Self.run("at 5s close-consumer readers member 2\nat 12s add-consumer readers count 2")
        run.advance(to: .seconds(11))
        #expect(Self.members(of: "readers", in: &run) == 1)
        run.advance(to: .seconds(20))
        #expect(Self.members(of: "readers", in: &run) == 3)
    }

    static func members(of group: String, in run: inout ScenarioRun) -> Int? {
        run.cluster.snapshot().groups.first { $0.groupID == group }?.members.count
    }

    @Test("crash-producer stops its sends; restart-producer (and for D) starts a new one")
    func crashProducer() throws {
        var run = try Self.run("at 5s crash-producer writer\nat 10s restart-producer writer", duration: "20s")
        run.advance(to: .seconds(6))
        #expect(run.producers[0].isCrashed)
        let sent = run.producers[0].sent
        run.advance(to: .seconds(9))
        #expect(run.producers[0].sent == sent)
        run.advance(to: .seconds(12))
        #expect(!run.producers[0].isCrashed)
        #expect(run.producers[0].sent > sent)

        var healed = try Self.run("at 5s crash-producer writer for 3s", duration: "20s")
        healed.advance(to: .seconds(9))
        #expect(!healed.producers[0].isCrashed)
    }
}

extension ScenarioRun {
    /// Runs until `elapsed` reaches `time` (setting up first).
    mutating func advance(to time: Duration) {
        if origin == nil { setUp() }
        if time > elapsed { advance(by: time - elapsed) }
    }
}
