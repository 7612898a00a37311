import Foundation
import KafkaClients
import KafkaCore
import Simulation

/// `flightdeck bench consume`: the whole consume path (a real `KafkaConsumer`, network, KRaft
/// brokers, fetch sessions-less Fetch requests, file-backed logs) in one deterministic world,
/// and the CPU cost of the client-side assignors.
///
/// - `consume_*`: a 3-broker cluster, a 6-partition topic at replication factor 3 filled by a
///   `ProducerWorkload` with N records of 100 bytes (Kreps' 2014 setup); then one consumer
///   assigned every partition (no group, `auto.offset.reset=earliest`, Kafka's default fetch
///   settings) reads them all, polling as fast as records arrive (`ConsumeWorkload`). Wall time
///   runs from the consumer's first Fetch to the poll that returned the last record.
/// - `e2e_*`: the same cluster with a consumer caught up at the end of the log while the
///   in-process client produces 10-record batches (`acks=all`) to every partition every 5 ms
///   of simulated time (12,000 records/s) until it has sent `min(N, 120,000)` records; each
///   value carries its send instant, and the
///   latency is send → the poll that returned the record, in simulated time on
///   `LinkConfig.datacenter`.
/// - `assign_*` / `reassign_*`: wall microseconds of one `assign(...)` call for 100 members
///   over one 1,000-partition topic, from scratch and after one member left (the others
///   reporting what they own), per assignor; the median of `assignorRepeats` calls.
enum ConsumeBenchmark {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let topic = "bench"
    static let partitions: Int32 = 6
    static let seed: UInt64 = 43
    /// The latency phase: batches of `latencyBatchRecords` to every partition every `latencyInterval`.
    static let latencyBatchRecords = 10
    static let latencyInterval = Duration.milliseconds(5)
    /// The latency phase produces `min(N, latencyRecordLimit)` records: 10 s of simulated time at most.
    static let latencyRecordLimit = 120_000
    static let assignorMembers = 100
    static let assignorPartitions: Int32 = 1000
    static let assignorRepeats = 5

    static func run(_ options: BenchOptions) throws -> [BenchFigure] {
        var figures = [BenchFigure(name: "records", value: Double(options.records), unit: "records")]
        figures += try measureThroughput(records: options.records, under: options.directory)
        figures += try measureLatency(records: min(options.records, latencyRecordLimit), under: options.directory)
        figures += measureAssignors()
        figures.append(
            BenchFigure(name: "peak_resident_bytes", value: Double(ProcessMemory.peakResidentBytes), unit: "bytes"))
        return figures
    }

    // MARK: Throughput

    private static func measureThroughput(records: Int, under parent: String?) throws -> [BenchFigure] {
        let root = try makeRoot(under: parent)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var cluster = try startedCluster(root: root)
        let producer = cluster.addProducer(
            ProducerWorkloadConfig(
                topic: topic, partitions: partitions, acks: ProduceRequest.acksAll, records: records),
            client: 1)
        guard cluster.runUntilFinished(producer, timeout: .seconds(3600)),
            cluster.runUntilFullyReplicated(topic: topic, partitions: partitions, timeout: .seconds(600))
        else { throw Failure(description: "consume: filling the topic did not finish within an hour") }
        let workload = ConsumeWorkload(intent: .assign(topicPartitions))
        let consumer = cluster.addConsumeWorkload(consumerConfig(cluster), client: 2, workload: workload)
        // The clock starts at the first Fetch, after metadata and the offset lookups.
        let fetching = cluster.runUntil(consumer: consumer, timeout: .seconds(60), slice: .microseconds(10)) {
            client, _ in client.counters.fetchRequestsSent > 0
        }
        guard fetching else { throw Failure(description: "consume: the consumer sent no Fetch within a minute") }
        let eventsBefore = cluster.world.statistics.eventsProcessed
        let simulatedStart = cluster.now
        let start = ContinuousClock.now
        let finished = cluster.runUntil(consumer: consumer, timeout: .seconds(3600)) { _, workload in
            workload.consumedRecords >= records
        }
        let wallSeconds = (ContinuousClock.now - start).seconds
        let events = Double(cluster.world.statistics.eventsProcessed - eventsBefore)
        guard finished, let lastRecordAt = workload.lastRecordAt else {
            throw Failure(
                description:
                    "consume: \(workload.consumedRecords) of \(records) records within an hour of simulated time")
        }
        let fetches = cluster.consumeWorkloadClient(consumer)?.counters.fetchRequestsSent ?? 0
        let simulatedSeconds = Double((lastRecordAt - simulatedStart).microseconds) / 1e6
        let recordsPerSecond = Double(workload.consumedRecords) / wallSeconds
        return [
            BenchFigure(name: "consume_records_per_s", value: recordsPerSecond, unit: "records/s"),
            BenchFigure(name: "consume_fetch_requests", value: Double(fetches), unit: "requests"),
            BenchFigure(name: "consume_events_per_s", value: events / wallSeconds, unit: "events/s"),
            BenchFigure(
                name: "consume_simulated_records_per_s", value: Double(records) / max(simulatedSeconds, 1e-6),
                unit: "records/s"),
            BenchFigure(name: "consume_errors", value: Double(workload.errors), unit: "errors"),
        ]
    }

    // MARK: Latency

    private static func measureLatency(records: Int, under parent: String?) throws -> [BenchFigure] {
        let root = try makeRoot(under: parent)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var cluster = try startedCluster(root: root)
        let workload = ConsumeWorkload(intent: .assign(topicPartitions), measuresLatency: true)
        let consumer = cluster.addConsumeWorkload(consumerConfig(cluster), client: 2, workload: workload)
        let positioned = cluster.runUntil(consumer: consumer, timeout: .seconds(30)) { client, _ in
            topicPartitions.allSatisfy { client.position(of: $0) != nil }
        }
        guard positioned else { throw Failure(description: "e2e: the consumer has no position after 30 s") }
        let padding = [UInt8](repeating: 7, count: 92)
        var sent = 0
        var errors = 0
        var pending: [UInt64] = []
        let rounds = max(1, records / (latencyBatchRecords * Int(partitions)))
        for _ in 0..<rounds {
            let value = ConsumeWorkload.stamp(cluster.now) + padding
            let batch = cluster.batch(values: Array(repeating: value, count: latencyBatchRecords))
            for topicPartition in topicPartitions {
                guard let leader = cluster.leader(of: topicPartition) else {
                    errors += 1
                    continue
                }
                let request = ProduceRequest(
                    acks: ProduceRequest.acksAll, timeout: .seconds(30),
                    partitions: [ProducePartitionData(topicPartition, batch: batch)])
                pending.append(cluster.send(.produce(request), to: leader))
                sent += latencyBatchRecords
            }
            cluster.run(for: latencyInterval)
            pending.removeAll { id in
                guard let answer = cluster.takeAnswer(id) else { return false }
                if case .produce(let response) = answer.response, response.partitions.first?.error == KafkaError.none {
                    return true
                }
                errors += 1
                return true
            }
        }
        let drained = cluster.runUntil(consumer: consumer, timeout: .seconds(30)) { _, workload in
            workload.consumedRecords >= sent
        }
        guard drained else {
            throw Failure(description: "e2e: \(workload.consumedRecords) of \(sent) records consumed")
        }
        return [
            BenchFigure(
                name: "e2e_p50_us", value: Double(workload.latency.value(atQuantile: 0.5).microseconds), unit: "us"),
            BenchFigure(
                name: "e2e_p99_us", value: Double(workload.latency.value(atQuantile: 0.99).microseconds), unit: "us"),
            BenchFigure(name: "e2e_records", value: Double(workload.latency.count), unit: "records"),
            BenchFigure(name: "e2e_errors", value: Double(errors + workload.errors), unit: "errors"),
        ]
    }

    // MARK: Assignors

    /// Wall microseconds of one assignment, fresh and after a member left, per assignor.
    private static func measureAssignors() -> [BenchFigure] {
        let partitionsPerTopic = [topic: assignorPartitions]
        let members = (0..<assignorMembers).map { index in
            AssignorMember(
                memberID: "consumer-\(index)-\(String(index * 7919, radix: 16))",
                subscription: Subscription(topics: [topic]))
        }
        var figures: [BenchFigure] = []
        for assignor in Assignors.all {
            let name = assignor.name.replacingOccurrences(of: "-", with: "_")
            let (fresh, first) = time { assignor.assign(members: members, partitionsPerTopic: partitionsPerTopic) }
            // Everyone but the first member rejoins reporting what it owns (generation 1).
            let survivors = members.dropFirst().map { member in
                var member = member
                member.subscription.ownedPartitions = first[member.memberID]?.partitions ?? []
                member.subscription.generationID = 1
                return member
            }
            let (again, _) = time { assignor.assign(members: survivors, partitionsPerTopic: partitionsPerTopic) }
            figures.append(BenchFigure(name: "assign_\(name)_us", value: fresh, unit: "us"))
            figures.append(BenchFigure(name: "reassign_\(name)_us", value: again, unit: "us"))
        }
        return figures
    }

    /// The median wall microseconds of `assignorRepeats` runs of `body`, and its last result.
    private static func time(
        _ body: () -> [String: Assignment]
    ) -> (microseconds: Double, result: [String: Assignment]) {
        var samples: [Double] = []
        var result: [String: Assignment] = [:]
        for _ in 0..<assignorRepeats {
            let start = ContinuousClock.now
            result = body()
            samples.append((ContinuousClock.now - start).seconds * 1e6)
        }
        precondition(
            result.values.reduce(0) { $0 + $1.partitions.count } == Int(assignorPartitions),
            "an assignor left partitions unassigned")
        return (samples.sorted()[samples.count / 2], result)
    }

    // MARK: Setup

    static var topicPartitions: [TopicPartition] { (0..<partitions).map { TopicPartition(topic, $0) } }

    private static func startedCluster(root: String) throws -> SimulatedCluster {
        var cluster = SimulatedCluster(
            ClusterOptions(brokers: 3, seed: seed, storage: .files(root: root), link: .datacenter))
        let created = cluster.createTopic(topic, partitions: partitions, replicationFactor: 3)
        guard created.error == .none else {
            throw Failure(description: "consume: cannot create the topic: \(created.error) \(created.message ?? "")")
        }
        // Let followers that backed off before they knew their leader settle (see ClusterBenchmark).
        cluster.run(for: .seconds(2))
        return cluster
    }

    /// Kafka's consumer defaults, reading from the earliest offset, without a group.
    private static func consumerConfig(_ cluster: SimulatedCluster) -> ConsumerConfig {
        var config = ConsumerConfig(bootstrap: cluster.brokerIDs)
        config.clientID = "bench-consumer"
        config.autoOffsetReset = .earliest
        return config
    }

    private static func makeRoot(under parent: String?) throws -> String {
        let base = parent ?? NSTemporaryDirectory()
        let root = (base as NSString).appendingPathComponent(
            "flightdeck-bench-consume-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(root): \(error.localizedDescription)")
        }
        return root
    }
}
