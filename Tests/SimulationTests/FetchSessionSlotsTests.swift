import KafkaCore
import Scenarios
import Testing

@testable import KafkaCluster
@testable import Simulation

/// `broker-config max.incremental.fetch.session.cache.slots=N` reaches the leaders' fetch session
/// caches: with 0 (Kafka's way to turn KIP-227 off) no leader keeps a session and every replica
/// fetch is a full one, and the cluster still replicates every acknowledged record.
@Suite struct FetchSessionSlotsTests {
    static func run(slots: Int?) throws -> (report: ScenarioReport, run: ScenarioRun) {
        let config = slots.map { "broker-config max.incremental.fetch.session.cache.slots=\($0)\n" } ?? ""
        let scenario = try ScenarioParser.parse(
            """
            scenario sessions
            duration 8s
            brokers 3
            \(config)topic orders partitions 3 rf 3 min.insync 2
            producer writer topic orders rate 300/s acks all
            """, file: "sessions.scenario")
        var run = ScenarioRun(scenario, seed: 3)
        run.runToEnd()
        return (run.report(), run)
    }

    /// Per broker, the sessions its fetch session cache holds.
    static func sessions(in run: ScenarioRun) -> [Int] {
        run.cluster.brokerIDs.map { run.cluster.server($0)?.broker?.fetchSessionCache.sessions.count ?? -1 }
    }

    /// Whether every replica of every `orders` partition ends at its leader's log end offset.
    static func fullyReplicated(_ run: ScenarioRun) -> Bool {
        (0..<3).allSatisfy { number in
            let partition = TopicPartition("orders", Int32(number))
            let ends = run.cluster.brokerIDs.compactMap { run.cluster.server($0)?.replica(partition)?.logEndOffset }
            return ends.count == 3 && Set(ends).count == 1
        }
    }

    @Test("by default every leader keeps its followers' sessions")
    func defaultKeepsSessions() throws {
        let (report, run) = try Self.run(slots: nil)
        #expect(report.lostCount == 0, "\(report.text)")
        #expect((report.producers.first?.acknowledged ?? 0) > 2_000, "\(report.text)")
        // Each broker leads a partition of `orders`, and each of its two followers fetches from
        // it in a session of its own.
        #expect(Self.sessions(in: run) == [2, 2, 2])
        #expect(Self.fullyReplicated(run))
    }

    @Test("with 0 slots no leader keeps a session, and replication still delivers every record")
    func zeroSlotsTurnSessionsOff() throws {
        let (report, run) = try Self.run(slots: 0)
        #expect(report.lostCount == 0, "\(report.text)")
        #expect((report.producers.first?.acknowledged ?? 0) > 2_000, "\(report.text)")
        #expect(Self.sessions(in: run) == [0, 0, 0])
        #expect(Self.fullyReplicated(run))
    }

    @Test("the slot count is a whole number from 0 up; anything else names the config")
    func badValues() {
        var config = ServerConfig(controllerQuorumVoters: [BrokerID(1)])
        #expect(config.set("max.incremental.fetch.session.cache.slots", to: "7") == nil)
        #expect(config.maxIncrementalFetchSessionCacheSlots == 7)
        let refused = config.set("max.incremental.fetch.session.cache.slots", to: "-1")
        #expect(refused?.contains("max.incremental.fetch.session.cache.slots") == true)
        #expect(config.maxIncrementalFetchSessionCacheSlots == 7)
        #expect(ServerConfig.settableNames.contains("max.incremental.fetch.session.cache.slots"))
    }

    @Test("the scenario language and the broker accept the same broker configs")
    func namesAgree() {
        #expect(BrokerConfigName.all.map(\.name).sorted() == ServerConfig.settableNames.sorted())
    }
}
