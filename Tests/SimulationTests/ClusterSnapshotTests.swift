import ClusterModel
import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// The read model the console renders: built from a running cluster, and the events narrated
/// with the configs that governed them.
@Suite struct ClusterSnapshotTests {
    @Test(
        "the snapshot shows a leader's failover: a stopped broker, an under-replicated partition, a new leader, and why"
    )
    func failoverInSnapshot() throws {
        let seed: UInt64 = 91
        var cluster = startedCluster(seed: seed, brokers: 4, partitions: 2)
        let partition = TopicPartition("orders", 0)
        let healthy = cluster.snapshot(speed: 1)
        #expect(healthy.healthCounts == [.healthy: 2], "\(healthy.healthCounts)")
        #expect(healthy.brokers.map(\.state) == Array(repeating: .running, count: 4))
        #expect(healthy.brokers.filter(\.isActiveController).count == 1)
        #expect(healthy.topics.map(\.name) == ["orders"])
        #expect(healthy.topics.first?.configs.contains(ConfigEntry("min.insync.replicas", "2")) == true)
        let leader = try #require(cluster.leader(of: partition))
        cluster.kill(leader)
        cluster.awaitFailover(of: partition, awayFrom: leader)
        let after = cluster.snapshot(speed: 1)
        #expect(after.brokers.first { $0.id == leader }?.state == .stopped)
        let row = try #require(after.partitions.first { $0.topicPartition == partition })
        #expect(row.health == .atMinISR, "\(row)")
        #expect(row.replicas.first { $0.broker == leader }?.standing == .offline)
        #expect(row.leader != leader && row.leaderEpoch > LeaderEpoch(0))
        let texts = after.events.map(\.text)
        #expect(texts.contains { $0.contains("\(leader) killed") }, "\(texts)")
        #expect(
            texts.contains { $0.contains("missed heartbeats for broker.session.timeout.ms=9000ms → fenced") },
            "\(texts)")
        let newLeader = try #require(row.leader)
        #expect(
            texts.contains { $0.contains("orders-0: leader \(leader.rawValue) → \(newLeader.rawValue) (epoch") },
            "\(texts)")
    }
}
