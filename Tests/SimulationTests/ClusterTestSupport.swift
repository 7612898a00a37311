import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// A started cluster with one topic, for failover tests: prints its seed first, so a failure
/// can be replayed with `swift test --filter <test>` and the same seed.
func startedCluster(
    seed: UInt64, brokers: Int = 3, topic: String = "orders", partitions: Int32 = 1, replicationFactor: Int16 = 3,
    configs: [ConfigEntry] = [ConfigEntry("min.insync.replicas", "2")],
    configure: (inout ClusterOptions) -> Void = { _ in }
) -> SimulatedCluster {
    print("seed: \(seed)")
    var options = ClusterOptions(brokers: brokers, seed: seed)
    configure(&options)
    var cluster = SimulatedCluster(options)
    let created = cluster.createTopic(
        topic, partitions: partitions, replicationFactor: replicationFactor, configs: configs, checking: true)
    #expect(created.error == .none, "seed \(seed): topic not created: \(created)")
    return cluster
}

extension SimulatedCluster {
    /// Produces `count` single-record batches with `acks`, each waiting for its answer.
    mutating func produceSeries(
        _ count: Int, to topicPartition: TopicPartition, acks: Int16 = ProduceRequest.acksAll, label: String = "r",
        via broker: BrokerID? = nil, timeout: Duration = .seconds(30)
    ) -> [ProducePartitionResponse] {
        (0..<count).map { index in
            let batch = batch(values: [Array("\(label)-\(index)".utf8)])
            return produce(batch, to: topicPartition, acks: acks, via: broker, timeout: timeout, checking: true)
        }
    }

    /// The replicas of the partition other than its current leader, in assignment order.
    func followers(of topicPartition: TopicPartition) -> [BrokerID] {
        guard let registration = registration(topicPartition) else { return [] }
        return registration.replicas.filter { $0 != registration.leader }
    }

    /// The controller's ISR for the partition.
    func isr(_ topicPartition: TopicPartition) -> [BrokerID] { registration(topicPartition)?.isr ?? [] }

    /// The checker found nothing wrong, no acknowledged `acks=all` write is lost, and the
    /// in-sync replicas agree below the high watermark.
    func expectHealthy(_ seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(checker.findings.isEmpty, "seed \(seed): \(checker.findings)", sourceLocation: sourceLocation)
        let lost = checker.lostWrites(in: self, acks: [-1])
        #expect(lost.isEmpty, "seed \(seed): lost acknowledged writes: \(lost)", sourceLocation: sourceLocation)
        let divergent = checker.divergentReplicas(in: self)
        #expect(divergent.isEmpty, "seed \(seed): \(divergent)", sourceLocation: sourceLocation)
    }
}

extension SimulatedCluster {
    /// Runs with the checker until `condition` holds, recording an issue (with the seed) if it
    /// does not within `timeout`.
    @discardableResult
    mutating func eventually(
        _ what: String, within timeout: Duration, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (SimulatedCluster) -> Bool
    ) -> Bool {
        let held = run(until: condition, timeout: timeout, checking: true)
        #expect(held, "seed \(options.seed): \(what) did not happen within \(timeout)", sourceLocation: sourceLocation)
        return held
    }
}

extension SimulatedCluster {
    /// Runs until the partition has a leader other than `old` that knows it leads, recording an
    /// issue (with the seed) if that takes longer than `timeout`.
    @discardableResult
    mutating func awaitFailover(
        of topicPartition: TopicPartition, awayFrom old: BrokerID, within timeout: Duration = .seconds(30),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        eventually(
            "a new leader for \(topicPartition) other than \(old)", within: timeout, sourceLocation: sourceLocation
        ) {
            $0.leader(of: topicPartition).map { $0 != old } ?? false && $0.isServing(topicPartition)
        }
    }
}
