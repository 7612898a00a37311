import KafkaClients
import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// Real `KafkaConsumer`s in a group on a 3-broker cluster: sharing partitions, a member crash,
/// the coordinator's broker dying, lag from a slow application, static membership.
@Suite struct ConsumerClientTests {
    static let topic = "orders"
    static let partitionCount: Int32 = 6

    /// A started cluster whose 6-partition topic holds `perPartition` records per partition,
    /// valued `p<partition>-<index>`.
    static func filledCluster(seed: UInt64, perPartition: Int = 50) -> SimulatedCluster {
        var cluster = startedCluster(seed: seed, topic: topic, partitions: partitionCount)
        fill(&cluster, perPartition: perPartition, from: 0)
        return cluster
    }

    /// Produces records `from..<from+perPartition` to every partition, in batches of 10.
    static func fill(_ cluster: inout SimulatedCluster, perPartition: Int, from start: Int) {
        for partition in 0..<partitionCount {
            let topicPartition = TopicPartition(topic, partition)
            for chunk in stride(from: start, to: start + perPartition, by: 10) {
                let values = (chunk..<min(chunk + 10, start + perPartition)).map { Array("p\(partition)-\($0)".utf8) }
                let answer = cluster.produce(cluster.batch(values: values), to: topicPartition, checking: true)
                #expect(answer.error == .none, "seed \(cluster.options.seed): produce failed: \(answer)")
            }
        }
    }

    static func config(_ cluster: SimulatedCluster, instance: String? = nil) -> ConsumerConfig {
        var config = ConsumerConfig(bootstrap: cluster.brokerIDs, groupID: "billing")
        config.autoOffsetReset = .earliest
        config.sessionTimeout = .seconds(10)
        config.heartbeatInterval = .seconds(1)
        config.maxPollInterval = .seconds(60)
        config.requestTimeout = .seconds(5)
        config.groupInstanceID = instance
        return config
    }

    static func values(_ cluster: SimulatedCluster, _ consumers: [NodeID]) -> [String] {
        consumers.flatMap { id in
            (cluster.consumerMailbox(id)?.consumed ?? []).map { String(decoding: $0.value ?? [], as: UTF8.self) }
        }
    }

    static func expected(perPartition: Int) -> Set<String> {
        Set((0..<partitionCount).flatMap { partition in (0..<perPartition).map { "p\(partition)-\($0)" } })
    }

    /// The consumers' assignments, and whether every partition has exactly one owner.
    static func ownsEachPartitionOnce(_ cluster: SimulatedCluster, _ consumers: [NodeID]) -> Bool {
        let owned = consumers.flatMap { cluster.consumerClient($0)?.assignment ?? [] }
        return owned.count == Int(partitionCount) && Set(owned).count == owned.count
    }

    static func stable(_ cluster: SimulatedCluster, _ consumers: [NodeID]) -> Bool {
        let generations = Set(consumers.map { cluster.consumerClient($0)?.generationID ?? -1 })
        return consumers.allSatisfy { cluster.consumerClient($0)?.memberState == .stable } && generations.count == 1
            && ownsEachPartitionOnce(cluster, consumers)
    }

    /// Whether every partition's committed offset (as the consumers know it) reached `offset`.
    static func committed(_ cluster: SimulatedCluster, _ consumers: [NodeID], atLeast offset: Int64) -> Bool {
        (0..<partitionCount).allSatisfy { partition in
            consumers.contains {
                (cluster.consumerClient($0)?.committed[TopicPartition(topic, partition)]?.rawValue ?? -1) >= offset
            }
        }
    }

    /// The group's committed offsets, read from its coordinator with OffsetFetch.
    static func groupOffsets(_ cluster: inout SimulatedCluster, coordinator: BrokerID) -> [Offset] {
        let asked = (0..<partitionCount).map { TopicPartition(topic, $0) }
        let id = cluster.send(.offsetFetch(OffsetFetchRequest(groupID: "billing", partitions: asked)), to: coordinator)
        guard case .offsetFetch(let answer)? = cluster.awaitResponse(id, timeout: .seconds(5)) else { return [] }
        return answer.partitions.map(\.committedOffset)
    }

    @Test(
        "three consumers share six partitions, one owner each, and consume every record exactly once",
        arguments: [301, 311] as [UInt64])
    func groupSharesPartitions(seed: UInt64) throws {
        var cluster = Self.filledCluster(seed: seed)
        let consumers = (2...4).map {
            cluster.addConsumerClient(Self.config(cluster), client: Int32($0), subscribe: [Self.topic])
        }
        cluster.eventually("all 300 records consumed", within: .seconds(60)) {
            Self.values($0, consumers).count >= 300 && Self.stable($0, consumers)
        }
        let values = Self.values(cluster, consumers)
        #expect(values.count == 300, "seed \(seed): \(values.count) records consumed")
        #expect(Set(values) == Self.expected(perPartition: 50), "seed \(seed): wrong records")
        #expect(Self.ownsEachPartitionOnce(cluster, consumers), "seed \(seed)")
        for id in consumers {
            #expect(cluster.consumerClient(id)?.assignment.count == 2, "seed \(seed): \(id) is unbalanced")
        }
        cluster.eventually("every position committed", within: .seconds(15)) {
            Self.committed($0, consumers, atLeast: 50)
        }
        let coordinator = try #require(cluster.consumerClient(consumers[0])?.coordinator)
        #expect(Self.groupOffsets(&cluster, coordinator: coordinator) == Array(repeating: Offset(50), count: 6))
        for id in consumers { cluster.consumerClient(id)?.checkInvariants() }
        cluster.expectHealthy(seed)
    }

    @Test(
        "a crashed member's partitions move to the survivors after session.timeout.ms, from the last commit",
        arguments: [302, 312] as [UInt64])
    func crashedMemberIsReplaced(seed: UInt64) throws {
        var cluster = Self.filledCluster(seed: seed, perPartition: 100)
        let consumers = (2...4).map {
            cluster.addConsumerClient(
                Self.config(cluster), client: Int32($0), subscribe: [Self.topic], recordsPerSecond: 10)
        }
        cluster.eventually("group stable", within: .seconds(30)) { Self.stable($0, consumers) }
        cluster.run(for: .seconds(6), checking: true)
        let victim = consumers[1]
        let generation = try #require(cluster.consumerClient(consumers[0])?.generationID)
        let orphaned = cluster.consumerClient(victim)?.assignment ?? []
        let lastCommitted = orphaned.map { cluster.consumerClient(victim)?.committed[$0] ?? Offset(0) }
        let lastPosition = orphaned.map { cluster.consumerClient(victim)?.position(of: $0) ?? Offset(0) }
        cluster.crashClient(victim)
        let crashedAt = cluster.now
        let survivors = [consumers[0], consumers[2]]
        cluster.eventually("survivors own everything", within: .seconds(40)) { Self.stable($0, survivors) }
        let takenOverAfter = cluster.now - crashedAt
        #expect(takenOverAfter >= .seconds(9), "seed \(seed): rebalanced \(takenOverAfter) after the crash")
        #expect((cluster.consumerClient(survivors[0])?.generationID ?? 0) > generation, "seed \(seed)")
        for partition in orphaned {
            #expect(survivors.contains { cluster.consumerClient($0)?.assignment.contains(partition) == true })
        }
        cluster.eventually("all records consumed", within: .seconds(120)) {
            Set(Self.values($0, consumers)).count == 600
        }
        // The survivors start each orphaned partition at a committed offset: at or after the
        // victim's last acknowledged commit, never past what it had consumed.
        for (index, partition) in orphaned.enumerated() {
            let first = survivors.compactMap { id in
                cluster.consumerMailbox(id)?.consumed.first { $0.topicPartition == partition }?.offset
            }.first
            #expect(
                first.map { $0 >= lastCommitted[index] && $0 <= lastPosition[index] } == true,
                "seed \(seed): \(partition) resumed at \(String(describing: first)), committed \(lastCommitted[index])")
        }
        let values = Self.values(cluster, consumers)
        // At-least-once: what the victim consumed after its last commit comes again, nothing is skipped.
        #expect(Set(values) == Self.expected(perPartition: 100), "seed \(seed): records skipped")
        let uncommitted = zip(lastCommitted, lastPosition).reduce(0) { $0 + Int($1.1.rawValue - $1.0.rawValue) }
        #expect(uncommitted > 0, "seed \(seed): the victim had committed everything; nothing to redeliver")
        #expect(
            values.count >= 600 + uncommitted, "seed \(seed): \(values.count) records for \(uncommitted) redelivered")
        cluster.expectHealthy(seed)
    }

    @Test(
        "when the coordinator's broker dies the consumers find the new one and go on; commits survive",
        arguments: [303, 313] as [UInt64])
    func coordinatorFailover(seed: UInt64) throws {
        var cluster = Self.filledCluster(seed: seed)
        let consumers = (2...4).map {
            cluster.addConsumerClient(Self.config(cluster), client: Int32($0), subscribe: [Self.topic])
        }
        cluster.eventually("first half consumed and committed", within: .seconds(60)) {
            Self.values($0, consumers).count >= 300 && Self.committed($0, consumers, atLeast: 50)
        }
        let first = try #require(cluster.consumerClient(consumers[0])?.coordinator)
        cluster.kill(first)
        cluster.eventually("every partition has a live leader", within: .seconds(30)) { cluster in
            (0..<Self.partitionCount).allSatisfy { partition in
                let topicPartition = TopicPartition(Self.topic, partition)
                return cluster.leader(of: topicPartition).map { $0 != first } ?? false
                    && cluster.isServing(topicPartition)
            }
        }
        Self.fill(&cluster, perPartition: 50, from: 50)
        cluster.eventually("second half consumed", within: .seconds(120)) {
            Set(Self.values($0, consumers)).count == 600 && Self.committed($0, consumers, atLeast: 100)
        }
        let second = try #require(cluster.consumerClient(consumers[0])?.coordinator)
        #expect(second != first, "seed \(seed)")
        #expect(Set(Self.values(cluster, consumers)) == Self.expected(perPartition: 100), "seed \(seed)")
        #expect(Self.groupOffsets(&cluster, coordinator: second) == Array(repeating: Offset(100), count: 6))
        cluster.expectHealthy(seed)
    }

    @Test(
        "a slow application builds lag that drains when its processing rate goes up", arguments: [304, 314] as [UInt64])
    func lagBuildsAndDrains(seed: UInt64) throws {
        var cluster = Self.filledCluster(seed: seed)
        let consumer = cluster.addConsumerClient(
            Self.config(cluster), client: 2, subscribe: [Self.topic], recordsPerSecond: 10)
        func totalLag(_ cluster: SimulatedCluster) -> Int64 {
            cluster.consumerClient(consumer)?.lagByPartition.values.reduce(0, +) ?? -1
        }
        cluster.eventually("lag known", within: .seconds(30)) {
            $0.consumerClient(consumer)?.lagByPartition.count == 6
        }
        cluster.run(for: .seconds(5), checking: true)
        let built = totalLag(cluster)
        #expect(built > 200, "seed \(seed): lag only \(built)")
        cluster.setProcessingRate(of: consumer, recordsPerSecond: 1000)
        cluster.eventually("lag drained", within: .seconds(10)) { totalLag($0) == 0 }
        #expect(Set(Self.values(cluster, [consumer])) == Self.expected(perPartition: 50), "seed \(seed)")
        cluster.expectHealthy(seed)
    }

    @Test(
        "a poll cut short by max.poll.records is followed by another at once: the poll size caps no rate",
        arguments: [(306, nil), (316, 20_000)] as [(UInt64, Int?)])
    func fullPollsPollAgain(seed: UInt64, recordsPerSecond: Int?) throws {
        var cluster = Self.filledCluster(seed: seed, perPartition: 1000)
        let consumer = cluster.addConsumerClient(
            Self.config(cluster), client: 2, subscribe: [Self.topic], recordsPerSecond: recordsPerSecond)
        func polled(_ cluster: SimulatedCluster) -> Int {
            cluster.consumerClient(consumer)?.counters.recordsConsumed ?? 0
        }
        cluster.eventually("first records polled", within: .seconds(30)) { polled($0) > 0 }
        let first = cluster.now
        cluster.eventually("every record polled", within: .seconds(30)) { polled($0) == 6000 }
        // One poll of 500 records every 100 ms would need at least 1.1 s more (5,000 records/s).
        let took = cluster.now - first
        #expect(took < .milliseconds(500), "seed \(seed): \(took) to poll 6,000 records")
        #expect(Set(Self.values(cluster, [consumer])) == Self.expected(perPartition: 1000), "seed \(seed)")
        cluster.expectHealthy(seed)
    }

    @Test("a static member restarted within session.timeout.ms causes no rebalance", arguments: [305, 315] as [UInt64])
    func staticMemberRestart(seed: UInt64) throws {
        var cluster = Self.filledCluster(seed: seed)
        let consumers = (2...4).map {
            cluster.addConsumerClient(
                Self.config(cluster, instance: "billing-\($0)"), client: Int32($0), subscribe: [Self.topic])
        }
        cluster.eventually("group stable", within: .seconds(30)) { Self.stable($0, consumers) }
        cluster.run(for: .seconds(3), checking: true)
        let generation = try #require(cluster.consumerClient(consumers[0])?.generationID)
        let before = consumers.map { cluster.consumerClient($0)?.assignment ?? [] }
        let oldMemberID = cluster.consumerClient(consumers[1])?.memberID
        cluster.crashClient(consumers[1])
        cluster.run(for: .seconds(3), checking: true)
        cluster.restartClient(consumers[1])
        cluster.eventually("restarted member back", within: .seconds(20)) { Self.stable($0, consumers) }
        cluster.run(for: .seconds(15), checking: true)
        #expect(Self.stable(cluster, consumers), "seed \(seed)")
        for (index, id) in consumers.enumerated() {
            #expect(cluster.consumerClient(id)?.generationID == generation, "seed \(seed): \(id) changed generation")
            #expect(cluster.consumerClient(id)?.assignment == before[index], "seed \(seed): \(id) moved")
        }
        #expect(cluster.consumerClient(consumers[0])?.counters.rebalances == 1, "seed \(seed): survivors rebalanced")
        // It really restarted: a new consumer, with a new member id for the same instance id.
        #expect(cluster.consumerClient(consumers[1])?.memberID != oldMemberID, "seed \(seed)")
        for id in consumers { cluster.consumerClient(id)?.checkInvariants() }
        cluster.expectHealthy(seed)
    }

    @Test(
        "a static member gone longer than session.timeout.ms is removed and the group rebalances",
        arguments: [325] as [UInt64])
    func staticMemberGoneTooLong(seed: UInt64) throws {
        var cluster = Self.filledCluster(seed: seed)
        let consumers = (2...4).map {
            cluster.addConsumerClient(
                Self.config(cluster, instance: "billing-\($0)"), client: Int32($0), subscribe: [Self.topic])
        }
        cluster.eventually("group stable", within: .seconds(30)) { Self.stable($0, consumers) }
        let generation = try #require(cluster.consumerClient(consumers[0])?.generationID)
        cluster.crashClient(consumers[1])
        let survivors = [consumers[0], consumers[2]]
        // session.timeout.ms is 10 s here: after it, the coordinator removes the member.
        cluster.eventually("survivors own everything", within: .seconds(30)) { c in
            let owned = survivors.flatMap { c.consumerClient($0)?.assignment ?? [] }
            return owned.count == Int(Self.partitionCount) && Set(owned).count == owned.count
                && survivors.allSatisfy { c.consumerClient($0)?.memberState == .stable }
        }
        let after = try #require(cluster.consumerClient(consumers[0])?.generationID)
        #expect(after > generation, "seed \(seed): the group rebalanced (generation \(generation) → \(after))")
        cluster.expectHealthy(seed)
    }

    @Test(
        "an application that stops polling past max.poll.interval.ms leaves the group, then rejoins",
        arguments: [335] as [UInt64])
    func slowApplicationLeavesAndRejoins(seed: UInt64) throws {
        var cluster = Self.filledCluster(seed: seed)
        let consumers = (2...3).map {
            cluster.addConsumerClient(Self.config(cluster), client: Int32($0), subscribe: [Self.topic])
        }
        cluster.eventually("group stable", within: .seconds(30)) { Self.stable($0, consumers) }
        let generation = try #require(cluster.consumerClient(consumers[0])?.generationID)
        // max.poll.interval.ms is 60 s here; the application stalls for 75 s.
        cluster.stallConsumerClient(consumers[1], for: .seconds(75))
        cluster.eventually("the other member takes every partition", within: .seconds(80)) { c in
            c.consumerClient(consumers[0])?.assignment.count == Int(Self.partitionCount)
                && c.consumerClient(consumers[0])?.memberState == .stable
        }
        let without = try #require(cluster.consumerClient(consumers[0])?.generationID)
        #expect(without > generation, "seed \(seed)")
        cluster.eventually("the stalled member rejoins", within: .seconds(40)) { Self.stable($0, consumers) }
        let back = try #require(cluster.consumerClient(consumers[0])?.generationID)
        #expect(back > without, "seed \(seed): a second rebalance brought it back")
        #expect(
            Set(Self.values(cluster, consumers)).isSuperset(of: Self.expected(perPartition: 50)),
            "seed \(seed): nothing skipped")
        cluster.expectHealthy(seed)
    }
}
