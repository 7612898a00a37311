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
}
