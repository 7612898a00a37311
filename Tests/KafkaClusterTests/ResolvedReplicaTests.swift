import KafkaCore
import KafkaLog
import Testing

@testable import KafkaCluster

/// The replicas a leader's fetch session and a follower's fetcher resolve once and keep while the
/// partition table's generation holds, and the follower's in-place session refresh.
@Suite struct ResolvedReplicaTests {
    typealias Cache = FetchSessionCacheTests

    private static func partition(_ number: Int32, topic: String = "t") throws -> Partition {
        let topicPartition = TopicPartition(topic, number)
        let (log, _) = try PartitionLog.open(
            storage: SimulatedLogStorage(), directory: StoragePath("broker-1/\(topic)-\(number)"),
            topicPartition: topicPartition,
            config: LogConfig(), now: Instant(microseconds: 0), recoveryPoint: nil, logStartOffset: nil)
        return Partition(topicPartition: topicPartition, log: log, producers: ProducerStateManager())
    }

    @Test("the table's generation moves on every add, replacement and removal, and only then")
    func generation() throws {
        var table = PartitionTable()
        let start = table.generation
        let first = try Self.partition(0)
        table[first.topicPartition] = first
        let added = table.generation
        #expect(added != start)
        _ = table[first.topicPartition]
        _ = table[TopicPartition("missing", 0)]
        #expect(table.generation == added)
        table[first.topicPartition] = try Self.partition(0)
        let replaced = table.generation
        #expect(replaced != added)
        #expect(table.removeValue(forKey: TopicPartition("missing", 0)) == nil)
        #expect(table.generation == replaced)
        table.removeValue(forKey: first.topicPartition)
        #expect(table.generation != replaced)
    }

    @Test("a resolved replica answers for the table only while the table's generation holds")
    func resolvedReplica() throws {
        var table = PartitionTable()
        let first = try Self.partition(0)
        table[first.topicPartition] = first
        let resolved = ResolvedReplica(partition: first, generation: table.generation)
        #expect(resolved.current(at: table.generation) === first)
        // Another partition added: the generation moves, the caller must look it up again.
        let other = try Self.partition(1)
        table[other.topicPartition] = other
        #expect(resolved.current(at: table.generation) == nil)
        #expect(table[first.topicPartition] === first)
        // Replaced, then removed: never the replica looked up before.
        let replacement = try Self.partition(0)
        table[first.topicPartition] = replacement
        #expect(resolved.current(at: table.generation) == nil)
        let fresh = ResolvedReplica(partition: replacement, generation: table.generation)
        #expect(fresh.current(at: table.generation) === replacement)
        table.removeValue(forKey: first.topicPartition)
        #expect(fresh.current(at: table.generation) == nil)
        #expect(table[first.topicPartition] == nil)
        #expect(ResolvedReplica(partition: other, generation: table.generation).current(at: table.generation) === other)
    }

    @Test("a parked fetch finds a partition by its replica while the table holds, else by name, session or not")
    func parkedFetchPositions() throws {
        var table = PartitionTable()
        let replicas = try (0..<4).map { try Self.partition($0) }
        for replica in replicas { table[replica.topicPartition] = replica }
        let fetches = replicas.map { FetchPartition($0.topicPartition, fetchOffset: Offset(0)) }
        let session = FetchSession(
            id: 1, replicaID: BrokerID(2), fetches: fetches, cached: fetches.map { _ in CachedPartition() }, now: .zero)
        let generation = table.generation
        for known in [nil, session] {
            let parked = DelayedFetch(
                id: 1, from: .broker(BrokerID(2)), request: FetchRequest(partitions: fetches), context: .full,
                session: known, fetches: fetches, replicas: replicas, generation: generation,
                deadline: Instant(microseconds: 500_000))
            for (index, replica) in replicas.enumerated() {
                #expect(parked.position(of: replica.topicPartition, replica: replica, generation: generation) == index)
                // Another generation: by name, whatever the replica.
                #expect(parked.position(of: replica.topicPartition, replica: nil, generation: generation + 1) == index)
            }
            let stranger = try Self.partition(9)
            #expect(parked.position(of: stranger.topicPartition, replica: stranger, generation: generation) == nil)
            #expect(parked.position(of: stranger.topicPartition, replica: nil, generation: generation + 1) == nil)
        }
    }

    @Test("a session resolves its partitions once, again after the table or its partitions change, and in order")
    func sessionReplicas() throws {
        var (cache, id) = Cache.established()
        let session = try #require(cache.sessions[id])
        var table = PartitionTable()
        let zero = try Self.partition(0)
        let one = try Self.partition(1)
        table[zero.topicPartition] = zero
        table[one.topicPartition] = one
        var replicas = session.replicas(in: table)
        #expect(replicas.count == 3)
        #expect(replicas[0] === zero && replicas[1] === one && replicas[2] == nil)
        // A replacement in the table is seen.
        let newOne = try Self.partition(1)
        table[newOne.topicPartition] = newOne
        replicas = session.replicas(in: table)
        #expect(replicas[1] === newOne)
        // A partition the session gains is resolved too.
        let three = try Self.partition(3)
        table[three.topicPartition] = three
        let (context, read, _) = cache.newContext(
            for: Cache.request(FetchMetadata(sessionID: id, epoch: 1), [Cache.fetch(3, at: 0)]), now: Cache.start)
        #expect(read.map(\.topicPartition.partition) == [0, 1, 2, 3])
        let resolved = try #require(cache.replicas(for: context, in: table))
        #expect(resolved.count == 4 && resolved[3] === three)
        // Records move partition 0 last, and its replica with it.
        let answers = [
            Cache.answer(0, highWatermark: 10, records: 10), Cache.answer(1, highWatermark: 20),
            Cache.answer(2, highWatermark: 30), Cache.answer(3, highWatermark: 0),
        ]
        _ = cache.response(context, fetched: read, answers: answers, replicaID: Cache.follower, now: Cache.start)
        #expect(session.fetches.map(\.topicPartition.partition) == [1, 2, 3, 0])
        replicas = session.replicas(in: table)
        #expect(replicas[0] === newOne && replicas[1] == nil && replicas[2] === three && replicas[3] === zero)
        // Forgetting a partition drops its replica.
        let (forgot, _, _) = cache.newContext(
            for: Cache.request(FetchMetadata(sessionID: id, epoch: 2), [], forgetting: [2]), now: Cache.start)
        let left = try #require(cache.replicas(for: forgot, in: table))
        #expect(left.count == 3 && left[0] === newOne && left[1] === three && left[2] === zero)
        #expect(cache.replicas(for: .full, in: table) == nil)
    }

    @Test("a session's and a fetcher's replicas come without the table only while neither it nor their list changed")
    func replicasWithoutTable() throws {
        var (cache, id) = Cache.established()
        let session = try #require(cache.sessions[id])
        var table = PartitionTable()
        let zero = try Self.partition(0)
        table[zero.topicPartition] = zero
        // Nothing resolved yet.
        #expect(session.replicas(at: table.generation) == nil)
        let resolved = session.replicas(in: table)
        var kept = try #require(session.replicas(at: table.generation))
        #expect(kept.count == 3 && kept[0] === resolved[0] && kept[1] == nil && kept[2] == nil)
        // The table changed: looked up again, then kept again.
        let one = try Self.partition(1)
        table[one.topicPartition] = one
        #expect(session.replicas(at: table.generation) == nil)
        #expect(session.replicas(in: table)[1] === one)
        kept = try #require(session.replicas(at: table.generation))
        #expect(kept[0] === zero && kept[1] === one)
        // The session's partitions changed.
        _ = cache.newContext(
            for: Cache.request(FetchMetadata(sessionID: id, epoch: 1), [Cache.fetch(3, at: 0)]), now: Cache.start)
        #expect(session.replicas(at: table.generation) == nil)
        #expect(session.replicas(in: table).count == 4)
        #expect(try #require(session.replicas(at: table.generation)).count == 4)

        let fetcher = ReplicaFetcher(leader: BrokerID(2))
        fetcher.add(zero.topicPartition)
        #expect(fetcher.replicas(at: table.generation) == nil)
        #expect(fetcher.replicas(in: table)[0] === zero)
        #expect(try #require(fetcher.replicas(at: table.generation))[0] === zero)
        // The fetcher's partitions changed.
        fetcher.add(one.topicPartition)
        #expect(fetcher.replicas(at: table.generation) == nil)
        #expect(fetcher.replicas(in: table)[1] === one)
        fetcher.remove(zero.topicPartition)
        #expect(fetcher.replicas(at: table.generation) == nil)
        // The table changed.
        table.removeValue(forKey: one.topicPartition)
        #expect(fetcher.replicas(at: table.generation) == nil)
        #expect(fetcher.replicas(in: table)[0] == nil)
        #expect(try #require(fetcher.replicas(at: table.generation))[0] == nil)
    }

    @Test("an incremental answer builds only the partitions it sends, from reads in session order")
    func readsToAnswers() {
        var (cache, id) = Cache.established()
        let (context, read, _) = cache.newContext(
            for: Cache.request(FetchMetadata(sessionID: id, epoch: 1), []), now: Cache.start)
        var reads = FetchReads(capacity: 3)
        reads.append(
            FetchPartitionRead(
                error: .none, highWatermark: Offset(10), lastStableOffset: Offset(10),
                logStartOffset: Offset(0)))
        reads.append(FetchPartitionRead(error: .notLeaderOrFollower))
        reads.append(
            FetchPartitionRead(
                error: .none, highWatermark: Offset(31), lastStableOffset: Offset(31),
                logStartOffset: Offset(0)), records: [UInt8](repeating: 7, count: 5))
        #expect(reads.reads.map(\.hasRecords) == [false, false, true])
        #expect(reads.records.map(\.index) == [2])
        let response = cache.response(context, fetched: read, reads: reads, replicaID: Cache.follower, now: Cache.start)
        #expect(
            response.partitions == [
                FetchPartitionResponse(TopicPartition("t", 1), error: .notLeaderOrFollower),
                Cache.answer(2, highWatermark: 31, records: 5),
            ])
        // A full fetch answers every partition, each under its own topic partition.
        let (full, fullRead, _) = cache.newContext(
            for: Cache.request(.initial, [Cache.fetch(5, at: 0), Cache.fetch(6, at: 0)]), now: Cache.start)
        let fullResponse = cache.response(
            full, fetched: fullRead,
            reads: FetchReads([
                FetchPartitionResponse(TopicPartition("t", 5), error: .none),
                FetchPartitionResponse(TopicPartition("t", 6), error: .fencedLeaderEpoch),
            ]),
            replicaID: Cache.follower, now: Cache.start)
        #expect(fullResponse.partitions.map(\.topicPartition.partition) == [5, 6])
        #expect(fullResponse.partitions.map(\.error) == [.none, .fencedLeaderEpoch])
    }

    @Test("a fetcher keeps its partitions sorted and its replicas resolved while the table holds")
    func fetcher() throws {
        let fetcher = ReplicaFetcher(leader: BrokerID(2))
        #expect(!fetcher.isFollowing)
        var table = PartitionTable()
        let zero = try Self.partition(0, topic: "b")
        let offsets = try Self.partition(3, topic: "__consumer_offsets")
        table[zero.topicPartition] = zero
        table[offsets.topicPartition] = offsets
        fetcher.add(zero.topicPartition)
        fetcher.add(offsets.topicPartition)
        fetcher.add(zero.topicPartition)
        fetcher.add(TopicPartition("c", 1))
        #expect(fetcher.isFollowing)
        var replicas = fetcher.replicas(in: table)
        #expect(replicas.count == 3)
        #expect(replicas[0] === offsets && replicas[1] === zero && replicas[2] == nil)
        let late = try Self.partition(1, topic: "c")
        table[late.topicPartition] = late
        replicas = fetcher.replicas(in: table)
        #expect(replicas[2] === late)
        fetcher.remove(zero.topicPartition)
        fetcher.remove(TopicPartition("missing", 0))
        replicas = fetcher.replicas(in: table)
        #expect(replicas.count == 2 && replicas[0] === offsets && replicas[1] === late)
        fetcher.remove(offsets.topicPartition)
        fetcher.remove(late.topicPartition)
        #expect(!fetcher.isFollowing)
        #expect(fetcher.replicas(in: table).isEmpty)
    }

    @Test("an in-place refresh reports only a changed fetch state, and the session keeps it")
    func refreshInPlace() throws {
        var handler = FetchSessionHandlerTests.established()
        let same = Cache.fetch(1, at: 20)
        #expect(
            handler.refresh(
                at: 1, fetchOffset: same.fetchOffset, currentLeaderEpoch: same.currentLeaderEpoch,
                lastFetchedEpoch: same.lastFetchedEpoch, logStartOffset: same.logStartOffset,
                partitionMaxBytes: same.partitionMaxBytes) == nil)
        let moved = Cache.fetch(1, at: 25)
        let changed = handler.refresh(
            at: 1, fetchOffset: moved.fetchOffset, currentLeaderEpoch: moved.currentLeaderEpoch,
            lastFetchedEpoch: moved.lastFetchedEpoch, logStartOffset: moved.logStartOffset,
            partitionMaxBytes: moved.partitionMaxBytes)
        #expect(changed == moved)
        #expect(handler.sessionPartitions == [Cache.fetch(0, at: 10), moved, Cache.fetch(2, at: 30)])
        // What `build` would have sent for the same wanted list: the same partition, and the
        // session ends the same.
        var rebuilt = FetchSessionHandlerTests.established()
        let built = rebuilt.build([Cache.fetch(0, at: 10), moved, Cache.fetch(2, at: 30)])
        let data = try #require(built)
        #expect(data.toSend == [moved])
        #expect(rebuilt.sessionPartitions == handler.sessionPartitions)
        let epochMoved = handler.refresh(
            at: 0, fetchOffset: Offset(10), currentLeaderEpoch: LeaderEpoch(4), lastFetchedEpoch: LeaderEpoch(3),
            logStartOffset: Offset(0), partitionMaxBytes: moved.partitionMaxBytes)
        #expect(epochMoved?.currentLeaderEpoch == LeaderEpoch(4))
    }

    @Test("refresh stamps hold a refreshed replica until it, its log, the table or the list changes")
    func refreshStamps() throws {
        let zero = try Self.partition(0)
        let one = try Self.partition(1)
        var stamps = RefreshStamps()
        stamps.prepare(count: 2, generation: 7)
        #expect(!stamps.unchanged(0, zero) && !stamps.unchanged(1, one), "nothing refreshed yet")
        stamps.record(0, zero)
        #expect(stamps.unchanged(0, zero))
        #expect(!stamps.unchanged(1, one))
        // The same table generation and count keep them.
        stamps.prepare(count: 2, generation: 7)
        #expect(stamps.unchanged(0, zero))
        // Any change of the partition's fields breaks them.
        zero.role = .follower(leader: BrokerID(2), retryAt: Instant(microseconds: 5))
        #expect(!stamps.unchanged(0, zero))
        stamps.record(0, zero)
        zero.leaderEpoch = LeaderEpoch(3)
        #expect(!stamps.unchanged(0, zero))
        stamps.record(0, zero)
        // So does any change of the log's end, start or epochs.
        try zero.log.assignEpoch(LeaderEpoch(3), startOffset: zero.log.logEndOffset)
        #expect(!stamps.unchanged(0, zero))
        stamps.record(0, zero)
        var builder = RecordBatchBuilder(capacityBytes: 256)
        builder.append(timestamp: 1_000, key: nil, value: [UInt8](repeating: 7, count: 8))
        _ = try zero.log.appendAsLeader([builder.build()], leaderEpoch: LeaderEpoch(3), now: Instant(microseconds: 9))
        #expect(!stamps.unchanged(0, zero))
        stamps.record(0, zero)
        #expect(stamps.unchanged(0, zero))
        // Another table generation, another list length, or a reset forget them all.
        stamps.prepare(count: 2, generation: 8)
        #expect(!stamps.unchanged(0, zero))
        stamps.record(0, zero)
        stamps.prepare(count: 3, generation: 8)
        #expect(!stamps.unchanged(0, zero))
        stamps.record(0, zero)
        stamps.invalidate()
        stamps.prepare(count: 3, generation: 8)
        #expect(!stamps.unchanged(0, zero))
        // A fetcher forgets them when its list of partitions changes.
        let fetcher = ReplicaFetcher(leader: BrokerID(2))
        fetcher.add(zero.topicPartition)
        fetcher.refreshStamps.prepare(count: 1, generation: 8)
        fetcher.refreshStamps.record(0, zero)
        #expect(fetcher.refreshStamps.unchanged(0, zero))
        fetcher.add(one.topicPartition)
        fetcher.refreshStamps.prepare(count: 1, generation: 8)
        #expect(!fetcher.refreshStamps.unchanged(0, zero))
        fetcher.refreshStamps.record(0, zero)
        fetcher.remove(one.topicPartition)
        fetcher.refreshStamps.prepare(count: 1, generation: 8)
        #expect(!fetcher.refreshStamps.unchanged(0, zero))
    }

    @Test("refresh stamps take a settled topic's positions as unchanged while the topic's signal holds")
    func refreshStampsQuiet() throws {
        let signal = ChangeSignal()
        let otherSignal = ChangeSignal()
        let zero = try Self.partition(0)
        let one = try Self.partition(1)
        let other = try Self.partition(0, topic: "u")
        let loose = try Self.partition(2)
        zero.attach(to: signal)
        one.attach(to: signal)
        other.attach(to: otherSignal)
        let partitions = [zero, one, other, loose]
        let replicas: [Partition?] = partitions
        var stamps = RefreshStamps()
        stamps.prepare(count: 4, generation: 1)
        #expect(stamps.quiet() == 0, "nothing settled yet")
        func settleAll() {
            for (index, partition) in partitions.enumerated() { stamps.record(index, partition) }
            stamps.settle(replicas)
        }
        settleAll()
        // A replica without a signal is never quiet.
        #expect(stamps.quiet() == 0b0111)
        // Any change of a partition moves its topic's signal: every position of the topic is
        // looked at again, and only the changed one is changed.
        let highWatermark = one.highWatermark
        one.highWatermark = highWatermark
        #expect(stamps.quiet() == 0b0100)
        #expect(stamps.unchanged(0, zero) && !stamps.unchanged(1, one))
        settleAll()
        #expect(stamps.quiet() == 0b0111)
        // So does any change of a log.
        try other.log.assignEpoch(LeaderEpoch(1), startOffset: other.log.logEndOffset)
        #expect(stamps.quiet() == 0b0011)
        #expect(!stamps.unchanged(2, other))
        settleAll()
        #expect(stamps.quiet() == 0b0111)
        // Another table generation, another count, or a reset forget the groups.
        stamps.prepare(count: 4, generation: 2)
        #expect(stamps.quiet() == 0)
        settleAll()
        #expect(stamps.quiet() == 0b0111)
        stamps.prepare(count: 3, generation: 2)
        #expect(stamps.quiet() == 0)
        stamps.prepare(count: 4, generation: 2)
        settleAll()
        stamps.invalidate()
        stamps.prepare(count: 4, generation: 2)
        #expect(stamps.quiet() == 0)
    }

    @Test("the maximal ISR's count is the committed ISR's while nothing is pending, with a member being added once")
    func maximalIsrCount() throws {
        let partition = try Self.partition(0)
        partition.isr = [BrokerID(1), BrokerID(2)]
        #expect(partition.maximalIsrCount == 2 && partition.maximalIsr.count == 2)
        partition.pendingIsr = PendingIsrChange(
            isr: [BrokerID(1), BrokerID(2), BrokerID(3)], leaderRecoveryState: .recovered, requestID: nil,
            isExpand: true)
        #expect(partition.maximalIsrCount == 3 && partition.maximalIsr.count == 3)
        partition.pendingIsr = PendingIsrChange(
            isr: [BrokerID(1)], leaderRecoveryState: .recovered, requestID: nil, isExpand: false)
        #expect(partition.maximalIsrCount == 2 && partition.maximalIsr.count == 2)
    }
}
