import KafkaCore
import KafkaLog
import Testing

@testable import KafkaCluster

/// What a fetch session knows silent without looking (`SilentPartitions`): the positions its last
/// serve found silent, for as long as no partition or log of their topics changed, the table kept
/// its generation and the session its order and memos.
@Suite struct FetchSessionSilentPartitionsTests {
    private static let now = Instant(microseconds: 1_000_000)

    private static func partition(_ topic: String, _ number: Int32, storage: SimulatedLogStorage) throws -> Partition {
        let topicPartition = TopicPartition(topic, number)
        let (log, _) = try PartitionLog.open(
            storage: storage, directory: StoragePath("broker-1/\(topic)-\(number)"), topicPartition: topicPartition,
            config: LogConfig(), now: Instant(microseconds: 0), recoveryPoint: nil, logStartOffset: nil)
        try log.assignEpoch(LeaderEpoch(1), startOffset: log.logEndOffset)
        return Partition(topicPartition: topicPartition, log: log, producers: ProducerStateManager())
    }

    private static func batch() -> RecordBatch {
        var builder = RecordBatchBuilder(capacityBytes: 256)
        builder.append(timestamp: 1_000, key: nil, value: [UInt8](repeating: 7, count: 8))
        return builder.build()
    }

    /// A table of `a-0`, `a-1`, `b-0`, `a-2` and the replicas in that (session) order.
    private static func table() throws -> (PartitionTable, [Partition?]) {
        let storage = SimulatedLogStorage()
        var table = PartitionTable()
        var replicas: [Partition?] = []
        for (topic, number) in [("a", Int32(0)), ("a", 1), ("b", 0), ("a", 2)] {
            let partition = try partition(topic, number, storage: storage)
            table[partition.topicPartition] = partition
            replicas.append(partition)
        }
        return (table, replicas)
    }

    @Test("a table's replicas of one topic share a signal that every change of them or their logs bumps")
    func signalsFollowChanges() throws {
        let (_, replicas) = try Self.table()
        let a0 = try #require(replicas[0])
        let a1 = try #require(replicas[1])
        let b0 = try #require(replicas[2])
        let signalA = try #require(a0.changeSignal)
        let signalB = try #require(b0.changeSignal)
        #expect(a1.changeSignal === signalA && a0.log.changeSignal === signalA)
        #expect(signalA !== signalB)
        var countA = signalA.count
        let countB = signalB.count
        a1.highWatermark = Offset(0)
        #expect(signalA.count != countA, "a partition's change bumps its topic's signal")
        countA = signalA.count
        _ = try a0.log.appendAsLeader([Self.batch()], leaderEpoch: LeaderEpoch(1), now: Self.now)
        #expect(signalA.count != countA, "an append to a partition's log bumps its topic's signal")
        countA = signalA.count
        a0.invalidateReadMemos()
        #expect(signalA.count != countA)
        #expect(signalB.count == countB, "another topic's signal does not move")
    }

    @Test("positions found silent stay known while their topics' signals, the generation and the order hold")
    func knownWhileUnchanged() throws {
        let (table, replicas) = try Self.table()
        var silent = SilentPartitions()
        #expect(silent.known(at: table.generation) == 0, "nothing found, nothing known")
        // a-0, b-0 and a-2 silent; a-1 not.
        silent.found(0b1101, in: replicas, generation: table.generation)
        #expect(silent.known(at: table.generation) == 0b1101)
        #expect(silent.known(at: table.generation &+ 1) == 0, "another table generation knows nothing")
        // A change of topic a drops a-0 and a-2, not b-0.
        let a1 = try #require(replicas[1])
        a1.highWatermark = Offset(0)
        #expect(silent.known(at: table.generation) == 0b0100)
        // Found again: counts taken now.
        silent.found(0b1101, in: replicas, generation: table.generation)
        #expect(silent.known(at: table.generation) == 0b1101)
        // A position whose memo changed is dropped.
        silent.drop(0)
        #expect(silent.known(at: table.generation) == 0b1100)
        silent.forget()
        #expect(silent.known(at: table.generation) == 0)
    }

    @Test("moving a partition to the end moves the positions after it down and forgets the moved one")
    func moveToEndShifts() throws {
        let (table, replicas) = try Self.table()
        var silent = SilentPartitions()
        silent.found(0b1111, in: replicas, generation: table.generation)
        // Order a-0, b-0, a-2, a-1: the moved a-1 (now last) is not known.
        silent.moveToEnd(1)
        #expect(silent.known(at: table.generation) == 0b0111)
        // The groups moved too: a change of topic b drops b-0, now at position 1.
        let b0 = try #require(replicas[2])
        b0.highWatermark = Offset(0)
        #expect(silent.known(at: table.generation) == 0b0101)
    }

    @Test("a session drops a position on a new fetch state, and everything when its partitions change")
    func sessionDropsOnUpdate() throws {
        let (table, replicas) = try Self.table()
        let fetches = replicas.compactMap { $0 }.map { replica in
            FetchPartition(
                replica.topicPartition, fetchOffset: Offset(0), currentLeaderEpoch: LeaderEpoch(1),
                lastFetchedEpoch: nil, logStartOffset: Offset(0), partitionMaxBytes: 1 << 20)
        }
        let session = FetchSession(
            id: 1, replicaID: BrokerID(2), fetches: fetches, cached: fetches.map { _ in CachedPartition() },
            now: Self.now)
        session.foundSilent(0b1111, in: replicas, generation: table.generation)
        #expect(session.knownSilent(at: table.generation) == 0b1111)
        // The same fetch state again changes nothing.
        session.update([fetches[2]], forgetting: [])
        #expect(session.knownSilent(at: table.generation) == 0b1111)
        var moved = fetches[2]
        moved.fetchOffset = Offset(1)
        session.update([moved], forgetting: [])
        #expect(session.knownSilent(at: table.generation) == 0b1011)
        session.update([], forgetting: [fetches[0].topicPartition])
        #expect(session.knownSilent(at: table.generation) == 0)
        session.foundSilent(0b111, in: Array(replicas.dropFirst()), generation: table.generation)
        session.restoreMemos([])
        #expect(session.knownSilent(at: table.generation) == 0, "dropped memos drop what was known")
    }
}
