import KafkaCluster
import KafkaCore
import Simulation
import Testing

@Suite struct SingleBrokerTests {
    @Test("a one-broker cluster (its own controller) starts, creates a topic and serves acks=all writes")
    func singleBroker() {
        var cluster = startedCluster(seed: 42, brokers: 1, replicationFactor: 1, configs: [])
        let partition = TopicPartition("orders", 0)
        let answers = cluster.produceSeries(5, to: partition)
        #expect(answers.allSatisfy { $0.error == .none }, "\(answers)")
        cluster.expectHealthy(42)
    }
}
