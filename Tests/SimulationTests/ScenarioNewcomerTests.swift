import ClusterModel
import KafkaClients
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

/// What a newcomer writing drills from `Docs/SCENARIOS.md` ran into (issue #7): a consumer
/// finding that was a rebalance's legitimate reread, phantom lag spikes while no controller or
/// coordinator answered, partition groups that overlap once roles resolve, `others`, and client
/// names in the timeline.
@Suite struct ScenarioNewcomerTests {
    static let drill = """
        scenario newcomer
        duration 20s
        brokers 3
        topic events partitions 2 rf 3
        producer writer topic events rate 50/s acks all
        group readers topic events members 2

        """

    static func runDrill(_ steps: String, seed: UInt64 = 1) throws -> ScenarioReport {
        let scenario = try ScenarioParser.parse(Self.drill + steps, file: "newcomer.scenario")
        var run = ScenarioRun(scenario, seed: seed)
        run.runToEnd()
        return run.report()
    }

    @Test("a partition step whose role targets resolve to one broker in two groups is refused with a ∅ line")
    func overlappingGroupsRefused() throws {
        // The active controller is one of brokers 1-3, so it is in both groups when the step fires.
        let report = try Self.runDrill("at 8s partition {controller} {1 2 3} for 5s\n")
        let line = try #require(report.log.first { $0.line == 7 }, "\(report.text)")
        #expect(line.kind == .skipped, "\(report.text)")
        #expect(line.text.contains("would be in groups 1 and 2"), "\(report.text)")
        #expect(line.text.hasSuffix("partition step refused"), "\(report.text)")
        #expect(!report.log.contains { $0.text.hasPrefix("network partitioned") }, "\(report.text)")
        #expect(report.text.contains("  ∅ 0:08"), "\(report.text)")
    }

    @Test("'others' is every broker and client the other groups do not name, clients by their names")
    func othersGroup() throws {
        let report = try Self.runDrill("at 8s partition {1} {others} for 5s\n")
        let line = try #require(report.log.first { $0.line == 7 }, "\(report.text)")
        #expect(
            line.text == "network partitioned: {broker 1} | {broker 2, broker 3, writer, readers-1, readers-2}",
            "\(report.text)")
        #expect(!report.text.contains("client "), "\(report.text)")
    }

    @Test("the scorecard names the active controller over time, leader moves and each producer's longest stall")
    func controllerAndStall() throws {
        let report = try Self.runDrill("at 8s partition {controller} {others} for 6s\n")
        #expect(report.controllerChanges.count >= 2, "\(report.text)")
        #expect(report.text.contains("active controller: broker"), "\(report.text)")
        #expect(report.json.contains("\"controller_changes\""))
        #expect(report.json.contains("\"longest_stall_s\""))
        #expect(report.json.contains("\"longest_partition_stall\""))
        let writer = try #require(report.producers.first)
        #expect(writer.longestStall < .seconds(20), "\(report.text)")
        // Every partition is acknowledged at least every second or so outside the fault, and
        // its worst gap is at least the producer's own.
        let partitionStall = try #require(writer.longestPartitionStall, "\(report.text)")
        #expect(partitionStall.length >= writer.longestStall, "\(report.text)")
    }

    /// A run that has not started, for calling its sampling functions on hand-built snapshots.
    static func idleRun() throws -> ScenarioRun {
        try ScenarioRun(ScenarioParser.parse(Self.drill, file: "newcomer.scenario"), seed: 1)
    }

    static func snapshot(highWatermark: Int64, committed: Int64?) -> ClusterSnapshot {
        let partition = TopicPartition("events", 0)
        let groups =
            committed.map { offset in
                [
                    GroupSnapshot(
                        groupID: "readers", state: "Stable", generation: 1, protocolName: "range",
                        coordinator: BrokerID(1), members: [],
                        partitions: [
                            GroupPartitionLag(
                                topicPartition: partition, committedOffset: Offset(offset),
                                highWatermark: Offset(highWatermark))
                        ])
                ]
            } ?? []
        return ClusterSnapshot(
            partitions: [
                PartitionSnapshot(
                    topicPartition: partition, leader: BrokerID(1), leaderEpoch: LeaderEpoch(0), replicas: [],
                    isr: [], highWatermark: Offset(highWatermark), logStartOffset: Offset(0), health: .healthy)
            ], groups: groups)
    }

    @Test("while no broker answers for the group (coordinator moving or loading) its lag keeps the last commit")
    func lagKeepsLastCommitted() throws {
        var run = try Self.idleRun()
        let spec = try #require(run.scenario.groups.first)
        #expect(run.lag(of: spec, in: ClusterProgress(Self.snapshot(highWatermark: 10_000, committed: 9_500))) == 500)
        // The group vanished from the read model: lag is not the whole log (10 300).
        #expect(run.lag(of: spec, in: ClusterProgress(Self.snapshot(highWatermark: 10_300, committed: nil))) == 800)
        #expect(run.lag(of: spec, in: ClusterProgress(Self.snapshot(highWatermark: 10_400, committed: 10_400))) == 0)
    }

    @Test("a group that never committed lags by the whole log when it reads from the earliest")
    func lagWithoutCommits() throws {
        var run = try Self.idleRun()
        let spec = try #require(run.scenario.groups.first)
        #expect(run.lag(of: spec, in: ClusterProgress(Self.snapshot(highWatermark: 700, committed: nil))) == 700)
    }

    @Test("rereading from the committed offset after a rebalance is no finding; in one generation it is")
    func rereadAfterRebalance() {
        func records(_ range: ClosedRange<Int64>) -> [ConsumerRecord] {
            range.map {
                ConsumerRecord(
                    topicPartition: TopicPartition("events", 0), offset: Offset($0), leaderEpoch: LeaderEpoch(0),
                    timestamp: 0, key: nil, value: nil, headers: [])
            }
        }
        var checks = ConsumerChecks()
        checks.observe(records(100...199), group: "g", member: 1, generation: 2, resets: 0, at: .zero, fault: nil)
        checks.observe(records(150...249), group: "g", member: 1, generation: 3, resets: 0, at: .zero, fault: nil)
        #expect(checks.findings.isEmpty)
        #expect(checks.redelivered == 1)
        checks.observe(records(200...210), group: "g", member: 1, generation: 3, resets: 0, at: .zero, fault: nil)
        #expect(checks.findings.count == 1)
    }

    @Test("records polled before a rebalance keep the generation they were polled in, though taken after it")
    func pollsKeepTheirGeneration() throws {
        var cluster = ConsumerClientTests.filledCluster(seed: 321, perPartition: 400)
        let config = ConsumerClientTests.config(cluster)
        let first = cluster.addConsumerClient(
            config, client: 2, subscribe: [ConsumerClientTests.topic], recordsPerSecond: 100)
        cluster.eventually("the first member consumes", within: .seconds(30)) {
            ($0.consumerMailbox(first)?.consumed.count ?? 0) > 200
        }
        let before = try #require(cluster.consumerClient(first)?.generationID)
        let second = cluster.addConsumerClient(
            config, client: 3, subscribe: [ConsumerClientTests.topic], recordsPerSecond: 100)
        cluster.eventually("the group rebalances and both consume", within: .seconds(60)) {
            ConsumerClientTests.stable($0, [first, second])
                && ($0.consumerClient(first)?.generationID ?? before) > before
                && ($0.consumerMailbox(first)?.consumed.count ?? 0) > 400
        }
        // One take after the rebalance: the polls on both sides of it come back together.
        let polls = try #require(cluster.consumerMailbox(first)?.takeConsumedPolls())
        let generations = polls.map(\.generation)
        #expect(generations.first == before, "\(generations)")
        #expect(generations.last == cluster.consumerClient(first)?.generationID, "\(generations)")
        #expect(generations == generations.sorted(), "\(generations)")
        #expect(polls.allSatisfy { !$0.records.isEmpty })
    }
}
