import KafkaCore
import Testing

@testable import Scenarios

/// `create-topic`: the `topic` line's options as a timeline action, Kafka's CreateTopics checks
/// on the line, and later lines that name the topic it creates.
@Suite struct CreateTopicParserTests {
    @Test("create-topic reads a topic line's options; unwritten ones are Kafka's broker defaults")
    func accepts() throws {
        let scenario = try parse(
            """
            topic orders partitions 6
            at 10s create-topic payments partitions 3 rf 3 min.insync 2 cleanup compact retention 1d segment.bytes=1MiB
            at 20s create-topic plain
            """)
        guard case .createTopic(let payments) = scenario.timeline[0].action,
            case .createTopic(let plain) = scenario.timeline[1].action
        else {
            Issue.record("expected two create-topic steps, got \(scenario.timeline)")
            return
        }
        #expect(payments.name == "payments" && payments.partitions == 3 && payments.replicationFactor == 3)
        #expect(payments.minInsyncReplicas == 2 && payments.cleanupPolicy == .compact)
        #expect(payments.retention == .seconds(86_400))
        #expect(payments.configs.map(\.name) == ["segment.bytes"])
        #expect(scenario.timeline[0].at == .seconds(10) && scenario.timeline[0].healsAfter == nil)
        // num.partitions and default.replication.factor are 1 in Kafka.
        #expect(plain.partitions == 1 && plain.replicationFactor == 1)
        #expect(scenario.topics.map(\.name) == ["orders"], "a created topic is not set up before the run")
    }

    @Test("the scenario's broker-config num.partitions and default.replication.factor are the defaults")
    func brokerDefaults() throws {
        let scenario = try parse(
            """
            broker-config num.partitions=4
            broker-config default.replication.factor=2
            at 10s create-topic payments
            """)
        #expect(scenario.timeline.first?.action.keyword == "create-topic")
        guard case .createTopic(let topic) = scenario.timeline.first?.action else { return }
        #expect(topic.partitions == 4 && topic.replicationFactor == 2)
    }

    @Test("later steps, producers and groups may name the created topic")
    func laterLinesNameIt() throws {
        let scenario = try parse(
            """
            producer pay topic payments rate 10/s start 30s
            group ledger topic payments members 2 start 40s
            at 30s create-topic payments partitions 3 rf 3
            at 1m kill leader of payments-2
            at 2m elect-preferred payments
            """)
        #expect(scenario.timeline.map(\.action.keyword) == ["create-topic", "kill", "elect-preferred"])
        #expect(scenario.producers.first?.topic == "payments")
    }

    @Test(
        "CreateTopics mistakes are reported on the line, with a hint",
        arguments: [
            (
                "at 1m create-topic orders", 20, "topic 'orders' is already declared on line 4", nil
            ),
            (
                "at 1m create-topic bad/name", 20, "'bad/name' is not a valid topic name",
                "use letters, digits, '.', '_' and '-' (at most 249)"
            ),
            (
                "at 1m create-topic ..", 20, "'..' is not a valid topic name",
                "use letters, digits, '.', '_' and '-' (at most 249)"
            ),
            (
                "at 1m create-topic x rf 4", 25,
                "topic 'x' has replication factor 4 but the cluster has only 3 brokers",
                "lower 'rf' or raise 'brokers'"
            ),
            (
                "at 1m create-topic x partitions 0", 33, "the number of partitions must be from 1 to 1000, not 0", nil
            ),
            (
                "at 1m create-topic x partitionz 2", 22,
                "unknown topic option 'partitionz' — did you mean 'partitions'?",
                "topic options: partitions, rf, min.insync, cleanup, retention, retention-bytes"
            ),
            (
                "at 1m create-topic x for 10s", 22, "unknown topic option 'for'",
                "topic options: partitions, rf, min.insync, cleanup, retention, retention-bytes"
            ),
            (
                "at 1m create-topic", 19, "expected a topic name after 'create-topic'",
                "like: create-topic payments partitions 3 rf 3"
            ),
            (
                "at 1m create-topic all", 20, "'all' cannot name a topic: 'expect leader all' means every partition",
                "pick another name"
            ),
        ] as [(String, Int, String, String?)])
    func mistakes(line: String, column: Int, message: String, hint: String?) {
        let found = diagnostics(declarations + line + "\n")
        #expect(
            found == [ScenarioDiagnostic(file: "test.scenario", line: 7, column: column, message: message, hint: hint)])
    }

    @Test("expectations may name a created topic and its partitions, wherever they stand in the file")
    func expectationsNameIt() throws {
        let scenario = try parse(
            """
            expect leader payments within 10s
            expect replicated payments-2 within 30s
            at 30s create-topic payments partitions 3 rf 3
            expect unavailable payments-0 at most 5s
            """)
        #expect(
            scenario.expectations.map(\.kind) == [
                .leaderWithin(.topic("payments"), .seconds(10)),
                .replicatedWithin(.partition(TopicPartition("payments", 2)), .seconds(30)),
                .unavailableAtMost(.partition(TopicPartition("payments", 0)), .seconds(5)),
            ])
        let problems = diagnostics(
            "scenario t\nduration 1m\nat 30s create-topic payments partitions 3\nexpect leader payments-3 within 5s")
        #expect(problems.first?.message == "topic 'payments' has no partition 3: it has partitions 0 to 2")
    }

    @Test("a second create-topic of a name, or one colliding on '.' and '_', is refused")
    func duplicates() {
        let twice = diagnostics(declarations + "at 1m create-topic pay.ments\nat 2m create-topic pay.ments\n")
        #expect(
            twice.map(\.message) == [
                "topic 'pay.ments' is already created on line 7 (at 1m): Kafka answers TOPIC_ALREADY_EXISTS"
            ])
        #expect(twice.first?.line == 8 && twice.first?.column == 20)
        let collision = diagnostics(declarations + "at 1m create-topic pay.ments\nat 2m create-topic pay_ments\n")
        #expect(collision.first?.line == 8)
        #expect(collision.first?.message.contains("collides with topic 'pay.ments'") == true)
    }

    @Test("a step, producer or group may not use the topic before it is created")
    func beforeCreation() {
        let early = diagnostics(
            declarations + "at 1m create-topic payments partitions 3\nat 30s kill leader of payments-0\n")
        #expect(
            early == [
                ScenarioDiagnostic(
                    file: "test.scenario", line: 8, column: 23,
                    message: "topic 'payments' does not exist yet: line 7 creates it at 1m",
                    hint: "name it from a step after its create-topic")
            ])
        let sameTimeEarlierLine = diagnostics(
            declarations + "at 1m elect-preferred payments\nat 1m create-topic payments partitions 3\n")
        #expect(sameTimeEarlierLine.first?.line == 7)
        let producer = diagnostics(
            declarations + "producer pay topic payments rate 1/s start 10s\nat 1m create-topic payments\n")
        #expect(producer.first?.message.hasPrefix("producer 'pay' starts at 10s, before topic 'payments'") == true)
        #expect(producer.first?.hint == "add: start 1m")
        let group = diagnostics(declarations + "group g topic payments\nat 1m create-topic payments\n")
        #expect(group.first?.message.hasPrefix("group 'g' starts at 0s, before topic 'payments'") == true)
        let partitionOutOfRange = diagnostics(
            declarations + "at 1m create-topic payments partitions 3\nat 2m kill leader of payments-3\n")
        #expect(partitionOutOfRange.first?.message == "topic 'payments' has no partition 3: it has partitions 0 to 2")
    }

    @Test("create-topic prints as written and parses back to itself, at its place in the timeline")
    func roundTrip() throws {
        let text = """
            scenario rt
            duration 5m
            brokers 3
            topic orders partitions 2
            producer pay topic payments rate 5/s start 1m
            at 1m kill 2
            at 1m create-topic payments partitions 3 rf 2 min.insync 3 cleanup compact,delete retention-bytes 1GiB max.message.bytes=2MiB
            at 2m elect-preferred payments
            """
        let scenario = try ScenarioParser.parse(text, file: "rt")
        let printed = ScenarioPrinter.text(of: scenario)
        #expect(
            printed.contains(
                "at 1m create-topic payments partitions 3 rf 2 min.insync 3 cleanup compact,delete retention-bytes 1GiB"
            ))
        let reparsed = try ScenarioParser.parse(printed, file: "printed")
        #expect(reparsed.withoutLines == scenario.withoutLines)
        #expect(ScenarioPrinter.text(of: reparsed) == printed)
        // Same time: source order (the kill, then the create-topic), though create-topic lines are read first.
        #expect(scenario.timeline.map(\.action.keyword) == ["kill", "create-topic", "elect-preferred"])
    }

    @Test("an operator command may create a topic, and later commands name topics created so far")
    func commands() throws {
        var scenario = ScenarioLibrary.consoleCluster()
        let create = try ScenarioParser.parseCommand(
            "create-topic payments partitions 3 rf 3", for: scenario, at: .seconds(5))
        guard case .createTopic(let spec) = create.action else {
            Issue.record("expected create-topic, got \(create.action)")
            return
        }
        #expect(spec.partitions == 3 && spec.replicationFactor == 3)
        #expect(throws: ScenarioErrors.self) {
            try ScenarioParser.parseCommand("kill leader of payments-0", for: scenario, at: .seconds(6))
        }
        var recorded = create
        recorded.at = .seconds(5)
        recorded.line = 1_000_000
        scenario.timeline.append(recorded)
        let kill = try ScenarioParser.parseCommand("kill leader of payments-0", for: scenario, at: .seconds(5))
        #expect(kill.action == .kill(.leaderOf(TopicPartition("payments", 0))))
        #expect(throws: ScenarioErrors.self) {
            try ScenarioParser.parseCommand("kill leader of payments-0", for: scenario, at: .seconds(4))
        }
        // A command names no line of the scenario: the operator may never have seen its file.
        func refusal(_ command: String) -> String? {
            do {
                _ = try ScenarioParser.parseCommand(command, for: scenario, at: .seconds(9))
                return nil
            } catch {
                return error.diagnostics.first?.message
            }
        }
        #expect(
            refusal("create-topic payments")
                == "topic 'payments' is already created (at 5s): Kafka answers TOPIC_ALREADY_EXISTS")
        #expect(refusal("create-topic orders") == "topic 'orders' already exists: Kafka answers TOPIC_ALREADY_EXISTS")
        #expect(ScenarioParser.commandActions.contains("create-topic"))
    }
}
