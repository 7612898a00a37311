import KafkaClients
import KafkaCluster
import KafkaCore
import Simulation
import Testing

@Suite struct ProducerClientTests {
    /// The records of every batch a consumer reads from the partitions of `topic`, as
    /// (key, value) strings in offset order per partition.
    static func consumed(
        _ cluster: inout SimulatedCluster, topic: String, partitions: Int32
    ) throws -> [[(String, Int)]] {
        try (0..<partitions).map { partition in
            try cluster.consumeAll(TopicPartition(topic, partition)).flatMap { batch in
                try batch.records().map { record in
                    (
                        String(decoding: record.key ?? [], as: UTF8.self),
                        Int(String(decoding: record.value ?? [], as: UTF8.self)) ?? -1
                    )
                }
            }
        }
    }

    @Test("1,000 keyed acks=all records survive a partition leader's death exactly once, in key order")
    func exactlyOnceThroughFailover() throws {
        let seed: UInt64 = 11
        var cluster = startedCluster(seed: seed, topic: "orders", partitions: 3)
        let producer = cluster.addProducerClient(ProducerConfig(bootstrap: cluster.brokerIDs), client: 2)
        let start = cluster.now
        for index in 0..<1000 {
            cluster.sendRecord(
                via: producer, topic: "orders", key: Array("key-\(index % 25)".utf8), value: Array("\(index)".utf8),
                at: start + .milliseconds(Int64(index) * 2))
        }
        var reports: [DeliveryReport] = []
        cluster.runProducerClient(producer, collecting: &reports, timeout: .milliseconds(600), checking: true)
        let victim = try #require(cluster.leader(of: TopicPartition("orders", 0)), "seed \(seed)")
        cluster.kill(victim)
        let finished = cluster.runProducerClient(producer, collecting: &reports, timeout: .seconds(150), checking: true)
        #expect(
            finished,
            "seed \(seed): producer did not finish: \(String(describing: cluster.producerClient(producer)?.counters))")
        let acknowledged = reports.filter { if case .acknowledged = $0.outcome { true } else { false } }
        #expect(
            acknowledged.count == 1000, "seed \(seed): \(reports.count) reports, \(acknowledged.count) acknowledged")
        #expect(cluster.producerClient(producer)?.counters.retries ?? 0 > 0, "seed \(seed): the kill forced no retry")

        cluster.run(for: .seconds(5), checking: true)
        let partitions = try Self.consumed(&cluster, topic: "orders", partitions: 3)
        let values = partitions.flatMap { $0.map(\.1) }
        #expect(values.count == 1000, "seed \(seed): consumed \(values.count) records")
        #expect(Set(values).count == values.count, "seed \(seed): duplicates")
        #expect(Set(values) == Set(0..<1000), "seed \(seed): missing records")
        for partition in partitions {
            var lastByKey: [String: Int] = [:]
            for (key, value) in partition {
                #expect((lastByKey[key] ?? -1) < value, "seed \(seed): \(key) out of order at \(value)")
                lastByKey[key] = value
            }
        }
        #expect(cluster.checker.lostWrites(in: cluster).isEmpty, "seed \(seed)")
        cluster.expectHealthy(seed)
    }

    /// A Produce lands but its answer is lost; the producer times out and retries.
    static func retryAfterLostAnswer(idempotent: Bool, seed: UInt64) throws -> [Int] {
        var cluster = startedCluster(seed: seed, topic: "orders", partitions: 1)
        var config = ProducerConfig(bootstrap: cluster.brokerIDs)
        config.enableIdempotence = idempotent
        config.requestTimeout = .seconds(2)
        config.linger = .zero
        let producer = cluster.addProducerClient(config, client: 2)
        var reports: [DeliveryReport] = []
        cluster.sendRecord(via: producer, topic: "orders", key: Array("k".utf8), value: Array("0".utf8))
        cluster.runProducerClient(producer, collecting: &reports, timeout: .seconds(1))
        let leader = try #require(cluster.leader(of: TopicPartition("orders", 0)))
        cluster.dropAnswers(from: leader, to: producer)
        cluster.sendRecord(via: producer, topic: "orders", key: Array("k".utf8), value: Array("1".utf8))
        cluster.run(for: .milliseconds(1500))
        cluster.healClient(producer, and: leader)
        let finished = cluster.runProducerClient(producer, collecting: &reports, timeout: .seconds(30))
        #expect(finished, "seed \(seed)")
        #expect(cluster.producerClient(producer)?.counters.requestTimeouts ?? 0 > 0, "seed \(seed): no timeout")
        let partitions = try consumed(&cluster, topic: "orders", partitions: 1)
        return partitions.flatMap { $0.map(\.1) }
    }

    @Test("with idempotence, a retry after a lost answer is deduplicated by the broker")
    func idempotentRetryIsDeduplicated() throws {
        #expect(try Self.retryAfterLostAnswer(idempotent: true, seed: 21) == [0, 1])
    }

    @Test("without idempotence, a retry after a lost answer writes a duplicate (negative control)")
    func nonIdempotentRetryDuplicates() throws {
        #expect(try Self.retryAfterLostAnswer(idempotent: false, seed: 21) == [0, 1, 1])
    }
}
