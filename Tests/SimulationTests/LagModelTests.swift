import ClusterModel
import KafkaClients
import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// The read model's lag against a model computed independently at every 100 ms of a run: the
/// high watermark read from each partition's leader, the committed offsets read from the group's
/// coordinator, and the positions read from each running consumer.
@Suite struct LagModelTests {
    static let topic = "orders"
    static let partitionCount: Int32 = 6
    static let group = "billing"

    /// What the lag should be at this instant, from the engines themselves.
    struct Model {
        var highWatermarks: [TopicPartition: Offset] = [:]
        var committed: [TopicPartition: Offset] = [:]
        var positions: [TopicPartition: Offset] = [:]

        init(_ cluster: SimulatedCluster, consumers: [NodeID]) {
            for partition in 0..<LagModelTests.partitionCount {
                let topicPartition = TopicPartition(LagModelTests.topic, partition)
                if let leader = cluster.leader(of: topicPartition), cluster.isUp(leader),
                    let highWatermark = cluster.server(leader)?.replica(topicPartition)?.highWatermark
                {
                    highWatermarks[topicPartition] = highWatermark
                }
            }
            let offsetsPartition = TopicPartition(
                "__consumer_offsets", coordinatorPartition(for: LagModelTests.group, partitionCount: 50))
            if let coordinator = cluster.leader(of: offsetsPartition),
                let group = cluster.server(coordinator)?.coordinatedGroups.first(where: {
                    $0.groupID == LagModelTests.group
                })
            {
                for (topicPartition, value) in group.offsets { committed[topicPartition] = value.committedOffset }
                let memberIDs = Set(group.members.map(\.memberID))
                for id in consumers where cluster.world.status(of: id) == .up {
                    guard let client = cluster.consumerClient(id), memberIDs.contains(client.memberID),
                        client.generationID >= 0
                    else { continue }
                    for topicPartition in client.assignment {
                        positions[topicPartition] = client.position(of: topicPartition)
                    }
                }
            }
        }

        func lag(_ topicPartition: TopicPartition) -> Int64? {
            guard let highWatermark = highWatermarks[topicPartition], let committed = committed[topicPartition] else {
                return nil
            }
            return highWatermark.rawValue - committed.rawValue
        }

        func consumerLag(_ topicPartition: TopicPartition) -> Int64? {
            guard let highWatermark = highWatermarks[topicPartition], let position = positions[topicPartition] else {
                return nil
            }
            return highWatermark.rawValue - position.rawValue
        }

        var totalLag: Int64 { committed.keys.reduce(0) { $0 + (lag($1) ?? 0) } }
    }

    /// Compares one snapshot with the model: every difference, with the seed and time.
    static func compare(_ snapshot: ClusterSnapshot, _ model: Model, seed: UInt64) -> [String] {
        let at = "seed \(seed) at \(snapshot.now)"
        var mismatches: [String] = []
        func check(_ holds: Bool, _ message: @autoclosure () -> String) {
            if !holds { mismatches.append("\(at): \(message())") }
        }
        guard let group = snapshot.groups.first(where: { $0.groupID == Self.group }) else {
            check(model.committed.isEmpty, "the group is missing but has commits")
            return mismatches
        }
        check(
            group.partitions.map(\.topicPartition) == model.committed.keys.sorted(),
            "partitions \(group.partitions.map(\.topicPartition)) vs commits \(model.committed.keys.sorted())")
        for partition in group.partitions {
            let topicPartition = partition.topicPartition
            let modelLag = model.lag(topicPartition)
            check(partition.committedOffset == model.committed[topicPartition], "\(topicPartition) committed")
            check(partition.highWatermark == model.highWatermarks[topicPartition], "\(topicPartition) HW")
            check(partition.lag == modelLag, "\(topicPartition) lag \(partition.lag ?? -1) vs \(modelLag ?? -1)")
            // Committed offsets never pass what is readable.
            check((modelLag ?? 0) >= 0, "\(topicPartition) committed past the HW: \(modelLag ?? 0)")
            let modelConsumerLag = model.consumerLag(topicPartition)
            check(partition.position == model.positions[topicPartition], "\(topicPartition) position")
            check(
                partition.consumerLag == modelConsumerLag,
                "\(topicPartition) consumer lag \(partition.consumerLag ?? -1) vs \(modelConsumerLag ?? -1)")
            check((modelConsumerLag ?? 0) >= 0, "\(topicPartition) position past the HW")
        }
        check(group.totalLag == model.totalLag, "total lag \(group.totalLag) vs \(model.totalLag)")
        return mismatches
    }

    @Test(
        "group and consumer lag equal the model's at every 100 ms through a stall, a crash and the catch-up",
        arguments: [601, 602] as [UInt64])
    func lagMatchesModel(seed: UInt64) throws {
        var cluster = startedCluster(seed: seed, topic: Self.topic, partitions: Self.partitionCount)
        var producerConfig = ProducerConfig(bootstrap: cluster.brokerIDs)
        producerConfig.seed = seed
        let producer = cluster.addProducerClient(producerConfig, client: 2)
        // 120 records/s for 30 s, spread over the partitions by key.
        let start = cluster.now
        for step in 0..<300 {
            for index in 0..<12 {
                cluster.sendRecord(
                    via: producer, topic: Self.topic, key: Array("k\(step * 12 + index)".utf8),
                    value: Array("v\(step)-\(index)".utf8), at: start + .milliseconds(Int64(step) * 100))
            }
        }
        var config = ConsumerConfig(bootstrap: cluster.brokerIDs, groupID: Self.group)
        config.autoOffsetReset = .earliest
        config.sessionTimeout = .seconds(10)
        config.heartbeatInterval = .seconds(1)
        config.maxPollInterval = .seconds(60)
        config.autoCommitInterval = .seconds(1)
        let consumers = [
            cluster.addConsumerClient(config, client: 3, subscribe: [Self.topic], recordsPerSecond: 100),
            cluster.addConsumerClient(config, client: 4, subscribe: [Self.topic], recordsPerSecond: 100),
        ]
        var mismatches: [String] = []
        var steps = 0
        var peakLag: Int64 = 0
        var peakConsumerLag: Int64 = 0
        func step(_ cluster: inout SimulatedCluster) {
            cluster.run(for: .milliseconds(100), checking: true)
            _ = cluster.drainDeliveryReports(producer)
            let snapshot = cluster.snapshot()
            let model = Model(cluster, consumers: consumers)
            mismatches += Self.compare(snapshot, model, seed: seed)
            steps += 1
            peakLag = max(peakLag, model.totalLag)
            let consumerLag = model.positions.keys.reduce(0) { $0 + (model.consumerLag($1) ?? 0) }
            peakConsumerLag = max(peakConsumerLag, consumerLag)
        }
        // Consume alongside the producer until every partition has a commit, then stall one
        // consumer for 8 s (within its max.poll.interval.ms: it keeps its partitions, commits
        // nothing and their lag grows).
        var consuming = false
        for _ in 0..<300 where !consuming {
            step(&cluster)
            consuming = Model(cluster, consumers: consumers).committed.count == Int(Self.partitionCount)
        }
        #expect(consuming, "seed \(seed): the group did not commit on every partition by \(cluster.now)")
        for _ in 0..<20 { step(&cluster) }
        let lagBeforeStall = Model(cluster, consumers: consumers).totalLag
        cluster.stallConsumerClient(consumers[0], for: .seconds(8))
        for _ in 0..<80 { step(&cluster) }
        let lagAfterStall = Model(cluster, consumers: consumers).totalLag
        #expect(lagAfterStall > lagBeforeStall + 200, "seed \(seed): lag \(lagBeforeStall) → \(lagAfterStall)")
        // Crash the other one: its partitions wait for the session timeout, then move.
        cluster.crashClient(consumers[1])
        for _ in 0..<150 { step(&cluster) }
        // Catch up: the producer stopped at 30 s; the survivor drains everything.
        var caughtUp = false
        for _ in 0..<900 where !caughtUp {
            step(&cluster)
            let model = Model(cluster, consumers: consumers)
            caughtUp =
                model.committed.count == Int(Self.partitionCount) && model.totalLag == 0
                && model.highWatermarks.values.reduce(0) { $0 + $1.rawValue } == 3600
        }
        #expect(caughtUp, "seed \(seed): the group did not catch up by \(cluster.now)")
        #expect(
            mismatches.isEmpty,
            "seed \(seed): \(mismatches.count) mismatches over \(steps) steps, first: \(mismatches.prefix(10))")
        #expect(peakLag > 300 && peakConsumerLag > 100, "seed \(seed): peaks \(peakLag) / \(peakConsumerLag)")
        let final = cluster.snapshot().groups.first { $0.groupID == Self.group }
        #expect(final?.totalLag == 0 && final?.partitions.allSatisfy { $0.consumerLag == 0 } == true, "seed \(seed)")
        cluster.expectHealthy(seed)
    }
}
