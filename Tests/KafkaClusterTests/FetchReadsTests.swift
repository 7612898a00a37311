import KafkaCore
import Testing

@testable import KafkaCluster

/// The leader's reads of one Fetch: plain per-partition values, the records kept aside by
/// position, and the answers built back from them.
@Suite struct FetchReadsTests {
    static func answer(_ partition: Int32, records: Int, error: KafkaError = .none) -> FetchPartitionResponse {
        FetchPartitionResponse(
            TopicPartition("t", partition), error: error, highWatermark: Offset(Int64(10 + partition)),
            lastStableOffset: Offset(Int64(10 + partition)), logStartOffset: Offset(0),
            records: [UInt8](repeating: UInt8(partition), count: records))
    }

    @Test("answers round-trip through reads: records at their positions, empty records kept as none")
    func roundTrip() {
        let answers = [
            Self.answer(0, records: 3), Self.answer(1, records: 0),
            Self.answer(2, records: 0, error: .fencedLeaderEpoch),
            Self.answer(3, records: 1), Self.answer(4, records: 0),
        ]
        let reads = FetchReads(answers)
        #expect(reads.count == 5)
        #expect(reads.records.map(\.index) == [0, 3])
        #expect(reads.reads.map(\.hasRecords) == [true, false, false, true, false])
        let fetched = (0..<5).map { FetchPartition(TopicPartition("t", Int32($0)), fetchOffset: Offset(0)) }
        #expect(reads.responses(for: fetched) == answers)
    }

    @Test("appending empty records keeps nothing aside; a read says it has records only when it does")
    func appendEmpty() {
        var reads = FetchReads()
        reads.append(FetchPartitionRead(error: .none, hasRecords: true), records: [])
        reads.append(FetchPartitionRead(error: .none), records: [1, 2])
        #expect(reads.reads.map(\.hasRecords) == [false, true])
        #expect(reads.records.count == 1 && reads.records[0].index == 1 && reads.records[0].bytes == [1, 2])
        #expect(FetchReads().responses(for: []).isEmpty)
    }

    @Test("reset reads hold nothing of the fetch before, and read the next one as fresh ones do")
    func reuse() {
        var reads = FetchReads(Self.answersForReuse(first: true))
        reads.reset(capacity: 3)
        #expect(reads.count == 0 && reads.records.isEmpty)
        let next = Self.answersForReuse(first: false)
        for answer in next {
            reads.append(
                FetchPartitionRead(
                    error: answer.error, highWatermark: answer.highWatermark,
                    lastStableOffset: answer.lastStableOffset, logStartOffset: answer.logStartOffset),
                records: answer.records)
        }
        let fetched = next.map { FetchPartition($0.topicPartition, fetchOffset: Offset(0)) }
        #expect(reads.responses(for: fetched) == next)
        #expect(reads.reads.map(\.hasRecords) == FetchReads(next).reads.map(\.hasRecords))
        #expect(reads.records.map(\.index) == [2])
    }

    /// Two fetches' answers: the first with records at 0 and 1 of four, the second at 2 of three.
    private static func answersForReuse(first: Bool) -> [FetchPartitionResponse] {
        first
            ? [answer(0, records: 3), answer(1, records: 2), answer(2, records: 0), answer(3, records: 0)]
            : [answer(5, records: 0), answer(6, records: 0, error: .notLeaderOrFollower), answer(7, records: 4)]
    }

    @Test("an incremental session moves a lone partition with records to the end, in place")
    func moveOneToEnd() {
        var cache = FetchSessionCache(maxEntries: 10, evictionTime: .milliseconds(120_000), seed: 1)
        let fetches = (0..<4).map {
            FetchPartition(TopicPartition("t", Int32($0)), fetchOffset: Offset(0), currentLeaderEpoch: LeaderEpoch(1))
        }
        let (full, read, _) = cache.newContext(
            for: FetchRequest(replicaID: BrokerID(2), session: .initial, partitions: fetches), now: .zero)
        let created = cache.response(
            full, fetched: read, answers: (0..<4).map { Self.answer(Int32($0), records: 0) }, replicaID: BrokerID(2),
            now: .zero)
        let (context, all, _) = cache.newContext(
            for: FetchRequest(
                replicaID: BrokerID(2), session: FetchMetadata(sessionID: created.sessionID, epoch: 1), partitions: []),
            now: .zero)
        let answers = all.map {
            Self.answer($0.topicPartition.partition, records: $0.topicPartition.partition == 1 ? 2 : 0)
        }
        let response = cache.response(context, fetched: all, answers: answers, replicaID: BrokerID(2), now: .zero)
        #expect(response.partitions.map(\.topicPartition.partition) == [1])
        #expect(cache.sessions[created.sessionID]?.fetches.map(\.topicPartition.partition) == [0, 2, 3, 1])
    }

    @Test("skipped partitions count in the fetch but have no read; reads and records keep their positions")
    func skipKeepsPositions() {
        var reads = FetchReads(capacity: 5)
        reads.skip(1)
        reads.append(FetchPartitionRead(error: .none, highWatermark: Offset(5)), records: [9])
        reads.skip(2)
        reads.append(FetchPartitionRead(error: .notLeaderOrFollower))
        #expect(reads.count == 5)
        #expect(reads.reads.map(\.position) == [1, 4])
        #expect(reads.records.map(\.index) == [1])
        reads.reset(capacity: 1)
        reads.append(FetchPartitionRead(error: .none))
        #expect(reads.count == 1 && reads.reads.map(\.position) == [0])
    }

    /// A follower's session of `count` partitions that has told its fetcher nothing yet.
    private static func session(_ count: Int) -> FetchSession {
        let fetches = (0..<count).map {
            FetchPartition(TopicPartition("t", Int32($0)), fetchOffset: Offset(0), currentLeaderEpoch: LeaderEpoch(1))
        }
        return FetchSession(
            id: 1, replicaID: BrokerID(2), fetches: fetches,
            cached: (0..<count).map { _ in CachedPartition() }, now: .zero)
    }

    /// A caught-up read of `partition`: as `answer` gives it, or at `highWatermark`.
    private static func read(_ partition: Int32, highWatermark: Int64? = nil) -> FetchPartitionRead {
        FetchPartitionRead(
            error: .none, highWatermark: Offset(highWatermark ?? Int64(10 + partition)),
            lastStableOffset: Offset(highWatermark ?? Int64(10 + partition)), logStartOffset: Offset(0))
    }

    @Test("a session answers reads that skip what it already told exactly as it answers every read")
    func skippedReadsAnswerAsFullReads() {
        let full = Self.session(6)
        let sparse = Self.session(6)
        for session in [full, sparse] {
            var first = FetchReads(capacity: 6)
            for index in 0..<6 { first.append(Self.read(Int32(index))) }
            #expect(session.incrementalAnswers(first).count == 6, "every partition's first answer goes out")
        }
        // Partition 2 gets records, partition 4 a new high watermark, the others are unchanged.
        var every = FetchReads(capacity: 6)
        var some = FetchReads(capacity: 6)
        for index in 0..<6 {
            let partition = full.fetches[index].topicPartition.partition
            let read = Self.read(partition, highWatermark: partition == 4 ? 20 : nil)
            let records: [UInt8] = partition == 2 ? [1, 2, 3] : []
            every.append(read, records: records)
            if records.isEmpty
                && sparse.cached[index].hasTold(highWatermark: read.highWatermark, logStartOffset: read.logStartOffset)
            {
                some.skip(1)
            } else {
                some.append(read, records: records)
            }
        }
        #expect(some.reads.map(\.position) == [2, 4])
        let answers = full.incrementalAnswers(every)
        #expect(sparse.incrementalAnswers(some) == answers)
        #expect(answers.map(\.topicPartition.partition) == [2, 4])
        #expect(sparse.fetches == full.fetches)
        #expect(sparse.fetches.map(\.topicPartition.partition) == [0, 1, 3, 4, 5, 2])
        for index in 0..<6 {
            let partition = full.fetches[index].topicPartition.partition
            let highWatermark = Offset(partition == 4 ? 20 : Int64(10 + partition))
            #expect(full.cached[index].hasTold(highWatermark: highWatermark, logStartOffset: Offset(0)))
            #expect(sparse.cached[index].hasTold(highWatermark: highWatermark, logStartOffset: Offset(0)))
        }
    }

    @Test("an update takes every field of a partition's new fetch state and leaves the others and the order alone")
    func updateTakesWholeFetchStates() {
        let session = Self.session(4)
        let changed = [
            FetchPartition(
                TopicPartition("t", 3), fetchOffset: Offset(7), currentLeaderEpoch: LeaderEpoch(2),
                lastFetchedEpoch: LeaderEpoch(1), logStartOffset: Offset(3), partitionMaxBytes: 4_096),
            FetchPartition(TopicPartition("t", 1), fetchOffset: Offset(5), currentLeaderEpoch: nil),
            FetchPartition(TopicPartition("t", 9), fetchOffset: Offset(2)),
        ]
        let before = session.fetches
        session.update(changed, forgetting: [])
        #expect(session.fetches.count == 5)
        #expect(session.fetches[0] == before[0])
        #expect(session.fetches[1] == changed[1])
        #expect(session.fetches[2] == before[2])
        #expect(session.fetches[3] == changed[0])
        #expect(session.fetches[4] == changed[2], "a partition new to the session goes last")
    }

    @Test("a session has not told a new high watermark, log start offset, partition, or anything after an error")
    func hasToldOnlyWhatWentOut() {
        let session = Self.session(3)
        #expect(!session.cached[0].hasTold(highWatermark: Offset(10), logStartOffset: Offset(0)), "nothing sent yet")
        var reads = FetchReads(capacity: 3)
        reads.append(Self.read(0))
        reads.append(FetchPartitionRead(error: .notLeaderOrFollower))
        reads.append(Self.read(2))
        _ = session.incrementalAnswers(reads)
        #expect(session.cached[0].hasTold(highWatermark: Offset(10), logStartOffset: Offset(0)))
        #expect(!session.cached[0].hasTold(highWatermark: Offset(11), logStartOffset: Offset(0)))
        #expect(!session.cached[0].hasTold(highWatermark: Offset(10), logStartOffset: Offset(1)))
        #expect(!session.cached[1].hasTold(highWatermark: Offset(11), logStartOffset: Offset(0)), "after an error")
        // A new leader epoch forgets the high watermark sent; a new partition has been told nothing.
        session.update(
            [
                FetchPartition(TopicPartition("t", 2), fetchOffset: Offset(0), currentLeaderEpoch: LeaderEpoch(2)),
                FetchPartition(TopicPartition("t", 3), fetchOffset: Offset(0)),
            ], forgetting: [])
        #expect(!session.cached[2].hasTold(highWatermark: Offset(12), logStartOffset: Offset(0)))
        #expect(!session.cached[3].hasTold(highWatermark: Offset(13), logStartOffset: Offset(0)))
    }
}
