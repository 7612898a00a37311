import ClusterModel
import KafkaClients
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

/// The checkers while a scenario runs in the console: what they find shows in the snapshot as it
/// happens, and by the end it is what the run report says.
@Suite("Live checks")
struct LiveChecksTests {
    /// The library drill `name` as the console runs it, until `until` (or its end).
    static func live(_ name: String, until: Duration? = nil) throws -> LiveScenario {
        let scenario = try #require(ScenarioLibrary.named(name)).parse()
        var live = LiveScenario(scenario, seed: nil)
        live.run.pausesAtWait = false
        live.run.setUp()
        let end = until ?? scenario.duration
        while !live.run.isFinished && live.run.elapsed < end { live.run.advance(by: .seconds(1)) }
        return live
    }

    @Test(
        "the negative-control drills lose acknowledged records: the snapshot shows it while the drill runs, and the count at the end is the report's",
        arguments: ["unclean-election", "acks-one-vs-all"])
    func lossShowsLive(name: String) throws {
        let scenario = try #require(ScenarioLibrary.named(name)).parse()
        // Runs until a loss shows, then on to the end.
        var live = try Self.live(name, until: .zero)
        var firstSeen: Duration?
        var counts: [Duration: Int] = [:]
        while !live.run.isFinished {
            live.run.advance(by: .seconds(1))
            let lost = live.snapshot().checks?.count(.lost) ?? 0
            counts[live.run.elapsed] = lost
            if firstSeen == nil, lost > 0 { firstSeen = live.run.elapsed }
        }
        let seen = try #require(firstSeen, "\(name): no loss showed while the drill ran")
        #expect(seen < scenario.duration, "\(name): the loss showed only at the end")
        let checks = try #require(live.snapshot().checks)
        let report = live.run.report()
        #expect(report.lostCount > 0)
        #expect(checks.count(.lost) == report.lostCount, "\(name): \(checks.findings.map(\.description))")
        #expect(checks.count(.duplicated) == report.duplicateCount)
        if name == "unclean-election" {
            // The stale follower leads from about 56 s: everything it lacks is lost at the next look,
            // not as its high watermark passes the offsets one by one.
            #expect(
                counts[.seconds(67)] == report.lostCount,
                "\(counts.sorted { $0.key < $1.key }.filter { $0.value > 0 }.prefix(4))")
        }
        let finding = try #require(checks.findings.first { $0.kind == .lost })
        // It names the records, the partition, the offsets and the fault in effect.
        #expect(finding.text.contains("acknowledged record(s) of"), "\(finding.text)")
        #expect(finding.text.contains(" at offsets "), "\(finding.text)")
        #expect(finding.text.contains("#"), "\(finding.text)")
        #expect(finding.fault?.hasPrefix("line ") == true, "\(finding)")
        // And it went into the events feed.
        #expect(live.snapshot().events.contains { $0.kind == .check && $0.text.hasPrefix("lost: ") })
    }

    @Test("a clean drill stays at zero findings, and its report agrees", arguments: ["leader-loss", "slow-follower"])
    func cleanDrill(name: String) throws {
        var live = try Self.live(name)
        let checks = try #require(live.snapshot().checks)
        let report = live.run.report()
        #expect(checks.isClean, "\(name): \(checks.findings.map(\.description))")
        #expect(checks.checkedAt != nil)
        #expect(report.lostCount == 0 && report.duplicateCount == 0)
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    @Test("a consumer that reads past records shows as a skip in the snapshot, naming group, partition and offsets")
    func skipShowsLive() throws {
        var live = try Self.live("leader-loss", until: .seconds(20))
        #expect(live.snapshot().checks?.count(.skipped) == 0)
        // A member "read" offsets 0…2 and then 10… of a partition: 3…9 are in the log and were
        // never consumed (what a consumer bug that jumps its position would do).
        // A group of its own, so that the drill's real members do not fill the gap.
        let partition = try #require(live.run.allPartitions.first)
        let records = [0, 1, 2, 10, 11].map { offset in
            ConsumerRecord(
                topicPartition: partition, offset: Offset(Int64(offset)), leaderEpoch: LeaderEpoch(0), timestamp: 0,
                key: nil, value: nil)
        }
        live.run.consumerChecks.observe(
            records, group: "phantom", member: 1, generation: 1, resets: 0, at: live.run.elapsed, fault: nil)
        live.run.advance(by: .seconds(2))
        let checks = try #require(live.snapshot().checks)
        #expect(checks.count(.skipped) == 7, "\(checks.findings.map(\.description))")
        let finding = try #require(checks.findings.first { $0.kind == .skipped })
        #expect(
            finding.text == "phantom skipped 7 record(s) of \(partition) between offsets 3 and 9 "
                + "although it consumed up to 11")
        // Found once, not again at every look.
        live.run.advance(by: .seconds(3))
        #expect(live.snapshot().checks?.count(.skipped) == 7)
    }

    @Test("records deleted by retention and removed by compaction are not lost, live or in the report")
    func retentionAndCompaction() throws {
        let text = """
            scenario cleanup
            duration 40s
            brokers 3
            broker-config log.retention.check.interval.ms=1000
            topic short partitions 1 rf 3 min.insync 2 retention 5s segment.bytes=16KiB
            topic state partitions 1 rf 3 min.insync 2 cleanup compact segment.bytes=16KiB min.compaction.lag.ms=1s
            producer writer topic short rate 200/s acks all
            producer states topic state rate 200/s keys uniform 5 acks all
            group readers topic state members 1
            """
        var run = ScenarioRun(try ScenarioParser.parse(text, file: "cleanup.scenario"), seed: 3)
        run.checksLive = true
        run.runToEnd()
        let short = try #require(run.cluster.leader(of: TopicPartition("short", 0)))
        let start = try #require(run.cluster.server(short)?.log(TopicPartition("short", 0))).logStartOffset
        #expect(start > Offset(0), "retention deleted nothing: the test proves nothing")
        let checks = try #require(run.liveCheckSummary)
        let report = run.report()
        #expect(checks.isClean, "\(checks.findings.map(\.description))")
        #expect(report.lostCount == 0, "\(report.lost)")
        #expect(report.findings.isEmpty, "\(report.findings)")
        // Compaction removed records from the state topic's log (offsets with no record).
        let state = TopicPartition("state", 0)
        let records = try run.cluster.consumeAll(state).reduce(0) { $0 + (try $1.records().count) }
        let end = try #require(run.cluster.leader(of: state).flatMap { run.cluster.server($0)?.replica(state) })
        #expect(Int64(records) < end.highWatermark.rawValue, "compaction removed nothing: the test proves nothing")
    }

    @Test("a run that does not check live has no summary, and the same trace digest as one that does")
    func sameRun() throws {
        let scenario = try #require(ScenarioLibrary.named("unclean-election")).parse()
        var plain = ScenarioRun(scenario)
        plain.runToEnd()
        var checked = ScenarioRun(scenario)
        checked.checksLive = true
        checked.runToEnd()
        #expect(plain.liveCheckSummary == nil)
        #expect(checked.liveCheckSummary != nil)
        #expect(plain.report().digest == checked.report().digest)
    }
}
