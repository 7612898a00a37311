import KafkaCluster
import KafkaCore
import Simulation
import Testing

@Suite struct ClusterSmokeTests {
    @Test("a three-broker cluster elects a controller, creates a topic and replicates acks=all writes")
    func produceAndConsume() {
        var cluster = SimulatedCluster(ClusterOptions(brokers: 3, seed: 7))
        let ready = cluster.run(
            until: { c in c.activeController != nil && c.brokerIDs.allSatisfy { c.server($0)?.brokerState == .running }
            }, timeout: .seconds(30), checking: true)
        print(
            "controller", cluster.activeController as Any, "t=", cluster.now, "states",
            cluster.brokerIDs.map { cluster.server($0)?.brokerState as Any })
        #expect(ready)
        let created = cluster.createTopic(
            "orders", partitions: 3, replicationFactor: 3, configs: [ConfigEntry("min.insync.replicas", "2")],
            checking: true)
        print("created", created, cluster.now)
        #expect(created.error == .none)
        let tp = TopicPartition("orders", 0)
        for i in 0..<10 {
            let batch = cluster.batch(values: [Array("order-\(i)".utf8)])
            let answer = cluster.produce(batch, to: tp, checking: true)
            #expect(answer.error == .none, "\(answer)")
        }
        print("after produce", cluster.now, cluster.brokerIDs.map { cluster.server($0)?.replica(tp) as Any })
        let batches = cluster.consumeAll(tp)
        #expect(batches.count == 10)
        #expect(cluster.checker.findings.isEmpty, "\(cluster.checker.findings)")
        #expect(cluster.checker.lostWrites(in: cluster).isEmpty)
    }
}
