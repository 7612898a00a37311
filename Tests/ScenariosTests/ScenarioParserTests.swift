import KafkaCore
import Testing

@testable import Scenarios

@Suite struct ScenarioParserTests {
    @Test("the header sets name, title, description lines, duration and seed")
    func header() throws {
        let scenario = try parse(
            """
            # A comment, then a blank line.

            scenario leader-loss   # trailing comment
            title "Leader loss: \\"kill -9\\" the leader"
            description "First line."
            description "Second line, with a # that is not a comment."
            duration 1.5m
            seed 18446744073709551615
            """, header: false)
        #expect(scenario.name == "leader-loss")
        #expect(scenario.title == "Leader loss: \"kill -9\" the leader")
        #expect(scenario.description == ["First line.", "Second line, with a # that is not a comment."])
        #expect(scenario.duration == .seconds(90))
        #expect(scenario.seed == UInt64.max)
        #expect(scenario.source == "test.scenario")
    }

    @Test("a run lasts up to a year: a recorded overnight console session parses")
    func longDurations() throws {
        #expect(try parse("scenario overnight\nduration 30h", header: false).duration == .seconds(30 * 3_600))
        #expect(try parse("scenario long\nduration 365d", header: false).duration == .seconds(365 * 86_400))
        let tooLong = diagnostics("scenario long\nduration 366d")
        #expect(tooLong.map(\.message) == ["how long the run lasts is too long: at most 365d"])
        #expect(tooLong.first?.line == 2)
        #expect(diagnostics("scenario none\nduration 0s").map(\.message) == ["a run lasts more than 0s, not 0s"])
    }

    @Test("defaults: the title is the name, 3 brokers with 3 controllers, no seed")
    func defaults() throws {
        let scenario = try parse("")
        #expect(scenario.title == "test")
        #expect(scenario.cluster == ClusterSpec(brokers: 3, controllers: 3))
        #expect(scenario.seed == nil)
        #expect(scenario.timeline.isEmpty && scenario.expectations.isEmpty)
    }

    @Test("Windows and old Mac line endings read like Unix ones")
    func lineEndings() throws {
        let unix = try ScenarioParser.parse("scenario a\nduration 1m\nbrokers 4\n", file: "f")
        #expect(try ScenarioParser.parse("scenario a\r\nduration 1m\r\nbrokers 4\r\n", file: "f") == unix)
        #expect(try ScenarioParser.parse("scenario a\rduration 1m\rbrokers 4", file: "f") == unix)
    }

    @Test("brokers, controllers and broker configs normalized to Kafka's form")
    func cluster() throws {
        let scenario = try parse(
            """
            brokers 5 controllers 3
            broker-config replica.lag.time.max.ms=10s unclean.leader.election.enable=true
            broker-config log.segment.bytes=1MiB leader.imbalance.check.interval.seconds=5m
            broker-config offsets.retention.minutes=7d log.retention.ms=-1 replica.fetch.max.bytes=2048
            """)
        #expect(scenario.cluster.brokers == 5)
        #expect(scenario.cluster.controllers == 3)
        #expect(scenario.cluster.brokerIDs == (1...5).map { BrokerID(Int32($0)) })
        #expect(
            scenario.cluster.configs.map { "\($0.name)=\($0.value)" } == [
                "replica.lag.time.max.ms=10000", "unclean.leader.election.enable=true", "log.segment.bytes=1048576",
                "leader.imbalance.check.interval.seconds=300", "offsets.retention.minutes=10080",
                "log.retention.ms=-1", "replica.fetch.max.bytes=2048",
            ])
        #expect(scenario.cluster.configs[0].line == 4)
        #expect(scenario.cluster.config("log.segment.bytes") == "1048576")
    }

    @Test("topics: every option, Kafka configs, and defaults that follow the cluster")
    func topics() throws {
        let scenario = try parse(
            """
            brokers 2
            topic orders partitions 6 rf 2 min.insync 2 cleanup compact,delete retention 1d retention-bytes 1GiB
            topic events cleanup compact segment.bytes=1MiB min.compaction.lag.ms=10s
            topic plain
            """)
        let orders = try #require(scenario.topic(named: "orders"))
        #expect(
            orders
                == TopicSpec(
                    name: "orders", partitions: 6, replicationFactor: 2, minInsyncReplicas: 2,
                    cleanupPolicy: .compactAndDelete, retention: .seconds(86_400), retentionBytes: 1_073_741_824,
                    line: 4))
        #expect(
            orders.kafkaConfigs.map { "\($0.name)=\($0.value)" } == [
                "min.insync.replicas=2", "cleanup.policy=compact,delete", "retention.ms=86400000",
                "retention.bytes=1073741824",
            ])
        let events = try #require(scenario.topic(named: "events"))
        #expect(events.cleanupPolicy == .compact)
        #expect(
            events.configs == [
                ConfigSetting("segment.bytes", "1048576", line: 5),
                ConfigSetting("min.compaction.lag.ms", "10000", line: 5),
            ])
        #expect(
            scenario.topic(named: "plain") == TopicSpec(name: "plain", partitions: 1, replicationFactor: 2, line: 6))
        #expect(orders.topicPartitions.last == TopicPartition("orders", 5))
    }

    @Test("producers: rate, shapes, key distributions, value size, acks, idempotence, start")
    func producers() throws {
        let scenario = try parse(
            """
            topic orders partitions 6
            producer a topic orders rate 200/s
            producer b topic orders rate 12k/s wave 60s 30% keys zipf 1000 value 1KiB acks 1 idempotence off
            producer c topic orders rate 30/m ramp 800/s over 2m keys zipf 50 exponent 1.2 acks 0 start 10s
            producer d topic orders rate 100/s burst 5x every 30s for 5s keys hot customer-42 80% others 10 acks all
            producer e topic orders rate 1.5/s steady keys none idempotence on value 200B
            producer f topic orders rate 10/s keys uniform 7 acks -1
            """)
        #expect(
            scenario.producers.map { $0.withLine(0) } == [
                ProducerSpec(name: "a", topic: "orders", recordsPerSecond: 200),
                ProducerSpec(
                    name: "b", topic: "orders", recordsPerSecond: 12_000,
                    shape: .wave(period: .seconds(60), amplitude: 0.3),
                    keys: .zipf(keys: 1000, exponent: 1), valueBytes: 1024, acks: .leader, idempotence: false),
                ProducerSpec(
                    name: "c", topic: "orders", recordsPerSecond: 0.5,
                    shape: .ramp(recordsPerSecond: 800, over: .seconds(120)), keys: .zipf(keys: 50, exponent: 1.2),
                    acks: .none, start: .seconds(10)),
                ProducerSpec(
                    name: "d", topic: "orders", recordsPerSecond: 100,
                    shape: .burst(factor: 5, every: .seconds(30), lasting: .seconds(5)),
                    keys: .hot(key: "customer-42", share: 0.8, otherKeys: 10)),
                ProducerSpec(
                    name: "e", topic: "orders", recordsPerSecond: 1.5, keys: .none, valueBytes: 200, idempotence: true),
                ProducerSpec(name: "f", topic: "orders", recordsPerSecond: 10, keys: .uniform(keys: 7)),
            ])
    }

    @Test("groups: topics, members, assignor, processing rate, commit mode, static, offset reset, start")
    func groups() throws {
        let scenario = try parse(
            """
            topic orders partitions 6
            topic payments
            group a topic orders
            group b topics orders,payments members 3 assignor cooperative-sticky rate 150/s commit manual static
            group c topic payments members 0 assignor roundrobin rate unlimited commit auto every 1s offset latest start 1m
            group d topic orders commit auto assignor sticky
            """)
        #expect(
            scenario.groups.map { $0.withLine(0) } == [
                GroupSpec(name: "a", topics: ["orders"]),
                GroupSpec(
                    name: "b", topics: ["orders", "payments"], members: 3, assignor: .cooperativeSticky,
                    recordsPerSecondPerMember: 150, commit: .manual, staticMembership: true),
                GroupSpec(
                    name: "c", topics: ["payments"], members: 0, assignor: .roundRobin,
                    commit: .auto(interval: .seconds(1)), offsetReset: .latest, start: .seconds(60)),
                GroupSpec(name: "d", topics: ["orders"], assignor: .sticky),
            ])
    }

    @Test(
        "every action, as written and as parsed",
        arguments: [
            ("say \"Hello, operator.\"", Action.say(text: "Hello, operator.", waitForKey: false)),
            ("say \"Press a key.\" wait", .say(text: "Press a key.", waitForKey: true)),
            ("kill broker 2", .kill(.id(BrokerID(2)))),
            ("kill 3", .kill(.id(BrokerID(3)))),
            ("stop leader of orders-0", .stop(.leaderOf(TopicPartition("orders", 0)))),
            ("restart follower of orders-5", .restart(.followerOf(TopicPartition("orders", 5)))),
            ("power-loss controller", .powerLoss(.activeController)),
            ("kill random broker", .kill(.randomBroker)),
            ("bounce broker 1 3 times every 20s", .bounce(.id(BrokerID(1)), times: 3, every: .seconds(20))),
            ("isolate leader of orders-1", .isolate(.broker(.leaderOf(TopicPartition("orders", 1))))),
            ("isolate order-service", .isolate(.producer("order-service"))),
            ("isolate inventory", .isolate(.group("inventory"))),
            (
                "partition {1} {2 3}",
                .partition(
                    groups: [[.broker(.id(BrokerID(1)))], [.broker(.id(BrokerID(2))), .broker(.id(BrokerID(3)))]],
                    oneWay: false)
            ),
            (
                "partition {leader of orders-0} {order-service inventory} one-way",
                .partition(
                    groups: [
                        [.broker(.leaderOf(TopicPartition("orders", 0)))],
                        [.producer("order-service"), .group("inventory")],
                    ],
                    oneWay: true)
            ),
            (
                "partition {1} {2} {3}",
                .partition(
                    groups: [[.broker(.id(BrokerID(1)))], [.broker(.id(BrokerID(2)))], [.broker(.id(BrokerID(3)))]],
                    oneWay: false)
            ),
            (
                "partition {controller} {others}",
                .partition(groups: [[.broker(.activeController)], [.others]], oneWay: false)
            ),
            ("heal", .heal),
            ("latency 200ms", .latency(.milliseconds(200), jitter: .zero, scope: .everywhere)),
            (
                "latency 50ms jitter 10ms on broker 2",
                .latency(.milliseconds(50), jitter: .milliseconds(10), scope: .node(.broker(.id(BrokerID(2)))))
            ),
            (
                "packet-loss 5% between {1} {order-service}",
                .packetLoss(rate: 0.05, scope: .between([.broker(.id(BrokerID(1)))], [.producer("order-service")]))
            ),
            (
                "bandwidth 1MiB/s on follower of orders-2",
                .bandwidth(bytesPerSecond: 1_048_576, scope: .node(.broker(.followerOf(TopicPartition("orders", 2)))))
            ),
            ("slow-disk broker 1 50ms", .slowDisk(.id(BrokerID(1)), delay: .milliseconds(50))),
            ("disk-full broker 3", .diskFull(.id(BrokerID(3)))),
            ("io-errors leader of orders-3", .ioErrors(.leaderOf(TopicPartition("orders", 3)))),
            ("crash-consumer inventory", .crashConsumer(group: "inventory", member: nil)),
            ("crash-consumer inventory member 2", .crashConsumer(group: "inventory", member: 2)),
            ("close-consumer inventory member 1", .closeConsumer(group: "inventory", member: 1)),
            ("add-consumer inventory", .addConsumer(group: "inventory", count: 1)),
            ("add-consumer inventory count 4", .addConsumer(group: "inventory", count: 4)),
            ("crash-producer order-service", .crashProducer("order-service")),
            ("restart-producer order-service", .restartProducer("order-service")),
            ("set-rate order-service 2k/s", .setRate(producer: "order-service", recordsPerSecond: 2000)),
            ("set-rate inventory 20/s", .setProcessingRate(group: "inventory", recordsPerSecondPerMember: 20)),
            ("set-rate inventory unlimited", .setProcessingRate(group: "inventory", recordsPerSecondPerMember: nil)),
            ("set-acks order-service 1", .setAcks(producer: "order-service", .leader)),
            ("elect-preferred", .electPreferred(topic: nil)),
            ("elect-preferred all", .electPreferred(topic: nil)),
            ("elect-preferred orders", .electPreferred(topic: "orders")),
        ])
    func actions(text: String, expected: Action) throws {
        let scenario = try parse(declarations + "at 30s \(text)", header: false)
        #expect(scenario.timeline == [TimelineStep(at: .seconds(30), action: expected, line: 7)])
        let printed = ScenarioPrinter.text(of: expected)
        let reparsed = try parse(declarations + "at 30s \(printed)", header: false)
        #expect(reparsed.timeline.map(\.action) == [expected], "printed as: \(printed)")
    }

    @Test("'for' makes a fault heal itself; pause requires it")
    func healing() throws {
        let scenario = try parse(
            declarations + """
                at 30s kill leader of orders-0 for 45s
                at 1m pause broker 2 for 10s
                at 2m partition {1} {2 3} one-way for 20s
                at 3m set-rate order-service 1000/s for 30s
                """, header: false)
        #expect(scenario.timeline.map(\.healsAfter) == [.seconds(45), .seconds(10), .seconds(20), .seconds(30)])
        #expect(scenario.timeline.map(\.end) == [.seconds(75), .seconds(70), .seconds(140), .seconds(210)])
        #expect(scenario.lastFaultEnd == .seconds(210))
    }

    @Test("the timeline is sorted by time; steps at the same time keep their order")
    func timelineOrder() throws {
        let scenario = try parse(
            declarations + """
                at 1m say "second"
                at 10s say "first"
                at 1m kill broker 1
                at 1m say "fourth"
                """, header: false)
        #expect(scenario.timeline.map(\.line) == [8, 7, 9, 10])
        #expect(scenario.lastFaultEnd == .seconds(60))
    }

    @Test(
        "every expectation, as written and as parsed",
        arguments: [
            ("no-loss", Scenarios.Expectation.Kind.noLoss(producer: nil)),
            ("no-loss order-service", .noLoss(producer: "order-service")),
            ("loss", .loss(producer: nil)),
            ("no-duplicates order-service", .noDuplicates(producer: "order-service")),
            ("leader orders-0 within 15s", .leaderWithin(.partition(TopicPartition("orders", 0)), .seconds(15))),
            ("leader orders within 15s", .leaderWithin(.topic("orders"), .seconds(15))),
            ("leader all within 20s", .leaderWithin(.all, .seconds(20))),
            ("lag inventory below 100", .lagBelow(group: "inventory", records: 100, within: nil)),
            ("lag inventory below 100 within 1m", .lagBelow(group: "inventory", records: 100, within: .seconds(60))),
            ("producer-errors order-service at most 0", .producerErrorsAtMost(producer: "order-service", count: 0)),
            ("unavailable at most 30s", .unavailableAtMost(.all, .seconds(30))),
            (
                "unavailable orders-1 at most 10s",
                .unavailableAtMost(.partition(TopicPartition("orders", 1)), .seconds(10))
            ),
            ("rebalances inventory at most 3", .rebalancesAtMost(group: "inventory", count: 3)),
            ("replicated all within 1m", .replicatedWithin(.all, .seconds(60))),
            ("isr-shrink orders-0", .isrShrinks(.partition(TopicPartition("orders", 0)))),
        ])
    func expectations(text: String, expected: Scenarios.Expectation.Kind) throws {
        let scenario = try parse(declarations + "expect \(text)", header: false)
        #expect(scenario.expectations == [Scenarios.Expectation(expected, line: 7)])
        #expect(scenario.expectations[0].description == "expect \(text)")
    }

    @Test("a topic named like a partition is the topic; otherwise the name splits at its last '-'")
    func partitionNames() throws {
        let scenario = try parse(
            """
            topic orders-2025 partitions 3
            topic orders-2025-1
            expect leader orders-2025-1 within 5s
            expect leader orders-2025-2 within 5s
            """)
        #expect(
            scenario.expectations.map(\.kind) == [
                .leaderWithin(.topic("orders-2025-1"), .seconds(5)),
                .leaderWithin(.partition(TopicPartition("orders-2025", 2)), .seconds(5)),
            ])
    }

    @Test("declarations may come in any order: references resolve against the whole file")
    func anyOrder() throws {
        let scenario = try parse(
            """
            expect no-loss order-service
            at 10s kill leader of orders-0
            group inventory topic orders
            producer order-service topic orders rate 1/s
            topic orders partitions 2 rf 3
            brokers 3
            """)
        #expect(scenario.topics.count == 1 && scenario.producers.count == 1 && scenario.timeline.count == 1)
    }
}

extension ProducerSpec {
    func withLine(_ line: Int) -> ProducerSpec {
        var copy = self
        copy.line = line
        return copy
    }
}

extension GroupSpec {
    func withLine(_ line: Int) -> GroupSpec {
        var copy = self
        copy.line = line
        return copy
    }
}
