import ClusterModel
import KafkaCluster
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

/// The snapshot's replica numbers against the servers' own replicas, read independently: each
/// replica's log end offset, each partition's high watermark and log start from its live leader,
/// each topic's size from its leaders, `KafkaServer.offsets(_:)` against each view, and each
/// broker's led and followed partitions and log size from `KafkaServer.replicas` (the snapshot
/// takes each view once and adds the brokers' totals up from them).
@Suite struct SnapshotReplicaModelTests {
    func expectMatchesServers(_ snapshot: ClusterSnapshot, _ cluster: SimulatedCluster) {
        for partition in snapshot.partitions {
            let topicPartition = partition.topicPartition
            for replica in partition.replicas {
                let view = cluster.isUp(replica.broker) ? cluster.server(replica.broker)?.replica(topicPartition) : nil
                #expect(replica.logEndOffset == view?.logEndOffset, "\(topicPartition) on \(replica.broker)")
                // `offsets(_:)` reads what the view reports without building it.
                let offsets =
                    cluster.isUp(replica.broker) ? cluster.server(replica.broker)?.offsets(topicPartition) : nil
                #expect(offsets?.highWatermark == view?.highWatermark, "\(topicPartition) on \(replica.broker)")
                #expect(offsets?.logStartOffset == view?.logStartOffset, "\(topicPartition) on \(replica.broker)")
            }
            let leader = partition.leader.flatMap {
                cluster.isUp($0) ? cluster.server($0)?.replica(topicPartition) : nil
            }
            #expect(partition.highWatermark == leader?.highWatermark, "\(topicPartition)")
            #expect(partition.logStartOffset == leader?.logStartOffset, "\(topicPartition)")
        }
        for topic in snapshot.topics {
            let size = snapshot.partitions.filter { $0.topicPartition.topic == topic.name }.reduce(0) { total, row in
                total + (row.leader.flatMap { cluster.server($0)?.replica(row.topicPartition)?.sizeInBytes } ?? 0)
            }
            #expect(topic.sizeBytes == size, "\(topic.name)")
        }
        for broker in snapshot.brokers {
            let replicas = broker.state == .stopped ? [] : cluster.server(broker.id)?.replicas ?? []
            #expect(broker.partitionsLed == replicas.filter { $0.role == .leader }.count, "\(broker.id)")
            #expect(broker.partitionsFollowed == replicas.filter { $0.role == .follower }.count, "\(broker.id)")
            #expect(broker.logSizeBytes == replicas.reduce(0) { $0 + $1.sizeInBytes }, "\(broker.id)")
        }
    }

    @Test("the snapshot's offsets, sizes and broker totals are the servers' own, before and after a broker dies")
    func replicaNumbersMatchServers() {
        print("seed: 7")
        var live = LiveScenario(ScenarioLibrary.consoleCluster(), seed: 7)
        live.speed = 10
        for _ in 0..<20 { live.advance(wall: .milliseconds(100)) }
        let healthy = live.snapshot()
        #expect(healthy.partitions.count > 50)
        #expect(healthy.brokers.allSatisfy { $0.partitionsLed > 0 && $0.logSizeBytes > 0 })
        expectMatchesServers(healthy, live.run.cluster)
        live.withSimulatedCluster { $0.kill(BrokerID(2)) }
        for _ in 0..<3 { live.advance(wall: .milliseconds(100)) }
        let degraded = live.snapshot()
        #expect(degraded.brokers.first { $0.id == BrokerID(2) }?.state == .stopped)
        expectMatchesServers(degraded, live.run.cluster)
    }
}
