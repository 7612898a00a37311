import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// Per-topic configs travel from CreateTopics through the metadata log to every replica's log.
@Suite struct ClusterTopicConfigTests {
    @Test("segment.bytes and retention.ms reach every replica: segments roll, and retention moves the log start")
    func retention() throws {
        let seed: UInt64 = 71
        var cluster = startedCluster(
            seed: seed, brokers: 3, topic: "events",
            configs: [
                ConfigEntry("segment.bytes", "1024"), ConfigEntry("retention.ms", "20000"),
                ConfigEntry("min.insync.replicas", "2"),
            ]
        ) { options in options.server.logRetentionCheckInterval = .seconds(10) }
        let partition = TopicPartition("events", 0)
        let payload = [UInt8](repeating: 0x61, count: 200)
        for _ in 0..<20 {
            let answer = cluster.produce(cluster.batch(values: [payload]), to: partition)
            #expect(answer.error == .none)
        }
        let leader = try #require(cluster.leader(of: partition))
        let segments = try #require(cluster.server(leader)?.log(partition)?.segmentSummaries.count)
        #expect(segments > 3, "seed \(seed): 20 batches of ~270 bytes in 1 KiB segments, got \(segments) segments")
        // Records older than retention.ms go at the next retention check; followers learn the
        // new log start offset from fetch responses.
        cluster.run(for: .seconds(45), checking: true)
        for broker in cluster.isr(partition) {
            let start = try #require(cluster.server(broker)?.replica(partition)?.logStartOffset)
            #expect(start > Offset(0), "seed \(seed): \(broker) still starts at \(start)")
        }
        cluster.expectHealthy(seed)
    }

    @Test("CreateTopics refuses an unknown config name and a bad value, naming them")
    func invalidConfigs() {
        var cluster = startedCluster(seed: 72, brokers: 3)
        let unknown = cluster.createTopic(
            "bad", partitions: 1, replicationFactor: 3, configs: [ConfigEntry("retention.mss", "1")])
        #expect(unknown.error == .invalidConfig && unknown.message == "unknown topic config retention.mss")
        let value = cluster.createTopic(
            "bad", partitions: 1, replicationFactor: 3, configs: [ConfigEntry("min.insync.replicas", "0")])
        #expect(value.error == .invalidConfig && value.message?.contains("min.insync.replicas") == true, "\(value)")
        let factor = cluster.createTopic("big", partitions: 1, replicationFactor: 5)
        #expect(factor.error == .invalidReplicationFactor, "\(factor)")
        let spaced = cluster.createTopic("my topic", partitions: 1, replicationFactor: 3)
        #expect(spaced.error == .invalidTopicException && spaced.message?.contains("characters") == true, "\(spaced)")
        let dots = cluster.createTopic("..", partitions: 1, replicationFactor: 3)
        #expect(dots.error == .invalidTopicException, "\(dots)")
        let twice = cluster.createTopic("orders", partitions: 1, replicationFactor: 3)
        #expect(twice.error == .topicAlreadyExists, "\(twice)")
    }
}
