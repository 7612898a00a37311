import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// The pipelined producer workload: it delivers exactly its budget, measures latency, survives
/// a leader failover, and runs the same way twice.
@Suite struct ProducerWorkloadTests {
    static let topic = "load"

    /// A running 3-broker cluster with `partitions` partitions of replication factor 3.
    static func cluster(seed: UInt64 = 11, partitions: Int32 = 3) throws -> SimulatedCluster {
        var cluster = SimulatedCluster(ClusterOptions(brokers: 3, seed: seed))
        let created = cluster.createTopic(topic, partitions: partitions, replicationFactor: 3)
        try #require(created.error == .none, "seed \(seed): \(created)")
        return cluster
    }

    @Test("acks=all: every record of the budget is acknowledged once and sits in the leaders' logs")
    func acksAll() throws {
        var cluster = try Self.cluster()
        let config = ProducerWorkloadConfig(topic: Self.topic, partitions: 3, acks: -1, records: 20_000)
        let id = cluster.addProducer(config, client: 1)
        let finished = cluster.runUntilFinished(id, timeout: .seconds(10))
        #expect(finished, "seed 11")
        let producer = try #require(cluster.producer(id))
        #expect(producer.acknowledgedRecords == 20_000)
        #expect(producer.errors == 0)
        #expect(producer.requestsInFlight == 0)
        #expect(producer.metadataRequestsSent >= 1)
        #expect(producer.latency.count == producer.produceRequestsSent)
        // 20,000 records of ~117 bytes in ~16 KiB batches: a few hundred requests, pipelined.
        #expect(producer.produceRequestsSent > 100)
        let p50 = producer.latency.value(atQuantile: 0.5)
        let p99 = producer.latency.value(atQuantile: 0.99)
        // At least a round trip of 2 × 250 µs to the leader.
        #expect(p50 >= .microseconds(500), "p50 \(p50)")
        #expect(p99 >= p50)
        let ends = cluster.leaderLogEndOffsets(topic: Self.topic, partitions: 3)
        #expect(ends.allSatisfy { $0 != nil })
        #expect(ends.compactMap { $0?.rawValue }.reduce(0, +) == 20_000)
        // Round-robin: no partition is left out.
        #expect(ends.allSatisfy { ($0?.rawValue ?? 0) > 5_000 }, "\(ends)")
    }

    @Test("acks=1 answers sooner than acks=all on the same network")
    func acksOneIsFaster() throws {
        var latencies: [Duration] = []
        for acks: Int16 in [1, -1] {
            var cluster = try Self.cluster()
            let config = ProducerWorkloadConfig(topic: Self.topic, partitions: 3, acks: acks, records: 5_000)
            let id = cluster.addProducer(config, client: 1)
            let finished = cluster.runUntilFinished(id, timeout: .seconds(10))
            #expect(finished)
            latencies.append(try #require(cluster.producer(id)).latency.value(atQuantile: 0.5))
        }
        #expect(latencies[0] < latencies[1], "acks=1 p50 \(latencies[0]), acks=all p50 \(latencies[1])")
    }

    @Test("acks=0 counts records as sent, records no latency, and the records still reach the logs")
    func acksZero() throws {
        var cluster = try Self.cluster()
        let config = ProducerWorkloadConfig(topic: Self.topic, partitions: 3, acks: 0, records: 10_001)
        let id = cluster.addProducer(config, client: 1)
        let finished = cluster.runUntilFinished(id, timeout: .seconds(10))
        #expect(finished)
        let producer = try #require(cluster.producer(id))
        #expect(producer.acknowledgedRecords == 10_001)
        #expect(producer.latency.count == 0)
        #expect(producer.requestsInFlight == 0)
        cluster.run(for: .milliseconds(100))
        let ends = cluster.leaderLogEndOffsets(topic: Self.topic, partitions: 3)
        #expect(ends.compactMap { $0?.rawValue }.reduce(0, +) == 10_001)
    }

    @Test("a killed leader costs errors and retries, not records: the budget is still acknowledged")
    func leaderFailover() throws {
        var cluster = try Self.cluster(seed: 5)
        let config = ProducerWorkloadConfig(
            topic: Self.topic, partitions: 3, acks: -1, records: 60_000, requestTimeout: .seconds(2))
        let id = cluster.addProducer(config, client: 1)
        cluster.run(for: .milliseconds(5))
        let victim = try #require(cluster.leader(of: TopicPartition(Self.topic, 0)))
        cluster.kill(victim)
        let finished = cluster.runUntilFinished(id, timeout: .seconds(60))
        #expect(finished, "seed 5")
        let producer = try #require(cluster.producer(id))
        #expect(producer.acknowledgedRecords == 60_000)
        #expect(producer.errors > 0)
        #expect(producer.metadataRequestsSent > 1)
        // Retried requests may have been appended before their answer was lost: at least the
        // budget, never less.
        let ends = cluster.leaderLogEndOffsets(topic: Self.topic, partitions: 3)
        #expect(ends.compactMap { $0?.rawValue }.reduce(0, +) >= 60_000, "\(ends)")
    }

    @Test("the same seed gives the same run: digest, finish instant and latencies")
    func deterministic() throws {
        var results: [(TraceDigest, Instant?, Duration)] = []
        for _ in 0..<2 {
            var cluster = try Self.cluster(seed: 3)
            let config = ProducerWorkloadConfig(topic: Self.topic, partitions: 3, acks: -1, records: 8_000)
            let id = cluster.addProducer(config, client: 2)
            cluster.runUntilFinished(id, timeout: .seconds(10))
            let producer = try #require(cluster.producer(id))
            results.append((cluster.world.digest, producer.finishedAt, producer.latency.value(atQuantile: 0.99)))
        }
        #expect(results[0].0 == results[1].0)
        #expect(results[0].1 == results[1].1)
        #expect(results[0].2 == results[1].2)
    }
}

/// The fixed-size latency histogram.
@Suite struct LatencyHistogramTests {
    @Test("quantiles are within 3 % of the exact values, and min and max are exact")
    func quantiles() {
        var histogram = LatencyHistogram()
        for value in 1...10_000 { histogram.record(.microseconds(Int64(value) * 7)) }
        #expect(histogram.count == 10_000)
        #expect(histogram.minimumMicroseconds == 7)
        #expect(histogram.maximumMicroseconds == 70_000)
        for (quantile, exact) in [(0.5, 35_000.0), (0.99, 69_300.0), (1.0, 70_000.0)] {
            let value = Double(histogram.value(atQuantile: quantile).microseconds)
            #expect(abs(value - exact) / exact < 0.03, "q\(quantile): \(value) against \(exact)")
        }
        #expect(histogram.value(atQuantile: 0) == .microseconds(7))
    }

    @Test("an empty histogram answers zero; small values are exact")
    func smallValues() {
        var histogram = LatencyHistogram()
        #expect(histogram.value(atQuantile: 0.5) == .zero)
        for value: Int64 in [3, 3, 3, 63] { histogram.record(.microseconds(value)) }
        #expect(histogram.value(atQuantile: 0.5) == .microseconds(3))
        #expect(histogram.value(atQuantile: 1) == .microseconds(63))
    }
}
