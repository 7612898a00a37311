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
        while !live.run.isFinished {
            live.run.advance(by: .seconds(1))
            if firstSeen == nil, (live.snapshot().checks?.count(.lost) ?? 0) > 0 { firstSeen = live.run.elapsed }
        }
        let seen = try #require(firstSeen, "\(name): no loss showed while the drill ran")
        #expect(seen < scenario.duration, "\(name): the loss showed only at the end")
        let checks = try #require(live.snapshot().checks)
        let report = live.run.report()
        #expect(report.lostCount > 0)
        #expect(checks.count(.lost) == report.lostCount, "\(name): \(checks.findings.map(\.description))")
        #expect(checks.count(.duplicated) == report.duplicateCount)
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
