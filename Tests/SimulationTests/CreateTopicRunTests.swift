import ClusterModel
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

/// `create-topic` run by a scenario and by the operator: CreateTopics through a broker to the
/// controller, leaders elected, the topic in the snapshot, Kafka's errors as one line, and a
/// recorded session that replays to the same trace digest.
@Suite struct CreateTopicRunTests {
    func frames(_ count: Int, _ live: inout LiveScenario) {
        for _ in 0..<count { live.advance(wall: .milliseconds(100)) }
    }

    @Test(
        "a timeline create-topic makes the topic with its partitions, rf and configs; a producer started later writes to it"
    )
    func scenarioCreates() throws {
        print("seed: 11")
        let scenario = try ScenarioParser.parse(
            """
            scenario create
            duration 30s
            seed 11
            brokers 3
            topic orders partitions 1 rf 3
            at 5s create-topic payments partitions 3 rf 3 min.insync 2 retention 1d
            at 5s create-topic loose rf 2 min.insync 3 cleanup compact
            producer pay topic payments rate 50/s start 6s
            at 15s elect-preferred payments
            """, file: "create.scenario")
        var run = ScenarioRun(scenario)
        run.runToEnd()
        let texts = run.log.map(\.text)
        #expect(texts.contains("topic payments created: 3 partition(s), rf 3"), "\(texts)")
        #expect(texts.contains { $0.hasPrefix("warning: topic loose has min.insync.replicas 3 above") })
        #expect(texts.contains("topic loose created: 1 partition(s), rf 2"))
        #expect(!run.log.contains { $0.kind == .skipped }, "\(texts)")
        let snapshot = run.cluster.snapshot()
        let payments = try #require(snapshot.topics.first { $0.name == "payments" })
        #expect(payments.partitionCount == 3 && payments.replicationFactor == 3)
        #expect(payments.configs.contains(ConfigEntry("min.insync.replicas", "2")))
        #expect(payments.configs.contains(ConfigEntry("retention.ms", "86400000")))
        let partitions = snapshot.partitions.filter { $0.topicPartition.topic == "payments" }
        #expect(partitions.count == 3 && partitions.allSatisfy { $0.leader != nil && $0.replicas.count == 3 })
        let report = run.report()
        let pay = try #require(report.producers.first { $0.name == "pay" })
        #expect(pay.acknowledged > 1_000, "\(pay)")
        #expect(report.lostCount == 0, "records acknowledged to a created topic are found in its log")
        let created = report.partitions.filter { $0.partition.topic == "payments" }
        #expect(created.count == 3)
        #expect(created.allSatisfy { $0.outages == 0 && $0.hasLeaderAtEnd }, "no outage counted while it is created")
    }

    @Test("expectations judge a created topic's partitions; a topic whose creation failed fails them")
    func expectationsOnCreatedTopic() throws {
        print("seed: 15")
        let scenario = try ScenarioParser.parse(
            """
            scenario create-expect
            duration 80s
            seed 15
            brokers 3
            topic orders partitions 1 rf 3
            at 3s stop broker 3
            at 5s create-topic wide partitions 2 rf 3
            at 6s restart broker 3
            at 10s create-topic payments partitions 3 rf 3
            producer pay topic payments rate 50/s start 11s
            at 20s kill leader of payments-1 for 15s
            expect leader payments-1 within 20s
            expect isr-shrink payments
            expect replicated payments within 30s
            expect leader wide within 10s
            expect no-loss pay
            """, file: "create-expect.scenario")
        var run = ScenarioRun(scenario)
        run.runToEnd()
        let report = run.report()
        let outcomes = Dictionary(uniqueKeysWithValues: report.expectations.map { ($0.text, $0) })
        let leader = try #require(outcomes["expect leader payments-1 within 20s"])
        #expect(leader.passed && leader.detail.hasPrefix("longest time without a leader: payments-1"), "\(leader)")
        #expect(outcomes["expect isr-shrink payments"]?.passed == true, "the killed leader was fenced")
        #expect(outcomes["expect replicated payments within 30s"]?.passed == true)
        #expect(outcomes["expect no-loss pay"]?.passed == true)
        let wide = try #require(outcomes["expect leader wide within 10s"])
        #expect(!wide.passed && wide.detail == "topic wide does not exist: its create-topic failed", "\(wide)")
    }

    @Test("Kafka's errors come back as a log line: too few live brokers, no controller quorum")
    func errors() throws {
        print("seed: 12")
        let scenario = try ScenarioParser.parse(
            """
            scenario create-errors
            duration 2m
            seed 12
            brokers 3
            topic orders partitions 1 rf 3
            at 10s stop broker 3
            at 20s create-topic wide partitions 2 rf 3
            at 30s restart broker 3
            at 40s kill broker 1
            at 40s kill broker 2
            at 41s create-topic stuck
            """, file: "errors.scenario")
        var run = ScenarioRun(scenario)
        run.runToEnd()
        let failures = run.log.filter { $0.kind == .skipped }.map(\.text)
        #expect(failures.count == 2, "\(run.log.map(\.text))")
        #expect(failures.first?.hasPrefix("create-topic wide failed: INVALID_REPLICATION_FACTOR") == true)
        // Broker 3 runs but no controller answers it: REQUEST_TIMED_OUT, or no answer in 60 s.
        #expect(failures.last?.hasPrefix("create-topic stuck failed: ") == true)
        #expect(!run.cluster.snapshot().topics.contains { $0.name == "wide" || $0.name == "stuck" })
    }

    @Test("the operator creates a topic from the console: shown in the snapshot, nameable, recorded and replayed")
    func operatorSession() throws {
        print("seed: 13")
        var live = LiveScenario(ScenarioLibrary.consoleCluster(), seed: 13)
        live.speed = 5
        frames(20, &live)
        let outcome = live.operate("create-topic payments partitions 3 rf 3", confirmed: false)
        guard case .performed(let text) = outcome else {
            Issue.record("create-topic is not destructive and runs at once: \(outcome)")
            return
        }
        #expect(text.hasPrefix("create-topic payments: CreateTopics (3 partition(s), rf 3) sent to broker"), "\(text)")
        frames(10, &live)
        #expect(live.takeLaterOutcomes() == [.performed("topic payments created: 3 partition(s), rf 3")])
        #expect(live.takeLaterOutcomes().isEmpty, "each outcome once")
        let snapshot = live.snapshot()
        let topic = try #require(snapshot.topics.first { $0.name == "payments" })
        #expect(topic.partitionCount == 3 && topic.replicationFactor == 3)
        #expect(snapshot.partitions.filter { $0.topicPartition.topic == "payments" }.allSatisfy { $0.leader != nil })
        // Later commands name it; mistakes are one line.
        #expect(live.operate("elect-preferred payments", confirmed: false).isPerformed)
        #expect(live.operate("kill leader of payments-1 for 2s", confirmed: true).isPerformed)
        frames(5, &live)
        guard case .failed(let again) = live.operate("create-topic payments", confirmed: false) else {
            Issue.record("a second create-topic of the name is refused")
            return
        }
        #expect(again.contains("already created"), "\(again)")
        guard case .failed(let wide) = live.operate("create-topic big rf 4", confirmed: false) else {
            Issue.record("rf above the brokers is refused")
            return
        }
        #expect(wide.contains("replication factor 4 but the cluster has only 3 brokers"), "\(wide)")
        #expect(live.operate("create-topic bad/name", confirmed: false) != .performed(""))
        frames(10, &live)
        let rest = live.run.elapsed.microseconds % ScenarioRun.sampleInterval.microseconds
        live.speed = 1
        if rest != 0 { live.advance(wall: .microseconds(ScenarioRun.sampleInterval.microseconds - rest)) }

        let text2 = ScenarioPrinter.text(of: live.run.recordedScenario())
        #expect(text2.contains("create-topic payments partitions 3 rf 3"))
        let recorded = try ScenarioParser.parse(text2, file: "recorded.scenario")
        #expect(recorded.timeline.map(\.action.keyword) == ["create-topic", "elect-preferred", "kill"])
        var replay = ScenarioRun(recorded)
        replay.runToEnd()
        #expect(replay.elapsed == live.run.elapsed)
        #expect(replay.cluster.world.digest == live.run.cluster.world.digest)
        #expect(replay.createdTopics.map(\.name) == ["payments"])
    }

    @Test("serve without a scenario: create-topic waits for the controller's answer and the leaders, or says the error")
    func serveCreates() {
        var cluster = startedCluster(seed: 14)
        let spec = TopicSpec(name: "payments", partitions: 3, replicationFactor: 3, minInsyncReplicas: 2)
        let step = TimelineStep(at: .zero, action: .createTopic(spec))
        #expect(cluster.operate(step) == .success("topic payments created: 3 partition(s), rf 3"))
        cluster.run(until: cluster.now + .seconds(2))
        #expect((0..<3).allSatisfy { cluster.isServing(TopicPartition("payments", $0)) })
        guard case .failure(let refusal) = cluster.operate(step) else {
            Issue.record("a second create-topic of the name fails")
            return
        }
        #expect("\(refusal)".contains("TOPIC_ALREADY_EXISTS"), "\(refusal)")
    }
}
