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
}
