import KafkaCore
import Testing

@testable import Scenarios

/// One operator command read with the timeline's grammar against a scenario's declarations
/// (`ScenarioParser.parseCommand`): what the console's `:` line and `serve`'s input run.
@Suite struct ScenarioCommandTests {
    static let scenario = ScenarioLibrary.consoleCluster()

    func command(_ text: String) throws -> TimelineStep {
        try ScenarioParser.parseCommand(text, for: Self.scenario)
    }

    /// The first diagnostic `text` gives: its message, hint and column.
    func problem(_ text: String) -> ScenarioDiagnostic? {
        do {
            _ = try ScenarioParser.parseCommand(text, for: Self.scenario)
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    @Test(
        "good commands read as the timeline's actions, with their for D",
        arguments: [
            ("kill 2", Action.kill(.id(BrokerID(2))), nil),
            ("kill leader of orders-0", .kill(.leaderOf(TopicPartition("orders", 0))), nil),
            ("isolate 1 for 30s", .isolate(.broker(.id(BrokerID(1)))), Duration.seconds(30)),
            (
                "partition {1} {2 3}",
                .partition(
                    groups: [[.broker(.id(BrokerID(1)))], [.broker(.id(BrokerID(2))), .broker(.id(BrokerID(3)))]],
                    oneWay: false), nil
            ),
            ("crash-consumer analytics", .crashConsumer(group: "analytics", member: nil), nil),
            ("set-rate order-service 500/s", .setRate(producer: "order-service", recordsPerSecond: 500), nil),
            ("elect-preferred orders", .electPreferred(topic: "orders"), nil),
            ("stop controller for 1m30s", .stop(.activeController), .seconds(90)),
            ("pause broker 3 for 250ms", .pause(.id(BrokerID(3))), .milliseconds(250)),
            ("heal", .heal, nil),
        ] as [(String, Action, Duration?)])
    func goodCommands(text: String, action: Action, healsAfter: Duration?) throws {
        let step = try command(text)
        #expect(step.action == action)
        #expect(step.healsAfter == healsAfter)
        #expect(step.at == .zero)
        #expect(ScenarioPrinter.line(for: step).hasPrefix("at 0s "), "a command prints as a timeline line")
    }

    @Test(
        "typos and bad arguments get the file grammar's diagnostics with suggestions",
        arguments: [
            ("kil 2", "unknown action 'kil' — did you mean 'kill'?", 1),
            ("kill 9", "there is no broker 9: the cluster has brokers 1 to 3", 6),
            ("kill leader of ordrs-0", "unknown topic 'ordrs' — did you mean 'orders'?", 16),
            ("crash-consumer analitycs", "unknown group 'analitycs' — did you mean 'analytics'?", 16),
            (
                "set-rate order-servce 10/s",
                "unknown producer or group 'order-servce' — did you mean 'order-service'?", 10
            ),
            ("pause 2", "'pause' needs 'for D': how long it lasts", 8),
            ("restart 2 for 10s", "'restart' takes no 'for': it does not undo itself", 11),
            ("kill 2 3", "unexpected '3' after '2'", 8),
            ("say \"hello\"", "'say' belongs in a scenario file, not on the command line", 1),
        ])
    func badCommands(text: String, message: String, column: Int) throws {
        let diagnostic = try #require(problem(text))
        #expect(diagnostic.message == message)
        #expect(diagnostic.column == column)
        #expect(diagnostic.line == 1)
    }

    @Test("an empty command, an unterminated quote and a second line never trap")
    func oddInput() throws {
        #expect(problem("")?.message == "expected an action")
        #expect(problem("   ")?.message == "expected an action")
        #expect(problem("isolate \"1") != nil)
        #expect(try command("kill 1\nkill 2").action == .kill(.id(BrokerID(1))), "only the first line is read")
    }

    @Test("the default console cluster is order processing without faults, on as many brokers as asked")
    func consoleCluster() {
        let three = ScenarioLibrary.consoleCluster()
        #expect(three.cluster.brokers == 3)
        #expect(three.timeline.isEmpty && three.expectations.isEmpty)
        #expect(three.topics.map(\.name) == ["orders", "order-events"])
        #expect(three.topics[0].partitions == 6 && three.topics[0].replicationFactor == 3)
        #expect(three.topics[0].minInsyncReplicas == 2)
        #expect(three.groups.map(\.name) == ["inventory", "analytics"])
        #expect(three.groups.map(\.members) == [3, 2])
        #expect(three.producers.first?.acks == .all)
        let one = ScenarioLibrary.consoleCluster(brokers: 1)
        #expect(one.topics.map(\.replicationFactor) == [1, 1])
        #expect(one.topics[0].minInsyncReplicas == 1)
        #expect(ScenarioLibrary.consoleCluster(brokers: 5).cluster.controllers == 3)
    }
}
