import KafkaCore
import Scenarios
import Testing

@testable import FlightdeckApp

/// `flightdeck serve`'s input: its own short forms, and the console's actions read by the
/// scenario parser.
@Suite struct ServeCommandParseTests {
    let brokers = [BrokerID(1), BrokerID(2), BrokerID(3)]

    func parse(_ line: String) -> Result<ServeCommand, UsageError> { ServeCommand.parse(line, brokers: brokers) }

    @Test("the short forms stay: kill N, restart N, pause N SECONDS, describe, status, quit")
    func shortForms() {
        #expect(parse("kill 2") == .success(.kill(BrokerID(2))))
        #expect(parse("restart 2") == .success(.restart(BrokerID(2))))
        #expect(parse("pause 3 1") == .success(.pause(BrokerID(3), seconds: 1)))
        #expect(parse("describe orders") == .success(.describe(topic: "orders")))
        #expect(parse("quit") == .success(.quit))
        #expect(parse("kill 9") == .failure(UsageError("'kill' needs a broker id (1, 2, 3)")))
    }

    @Test("create-topic parses; the cluster's topics (created ones too) may be named by later commands")
    func createTopic() {
        guard case .success(.action(let step)) = parse("create-topic payments partitions 3 rf 3") else {
            Issue.record("create-topic is an action")
            return
        }
        guard case .createTopic(let spec) = step.action else {
            Issue.record("expected create-topic, got \(step.action)")
            return
        }
        #expect(spec.name == "payments" && spec.partitions == 3 && spec.replicationFactor == 3)
        guard case .failure = parse("kill leader of payments-0") else {
            Issue.record("payments does not exist yet")
            return
        }
        let withPayments = ServeCommand.parse(
            "kill leader of payments-2", brokers: brokers, topics: [("orders", 6), ("payments", 3)])
        #expect(
            withPayments
                == .success(
                    .action(TimelineStep(at: .zero, action: .kill(.leaderOf(TopicPartition("payments", 2))), line: 1))))
        guard
            case .failure(let again) = ServeCommand.parse(
                "create-topic payments", brokers: brokers, topics: [("payments", 3)])
        else {
            Issue.record("a topic the cluster has cannot be created again")
            return
        }
        #expect(again.message.contains("already exists: Kafka answers TOPIC_ALREADY_EXISTS"), "\(again.message)")
    }

    @Test("the console's actions parse with the scenario grammar, its targets and its suggestions")
    func consoleActions() {
        #expect(
            parse("kill leader of orders-0")
                == .success(
                    .action(TimelineStep(at: .zero, action: .kill(.leaderOf(TopicPartition("orders", 0))), line: 1))))
        #expect(
            parse("pause controller for 5s")
                == .success(
                    .action(
                        TimelineStep(at: .zero, action: .pause(.activeController), healsAfter: .seconds(5), line: 1))))
        guard case .success(.action(let step)) = parse("partition {1} {2 3}") else {
            Issue.record("partition is an action")
            return
        }
        #expect(step.action.keyword == "partition")
        guard case .failure(let error) = parse("kill leader of ordrs-0") else {
            Issue.record("a typo is refused")
            return
        }
        #expect(error.message.hasPrefix("unknown topic 'ordrs' — did you mean 'orders'?"))
        guard case .failure(let unknown) = parse("frobnicate") else {
            Issue.record("an unknown word is refused")
            return
        }
        #expect(unknown.message.hasPrefix("unknown command 'frobnicate'"))
    }
}
