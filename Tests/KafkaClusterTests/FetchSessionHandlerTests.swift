import KafkaCore
import Testing

@testable import KafkaCluster

/// The follower's side of a fetch session (Kafka's `FetchSessionHandler`), alone and against a
/// leader's `FetchSessionCache`.
@Suite struct FetchSessionHandlerTests {
    typealias Cache = FetchSessionCacheTests

    static func sessionAnswer(_ sessionID: Int32, _ partitions: [FetchPartitionResponse]) -> FetchResponse {
        FetchResponse(sessionID: sessionID, partitions: partitions)
    }

    /// A handler whose session 77 holds partitions 0, 1, 2 at offsets 10, 20, 30.
    static func established() -> FetchSessionHandler {
        var handler = FetchSessionHandler()
        let wanted = [Cache.fetch(0, at: 10), Cache.fetch(1, at: 20), Cache.fetch(2, at: 30)]
        _ = handler.build(wanted)
        let answers = [
            Cache.answer(0, highWatermark: 10), Cache.answer(1, highWatermark: 20), Cache.answer(2, highWatermark: 30),
        ]
        let accepted = handler.handleResponse(sessionAnswer(77, answers))
        #expect(accepted)
        return handler
    }

    @Test("the first request is full; once the leader names a session, requests carry only changes")
    func fullThenIncremental() throws {
        var handler = Self.established()
        #expect(handler.next == FetchMetadata(sessionID: 77, epoch: 1))
        let unchangedData = handler.build([Cache.fetch(0, at: 10), Cache.fetch(1, at: 20), Cache.fetch(2, at: 30)])
        let unchanged = try #require(unchangedData)
        #expect(unchanged.metadata == FetchMetadata(sessionID: 77, epoch: 1))
        #expect(unchanged.toSend.isEmpty && unchanged.toForget.isEmpty)
        let accepted = handler.handleResponse(Self.sessionAnswer(77, []))
        #expect(accepted)
        #expect(handler.next == FetchMetadata(sessionID: 77, epoch: 2))
        let changedData = handler.build([Cache.fetch(0, at: 10), Cache.fetch(2, at: 31), Cache.fetch(3, at: 0)])
        let changed = try #require(changedData)
        #expect(changed.toSend == [Cache.fetch(2, at: 31), Cache.fetch(3, at: 0)])
        #expect(changed.toForget == [TopicPartition("t", 1)])
        #expect(handler.sessionPartitions == [Cache.fetch(0, at: 10), Cache.fetch(2, at: 31), Cache.fetch(3, at: 0)])
        let index = try #require(handler.sentIndex(TopicPartition("t", 2)))
        #expect(handler.sessionPartitions[index] == Cache.fetch(2, at: 31))
        #expect(handler.sentIndex(TopicPartition("t", 1)) == nil)
    }

    @Test("sentIndex finds each partition of the session at its position, and no other")
    func sentIndexFindsEveryPosition() {
        var handler = FetchSessionHandler()
        let wanted = (0..<20).map { Cache.fetch(Int32($0), at: Int64($0) * 10) }
        _ = handler.build(wanted)
        for (position, fetch) in wanted.enumerated() {
            #expect(handler.sentIndex(fetch.topicPartition) == position)
        }
        #expect(handler.sentIndex(TopicPartition("t", 20)) == nil)
        #expect(handler.sentIndex(TopicPartition("u", 0)) == nil)
    }

    @Test("nothing wanted and nothing to forget sends nothing")
    func nothingToSend() {
        var handler = FetchSessionHandler()
        let none = handler.build([])
        #expect(none == nil)
        var established = Self.established()
        let forgetting = established.build([])
        #expect(forgetting?.toForget.count == 3)
    }

    @Test("FETCH_SESSION_ID_NOT_FOUND starts over; other session errors and timeouts close the session")
    func errorsFallBackToFullFetches() {
        var lost = Self.established()
        _ = lost.build(lost.sessionPartitions)
        let lostAccepted = lost.handleResponse(FetchResponse(error: .fetchSessionIDNotFound, partitions: []))
        #expect(!lostAccepted)
        #expect(lost.next == .initial)
        var stale = Self.established()
        _ = stale.build(stale.sessionPartitions)
        let staleAccepted = stale.handleResponse(
            FetchResponse(error: .invalidFetchSessionEpoch, sessionID: 77, partitions: []))
        #expect(!staleAccepted)
        #expect(stale.next == FetchMetadata(sessionID: 77, epoch: 0))
        let full = stale.build(stale.sessionPartitions)
        #expect(full?.toSend.count == 3)
        var timedOut = Self.established()
        timedOut.handleError()
        #expect(timedOut.next.isFull && timedOut.next.sessionID == 77)
    }

    @Test("an answer with partitions outside the session is rejected")
    func unexpectedPartitions() {
        var handler = Self.established()
        _ = handler.build(handler.sessionPartitions)
        let accepted = handler.handleResponse(Self.sessionAnswer(77, [Cache.answer(9, highWatermark: 0)]))
        #expect(!accepted)
        #expect(handler.next == FetchMetadata(sessionID: 77, epoch: 0))
    }

    @Test("a full answer without a session id keeps fetching in full")
    func leaderWithoutRoom() {
        var handler = FetchSessionHandler()
        _ = handler.build([Cache.fetch(0, at: 10)])
        let accepted = handler.handleResponse(FetchResponse(partitions: [Cache.answer(0, highWatermark: 10)]))
        #expect(accepted)
        #expect(handler.next == .initial)
    }

    /// A follower of partitions 0…4 against a leader whose partition 0 grows: after the first
    /// full fetch every request is incremental and every answer holds only partition 0; a
    /// leader restart (a new, empty cache) costs one rejected answer and one full fetch.
    @Test("follower and leader settle on incremental fetches, and a leader restart forces one full fetch")
    func roundTrip() throws {
        var handler = FetchSessionHandler()
        var cache = Cache.cache()
        var logEndOffsets: [Int64] = [100, 5, 5, 5, 5]
        var followerOffsets: [Int64] = [0, 5, 5, 5, 5]
        var now = Cache.start
        var fullRequests = 0
        var answered: [[Int32]] = []
        func round() throws {
            now = now + .milliseconds(10)
            let wanted = (0..<5).map { Cache.fetch(Int32($0), at: followerOffsets[$0]) }
            let built = handler.build(wanted)
            let data = try #require(built)
            if data.metadata.isFull { fullRequests += 1 }
            let request = FetchRequest(
                replicaID: Cache.follower, session: data.metadata, forgottenPartitions: data.toForget,
                partitions: data.toSend)
            let (context, read, _) = cache.newContext(for: request, now: now)
            let answers = read.map { fetch -> FetchPartitionResponse in
                let index = Int(fetch.topicPartition.partition)
                let available = Int(logEndOffsets[index] - fetch.fetchOffset.rawValue)
                return Cache.answer(
                    fetch.topicPartition.partition, highWatermark: logEndOffsets[index], records: min(available, 10))
            }
            let response = cache.response(context, fetched: read, answers: answers, replicaID: Cache.follower, now: now)
            guard handler.handleResponse(response) else {
                answered.append([])
                return
            }
            answered.append(response.partitions.map(\.topicPartition.partition))
            for answer in response.partitions {
                followerOffsets[Int(answer.topicPartition.partition)] += Int64(answer.records.count)
            }
        }
        for _ in 0..<4 { try round() }
        #expect(fullRequests == 1)
        #expect(answered == [[0, 1, 2, 3, 4], [0], [0], [0]])
        logEndOffsets[3] += 1
        try round()
        #expect(answered.last == [3, 0])
        cache = Cache.cache()  // the leader restarted
        try round()
        #expect(answered.last == [])
        #expect(handler.next == .initial)
        try round()
        #expect(fullRequests == 2)
        #expect(answered.last == [0, 1, 2, 3, 4])
        try round()
        #expect(answered.last == [0])
        #expect(followerOffsets == [70, 5, 5, 6, 5])
    }
}
