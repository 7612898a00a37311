import KafkaClients
import KafkaCore
import KafkaLog
import Scenarios
import Testing

@testable import KafkaCluster
@testable import Simulation

/// Each checker of a scenario run catches a violation injected on purpose (through test-only
/// access to the run's internals, never a switch of the product) and stays quiet on a clean run.
@Suite("Scenario checkers")
struct ScenarioCheckerTests {
    static let partition = TopicPartition("events", 0)

    /// A clean 20 s run: no fault, one producer (acks=1, not idempotent, so a re-appended batch
    /// is a plain duplicate), one group.
    static func cleanRun() throws -> ScenarioRun {
        let text = """
            scenario clean
            duration 20s
            brokers 3
            topic events partitions 2 rf 3 min.insync 2
            producer writer topic events rate 40/s acks 1 idempotence off
            group readers topic events members 2
            expect no-loss
            expect no-duplicates
            """
        var run = ScenarioRun(try ScenarioParser.parse(text, file: "clean.scenario"), seed: 5)
        run.runToEnd()
        return run
    }

    @Test("a clean run: no lost write, no duplicate, no finding")
    func quiet() throws {
        var run = try Self.cleanRun()
        let report = run.report()
        #expect(report.lostCount == 0)
        #expect(report.duplicateCount == 0)
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.passed)
        #expect(report.producers[0].acknowledged > 500)
    }

    @Test("a lost acknowledged write is reported with its producer, partition and offset")
    func lostWrite() throws {
        var run = try Self.cleanRun()
        // The producer "was acknowledged" for two records the log does not hold: one whose
        // offset holds another record, one past the end of the log.
        let leader = try #require(run.cluster.leader(of: Self.partition))
        let end = try #require(run.cluster.server(leader)?.log(Self.partition)).logEndOffset
        run.producers[0].noteAcknowledged(sequence: 900_001, at: (Self.partition, Offset(0)))
        run.producers[0].noteAcknowledged(sequence: 900_002, at: (Self.partition, end.advanced(by: 10)))
        let report = run.report()
        #expect(report.lostCount == 2)
        #expect(report.lost.contains { $0.hasPrefix("writer#900001 acknowledged at events-0 offset 0;") })
        #expect(report.lost.contains { $0.contains("writer#900002") && $0.contains("the offset is gone") })
        #expect(!report.passed)
    }

    @Test("a record in the log twice is reported as a duplicate")
    func duplicate() throws {
        var run = try Self.cleanRun()
        let leader = try #require(run.cluster.leader(of: Self.partition))
        let server = try #require(run.cluster.server(leader))
        let log = try #require(server.log(Self.partition))
        let epoch = try #require(server.replica(Self.partition)).leaderEpoch
        let first = try #require(
            log.read(from: Offset(0), maxBytes: 1, upperBound: log.logEndOffset, minOneMessage: true).batches().first)
        _ = try log.appendAsLeader([first], leaderEpoch: epoch, now: run.cluster.now)
        run.cluster.run(for: .seconds(3))
        let report = run.report()
        #expect(report.duplicateCount == first.recordCount)
        #expect(report.duplicates.first?.contains("events-0@0") == true)
        #expect(!report.passed)
    }

    @Test("a follower that disagrees with its leader below the high watermark is reported")
    func divergentReplicas() throws {
        let run = try Self.cleanRun()
        #expect(run.cluster.checker.divergentReplicas(in: run.cluster).isEmpty)
        let registration = try #require(run.cluster.registration(Self.partition))
        let follower = try #require(registration.isr.first { $0 != registration.leader })
        let server = try #require(run.cluster.server(follower))
        let log = try #require(server.log(Self.partition))
        let epoch = try #require(server.replica(Self.partition)).leaderEpoch
        let at = Offset(5)
        // The follower's record at offset 5 becomes another one: same offset, other bytes.
        _ = try log.truncate(to: at)
        var builder = RecordBatchBuilder(baseOffset: at, partitionLeaderEpoch: epoch)
        builder.append(timestamp: 0, key: nil, value: Array("not what the leader has".utf8))
        _ = try log.appendAsFollower([builder.build()], now: run.cluster.now)
        let problems = run.cluster.checker.divergentReplicas(in: run.cluster)
        #expect(
            problems.contains { $0.hasPrefix("events-0: \(follower) disagrees with leader \(registration.leader)") })
    }

    @Test("a leader's high watermark going back within its epoch is a replication invariant finding")
    func highWatermarkWentBack() throws {
        var run = try Self.cleanRun()
        #expect(run.cluster.checker.findings.isEmpty)
        let leader = try #require(run.cluster.leader(of: Self.partition))
        let partition = try #require(run.cluster.server(leader)?.broker?.partitions[Self.partition])
        run.cluster.checker.observeAll(in: run.cluster)
        partition.highWatermark = partition.highWatermark.advanced(by: -3)
        run.cluster.checker.observeAll(in: run.cluster)
        #expect(
            run.cluster.checker.findings.contains {
                $0.contains("events-0 leader \(leader)") && $0.contains("high watermark went down")
            })
    }

    static func record(_ offset: Int64) -> ConsumerRecord {
        ConsumerRecord(
            topicPartition: partition, offset: Offset(offset), leaderEpoch: LeaderEpoch(0), timestamp: 0, key: nil,
            value: nil, headers: [])
    }

    @Test("a poll that goes backwards within one generation is a non-monotonic poll; after a rebalance it is not")
    func nonMonotonicPoll() {
        var checks = ConsumerChecks()
        checks.observe(
            [0, 1, 2, 3].map(Self.record), group: "g", member: 1, generation: 1, resets: 0, at: .seconds(1),
            fault: nil)
        checks.observe(
            [4, 5].map(Self.record), group: "g", member: 1, generation: 1, resets: 0, at: .seconds(2), fault: nil)
        #expect(checks.findings.isEmpty)
        // A new generation may rewind to the committed offset: a redelivery, not a finding.
        checks.observe(
            [3, 4].map(Self.record), group: "g", member: 1, generation: 2, resets: 0, at: .seconds(3), fault: nil)
        #expect(checks.findings.isEmpty)
        #expect(checks.redelivered == 1)
        checks.observe(
            [2].map(Self.record), group: "g", member: 1, generation: 2, resets: 0, at: .seconds(4),
            fault: (line: 9, text: "kill broker 2", at: .seconds(3)))
        #expect(checks.findings.count == 1)
        #expect(checks.findings.first?.text.contains("read events-0 at offset 2 after offset 4") == true)
        #expect(checks.findings.first?.fault == "line 9: kill broker 2 at 3.000s")
    }

    @Test("a step back inside one poll is a non-monotonic poll, found at each step after the first record's check")
    func nonMonotonicInsidePoll() {
        var checks = ConsumerChecks()
        checks.observe(
            [0, 1, 2].map(Self.record), group: "g", member: 1, generation: 1, resets: 0, at: .seconds(1), fault: nil)
        checks.observe(
            [1, 2, 3, 3, 7, 5, 6].map(Self.record), group: "g", member: 1, generation: 1, resets: 0, at: .seconds(2),
            fault: nil)
        #expect(
            checks.findings.map(\.text) == [
                "g-1 read events-0 at offset 1 after offset 2 in the same generation 1 (non-monotonic poll, at 2.000s)",
                "g-1 read events-0 at offset 3 after offset 3 in the same generation 1 (non-monotonic poll, at 2.000s)",
                "g-1 read events-0 at offset 5 after offset 7 in the same generation 1 (non-monotonic poll, at 2.000s)",
            ])
        // The member's last record is the poll's last: the next poll is checked against offset 6.
        checks.observe(
            [7].map(Self.record), group: "g", member: 1, generation: 1, resets: 0, at: .seconds(3), fault: nil)
        #expect(checks.findings.count == 3)
        checks.observe(
            [6].map(Self.record), group: "g", member: 1, generation: 1, resets: 0, at: .seconds(4), fault: nil)
        #expect(checks.findings.count == 4)
        // The group's ranges hold every offset polled, steps back included: only 4 was never read.
        checks.checkSkips(logOffsets: [Self.partition: Array(0...7)])
        #expect(
            checks.findings.last?.text
                == "g skipped 1 record(s) of events-0 between offsets 4 and 4 although it consumed up to 7")
        #expect(checks.findings.count == 5)
    }

    @Test("consumer checks keep each group's partitions and each member's last records apart, and report by name")
    func consumerChecksPerGroupAndMember() {
        func records(_ topic: String, _ partition: Int32, _ offsets: [Int64]) -> [ConsumerRecord] {
            offsets.map {
                ConsumerRecord(
                    topicPartition: TopicPartition(topic, partition), offset: Offset($0), leaderEpoch: LeaderEpoch(0),
                    timestamp: 0, key: nil, value: nil, headers: [])
            }
        }
        var checks = ConsumerChecks()
        // Groups, members and partitions first seen out of their sorted order.
        checks.observe(
            records("events", 3, [0, 1, 5]), group: "zeta", member: 2, generation: 1, resets: 0, at: .zero, fault: nil)
        checks.observe(
            records("events", 1, [0, 2]), group: "zeta", member: 1, generation: 1, resets: 0, at: .zero, fault: nil)
        checks.observe(
            records("audit", 0, [0, 3]), group: "alpha", member: 1, generation: 1, resets: 0, at: .zero, fault: nil)
        checks.observe(
            records("events", 3, [0, 4]), group: "alpha", member: 1, generation: 1, resets: 0, at: .zero, fault: nil)
        // Another member, or another group, reading lower offsets of a partition is no step back.
        checks.observe(
            records("events", 3, [2, 3]), group: "zeta", member: 1, generation: 1, resets: 0, at: .zero, fault: nil)
        checks.observe(
            records("events", 1, [1]), group: "zeta", member: 2, generation: 1, resets: 0, at: .zero, fault: nil)
        #expect(checks.findings.isEmpty)
        // The same member going back on one partition is.
        checks.observe(
            records("events", 3, [4]), group: "zeta", member: 2, generation: 1, resets: 0, at: .seconds(1), fault: nil)
        #expect(
            checks.findings.map(\.text) == [
                "zeta-2 read events-3 at offset 4 after offset 5 in the same generation 1 (non-monotonic poll, at 1.000s)"
            ])
        let log = (0...5).map { Int64($0) }
        checks.checkSkips(logOffsets: [
            TopicPartition("audit", 0): log, TopicPartition("events", 1): log, TopicPartition("events", 3): log,
        ])
        #expect(
            Array(checks.findings.map(\.text).dropFirst()) == [
                "alpha skipped 2 record(s) of audit-0 between offsets 1 and 2 although it consumed up to 3",
                "alpha skipped 3 record(s) of events-3 between offsets 1 and 3 although it consumed up to 4",
            ])
        var live = ConsumerChecks()
        live.observe(
            records("events", 3, [0, 4]), group: "zeta", member: 1, generation: 1, resets: 0, at: .zero, fault: nil)
        live.observe(
            records("events", 0, [0, 2]), group: "alpha", member: 1, generation: 1, resets: 0, at: .zero, fault: nil)
        let skips = live.liveSkips { _, gap in Array(gap) }
        #expect(
            skips.map(\.text) == [
                "alpha skipped 1 record(s) of events-0 between offsets 1 and 1 although it consumed up to 2",
                "zeta skipped 3 record(s) of events-3 between offsets 1 and 3 although it consumed up to 4",
            ])
        // Examined once: the same gaps are not reported again.
        #expect(live.liveSkips { _, gap in Array(gap) }.isEmpty)
    }

    @Test("a partition's place in a sorted array is the one a search finds, its number being its index or not")
    func partitionPlaces() {
        var generator = SeededGenerator(seed: 17)
        let topics = ["a", "events", "zeta-topic-with-a-name-past-fifteen-bytes"]
        for _ in 0..<200 {
            var partitions = Set<TopicPartition>()
            for _ in 0..<generator.next(below: 12) {
                partitions.insert(
                    TopicPartition(topics[Int(generator.next(below: 3))], Int32(generator.next(below: 8))))
            }
            let sorted = partitions.sorted()
            for topic in topics {
                for number in Int32(0)..<9 {
                    let partition = TopicPartition(topic, number)
                    let place = sorted.partitionPlace(of: partition) { $0 }
                    #expect(place.index == sorted.firstIndex { $0 >= partition } ?? sorted.endIndex)
                    #expect(place.found == sorted.contains(partition))
                }
            }
        }
    }

    @Test("offsets the group never consumed below what it consumed are skipped records; none when it read them all")
    func skippedOffsets() {
        var checks = ConsumerChecks()
        checks.observe(
            [0, 1, 2, 5, 6].map(Self.record), group: "g", member: 1, generation: 1, resets: 0, at: .seconds(1),
            fault: nil)
        var clean = checks
        clean.checkSkips(logOffsets: [Self.partition: [0, 1, 2, 5, 6, 7]])
        #expect(clean.findings.isEmpty)
        checks.checkSkips(logOffsets: [Self.partition: [0, 1, 2, 3, 4, 5, 6, 7]])
        #expect(checks.findings.count == 1)
        #expect(
            checks.findings.first?.text
                == "g skipped 2 record(s) of events-0 between offsets 3 and 4 although it consumed up to 6")
    }
}
