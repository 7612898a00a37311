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
        let (full, read) = cache.newContext(
            for: FetchRequest(replicaID: BrokerID(2), session: .initial, partitions: fetches), now: .zero)
        let created = cache.response(
            full, fetched: read, answers: (0..<4).map { Self.answer(Int32($0), records: 0) }, replicaID: BrokerID(2),
            now: .zero)
        let (context, all) = cache.newContext(
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
}
