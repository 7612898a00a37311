import ClusterModel
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

/// `SimulatedCluster.groupProgress()`, which a scenario's lag sample reads instead of a whole
/// snapshot, against `snapshot()` itself: two runs of one seed, one sampled each way at the same
/// instants, give the same groups and partition progress at every sample (a broker killed and
/// restarted on the way), and the same whole read model at the end, group histories included.
@Suite struct GroupProgressTests {
    @Test("group progress reads as the snapshot does and leaves the group tracker and narrator as it does")
    func progressMatchesSnapshot() {
        print("seed: 11")
        var sampled = LiveScenario(ScenarioLibrary.consoleCluster(), seed: 11)
        var snapped = LiveScenario(ScenarioLibrary.consoleCluster(), seed: 11)
        sampled.speed = 10
        snapped.speed = 10
        var compared = 0
        for step in 0..<40 {
            if step == 15 {
                sampled.withSimulatedCluster { $0.kill(BrokerID(2)) }
                snapped.withSimulatedCluster { $0.kill(BrokerID(2)) }
            }
            if step == 25 {
                sampled.withSimulatedCluster { $0.restart(BrokerID(2)) }
                snapped.withSimulatedCluster { $0.restart(BrokerID(2)) }
            }
            sampled.advance(wall: .milliseconds(100))
            snapped.advance(wall: .milliseconds(100))
            let progress = sampled.withSimulatedCluster { $0.groupProgress() }
            let snapshot = snapped.withSimulatedCluster { $0.snapshot() }
            #expect(progress == ClusterProgress(snapshot), "step \(step)")
            if !progress.groups.isEmpty && progress.partitions.contains(where: { $0.highWatermark != nil }) {
                compared += 1
            }
        }
        #expect(compared > 20)
        #expect(sampled.snapshot() == snapped.snapshot())
    }

    @Test("a group's arrival rate is its partitions' high watermarks sampled once a second over the last ten samples")
    func arrivalRateWindow() {
        var tracker = GroupTracker()
        let partition = TopicPartition("events", 0)
        let idle = TopicPartition("events", 1)
        let group = GroupSnapshot(
            groupID: "g", state: "Stable", generation: 1, protocolName: nil, coordinator: nil, members: [],
            partitions: [GroupPartitionLag(topicPartition: partition, committedOffset: Offset(0), highWatermark: nil)])
        func observe(_ highWatermark: Int64, at milliseconds: Int64) -> Double {
            let partitions = [
                PartitionProgress(
                    topicPartition: partition, leader: nil, highWatermark: Offset(highWatermark), logStartOffset: nil),
                PartitionProgress(topicPartition: idle, leader: nil, highWatermark: Offset(0), logStartOffset: nil),
            ]
            return tracker.observe([group], partitions: partitions, now: .zero + .milliseconds(milliseconds))[0]
                .arriveRate
        }
        #expect(observe(0, at: 0) == 0)
        // Half a second later: not sampled, the rate stands on the one sample.
        #expect(observe(50, at: 500) == 0)
        #expect(observe(100, at: 1_000) == 100)
        #expect(observe(300, at: 2_000) == 150)
        // Twelve more seconds at 100 a second: the window holds the last ten samples (5 s to 14 s).
        var rate = 0.0
        for second in Int64(3)...14 { rate = observe(300 + 100 * (second - 2), at: second * 1_000) }
        #expect(rate == 100)
    }
}
