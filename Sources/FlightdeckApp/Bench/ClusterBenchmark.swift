import Foundation
import KafkaCore
import Simulation

/// `flightdeck bench cluster`: the whole produce path (client, network, KRaft brokers, replica
/// manager, follower fetch, high watermark, file-backed logs) in one deterministic world, driven
/// by a pipelined `ProducerWorkload` of 100-byte records in ~16 KiB batches.
///
/// Three setups, after Kreps' 2014 benchmark (6 partitions, 100-byte records):
/// - `rf3_acks_all`: 3 brokers, replication factor 3, `acks=all`;
/// - `rf3_acks_1`: 3 brokers, replication factor 3, `acks=1`;
/// - `rf1_acks_all`: 3 brokers, replication factor 1, `acks=all` (Kreps' "no replication" run:
///   the 6 partitions spread over the 3 brokers).
///
/// Then `idle_cluster_events_per_s`: the same 3-broker cluster with no load for an hour of
/// virtual time (Raft fetches, heartbeats, replica long-polls, timers): the rate at which the
/// world processes light Kafka events; and `world_events_per_s`: the bare world (`PingWorld`),
/// the ceiling any simulation can reach, against the 5 M/s target for simulated events.
///
/// For each: wall-clock throughput (records acknowledged / wall seconds of the run loop), and
/// again up to the moment every follower has caught up (`replicated`: with `acks=1` the
/// producer finishes first); produce latency p50/p99 in simulated time on the default
/// `LinkConfig.datacenter` network; simulated events per wall second; and how much faster than
/// real time the run went. Logs are
/// real files under a fresh directory (no fsync, Kafka's default), removed afterwards.
enum ClusterBenchmark {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One cluster shape and acks mode.
    struct Setup {
        var name: String
        var brokers: Int
        var replicationFactor: Int16
        var acks: Int16
    }

    static let setups = [
        Setup(name: "rf3_acks_all", brokers: 3, replicationFactor: 3, acks: ProduceRequest.acksAll),
        Setup(name: "rf3_acks_1", brokers: 3, replicationFactor: 3, acks: 1),
        Setup(name: "rf1_acks_all", brokers: 3, replicationFactor: 1, acks: ProduceRequest.acksAll),
    ]
    static let topic = "bench"
    static let partitions: Int32 = 6
    static let seed: UInt64 = 42

    static func run(_ options: BenchOptions) throws -> [BenchFigure] {
        var figures = [BenchFigure(name: "records", value: Double(options.records), unit: "records")]
        for setup in setups {
            figures += try measure(setup, records: options.records, under: options.directory)
        }
        figures.append(try measureIdle(under: options.directory))
        figures.append(measureWorld())
        figures.append(
            BenchFigure(name: "peak_resident_bytes", value: Double(ProcessMemory.peakResidentBytes), unit: "bytes"))
        return figures
    }

    private static func measure(_ setup: Setup, records: Int, under parent: String?) throws -> [BenchFigure] {
        let root = try makeRoot(under: parent)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var cluster = SimulatedCluster(
            ClusterOptions(brokers: setup.brokers, seed: seed, storage: .files(root: root), link: .datacenter))
        let created = cluster.createTopic(topic, partitions: partitions, replicationFactor: setup.replicationFactor)
        guard created.error == .none else {
            throw Failure(
                description: "\(setup.name): cannot create the topic: \(created.error) \(created.message ?? "")")
        }
        // Followers that asked before their leader knew it leads back off for
        // replica.fetch.backoff.ms, as in Kafka: let the new topic settle before measuring.
        cluster.run(for: .seconds(2))
        let config = ProducerWorkloadConfig(
            topic: topic, partitions: partitions, acks: setup.acks, records: records)
        let producer = cluster.addProducer(config, client: 1)
        let eventsBefore = cluster.world.statistics.eventsProcessed
        let simulatedStart = cluster.now
        let start = ContinuousClock.now
        let finished = cluster.runUntilFinished(producer, timeout: .seconds(3600))
        let wallSeconds = (ContinuousClock.now - start).seconds
        let events = Double(cluster.world.statistics.eventsProcessed - eventsBefore)
        guard finished, let workload = cluster.producer(producer), let finishedAt = workload.finishedAt else {
            throw Failure(description: "\(setup.name): the producer did not finish within an hour of simulated time")
        }
        // With acks=1 the producer can finish before the followers have the records; the
        // replicated figure charges the whole copy, as acks=all does.
        let replicated = cluster.runUntilFullyReplicated(topic: topic, partitions: partitions, timeout: .seconds(600))
        let replicatedWallSeconds = (ContinuousClock.now - start).seconds
        let replicatedAt = cluster.now
        guard replicated else {
            throw Failure(
                description: "\(setup.name): the followers did not catch up within 10 minutes of simulated time")
        }
        let simulatedSeconds = Double((finishedAt - simulatedStart).microseconds) / 1e6
        let name = setup.name
        return [
            BenchFigure(
                name: "\(name)_records_per_s", value: Double(workload.acknowledgedRecords) / wallSeconds,
                unit: "records/s"),
            BenchFigure(
                name: "\(name)_produce_p50_us", value: Double(workload.latency.value(atQuantile: 0.5).microseconds),
                unit: "us"),
            BenchFigure(
                name: "\(name)_produce_p99_us", value: Double(workload.latency.value(atQuantile: 0.99).microseconds),
                unit: "us"),
            BenchFigure(
                name: "\(name)_replicated_records_per_s", value: Double(records) / replicatedWallSeconds,
                unit: "records/s"),
            BenchFigure(
                name: "\(name)_replicated_after_us", value: Double((replicatedAt - finishedAt).microseconds),
                unit: "us"),
            BenchFigure(name: "\(name)_events_per_s", value: events / wallSeconds, unit: "events/s"),
            BenchFigure(
                name: "\(name)_simulated_records_per_s", value: Double(records) / simulatedSeconds,
                unit: "records/s"),
            BenchFigure(name: "\(name)_time_acceleration", value: simulatedSeconds / wallSeconds, unit: "ratio"),
            BenchFigure(name: "\(name)_produce_errors", value: Double(workload.errors), unit: "errors"),
        ]
    }

    /// A fresh directory under `parent` (default: the temp dir) for one setup's logs.
    /// Events per wall second of the bare world (`PingWorld`: tokens in a ring, timers).
    private static func measureWorld() -> BenchFigure {
        let events = 2_000_000
        let start = ContinuousClock.now
        let result = PingWorld.run(events: events)
        let wall = ContinuousClock.now - start
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18
        let processed = Double(result.statistics.eventsProcessed)
        return BenchFigure(name: "world_events_per_s", value: processed / max(wallSeconds, 1e-9), unit: "events/s")
    }

    /// Events per wall second of a loaded-topic cluster with nothing to do but stay alive.
    private static func measureIdle(under parent: String?) throws -> BenchFigure {
        let root = try makeRoot(under: parent)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var cluster = SimulatedCluster(
            ClusterOptions(brokers: 3, seed: seed, storage: .files(root: root), link: .datacenter))
        let created = cluster.createTopic(topic, partitions: partitions, replicationFactor: 3)
        guard created.error == .none else {
            throw Failure(description: "idle cluster: cannot create the topic: \(created.error)")
        }
        let eventsBefore = cluster.world.statistics.eventsProcessed
        let start = ContinuousClock.now
        cluster.run(for: .seconds(3600))
        let wall = ContinuousClock.now - start
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18
        let events = Double(cluster.world.statistics.eventsProcessed - eventsBefore)
        return BenchFigure(name: "idle_cluster_events_per_s", value: events / max(wallSeconds, 1e-9), unit: "events/s")
    }

    private static func makeRoot(under parent: String?) throws -> String {
        let base = parent ?? NSTemporaryDirectory()
        let root = (base as NSString).appendingPathComponent(
            "flightdeck-bench-cluster-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(root): \(error.localizedDescription)")
        }
        return root
    }
}
