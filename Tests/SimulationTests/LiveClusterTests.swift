import ClusterModel
import KafkaCore
import Simulation
import Testing

/// The console's default cluster, advanced frame by frame as the console does.
@Suite struct LiveClusterTests {
    @Test("the default cluster comes up healthy, creates its topics and the order service produces at about its rate")
    func defaultClusterComesUp() {
        print("seed: 5")
        var live = LiveCluster(seed: 5, storage: .simulated, dataDirectory: nil)
        for _ in 0..<300 { live.advance(wall: .milliseconds(100)) }  // 30 s at 10 frames a second
        let snapshot = live.snapshot()
        #expect(snapshot.now == Instant(microseconds: 30_000_000))
        #expect(live.behind == .zero)
        #expect(snapshot.brokers.map(\.state) == [.running, .running, .running])
        #expect(snapshot.topics.filter { !$0.isInternal }.map(\.name) == ["order-events", "orders"])
        #expect(snapshot.healthCounts == [.healthy: 9], "\(snapshot.healthCounts)")
        let produced = snapshot.brokers.reduce(0) { $0 + $1.messagesIn }
        // About 100 orders a second (70–130 % waves) for the ~26 s since the topics exist.
        #expect(produced > 1_800 && produced < 3_400, "\(produced) orders")
    }

    @Test("the slow analytics group falls behind (lag growing, no drain in sight) while inventory keeps up")
    func groupsInSnapshot() throws {
        print("seed: 6")
        var live = LiveCluster(seed: 6, storage: .simulated, dataDirectory: nil)
        var snapshot = live.snapshot()
        for _ in 0..<900 {  // 90 s at 10 frames a second, a snapshot per frame as the console takes
            live.advance(wall: .milliseconds(100))
            snapshot = live.snapshot()
        }
        let analytics = try #require(snapshot.groups.first { $0.groupID == "analytics" })
        let inventory = try #require(snapshot.groups.first { $0.groupID == "inventory" })
        #expect(analytics.state == "Stable" && analytics.members.count == 2, "\(analytics)")
        #expect(inventory.state == "Stable" && inventory.members.count == 3, "\(inventory)")
        #expect(analytics.totalLag > 1_000, "analytics processes 60 records/s of ~100 arriving: \(analytics.totalLag)")
        // Burrow's verdict depends on how evenly the partitions are consumed between commits
        // (its rules are in LagEvaluatorTests); the lag itself grows without a drain in sight.
        #expect(analytics.partitions.allSatisfy { ($0.lag ?? 0) > 0 })
        #expect(analytics.timeToDrain == nil, "arrivals outpace consumption")
        #expect(inventory.totalLag < 1_000, "\(inventory.totalLag)")
        #expect(inventory.consumeRate > 50 && analytics.consumeRate > 40 && analytics.consumeRate < 80)
        #expect(analytics.rebalances.first?.generation == 1 && analytics.rebalances.first?.pause != nil)
    }
}
