import KafkaCore
import Testing

@testable import KafkaCluster

/// The leader's fetch sessions (KIP-227) driven directly: contexts, incremental answers, epoch
/// errors and eviction.
@Suite struct FetchSessionCacheTests {
    static let follower = BrokerID(2)
    static let start = Instant(microseconds: 1_000_000)

    static func fetch(_ partition: Int32, at offset: Int64, epoch: Int32 = 3) -> FetchPartition {
        FetchPartition(
            TopicPartition("t", partition), fetchOffset: Offset(offset), currentLeaderEpoch: LeaderEpoch(epoch),
            lastFetchedEpoch: LeaderEpoch(epoch), logStartOffset: Offset(0))
    }

    static func answer(
        _ partition: Int32, highWatermark: Int64, records: Int = 0, error: KafkaError = .none
    ) -> FetchPartitionResponse {
        FetchPartitionResponse(
            TopicPartition("t", partition), error: error, highWatermark: Offset(highWatermark),
            lastStableOffset: Offset(highWatermark), logStartOffset: Offset(0),
            records: [UInt8](repeating: 7, count: records))
    }

    static func request(
        _ session: FetchMetadata, _ partitions: [FetchPartition], forgetting forgotten: [Int32] = [],
        replica: BrokerID? = follower
    ) -> FetchRequest {
        FetchRequest(
            replicaID: replica, session: session, forgottenPartitions: forgotten.map { TopicPartition("t", $0) },
            partitions: partitions)
    }

    static func cache(slots: Int = 1000) -> FetchSessionCache {
        FetchSessionCache(maxEntries: slots, evictionTime: .milliseconds(120_000), seed: 42)
    }

    /// A session over partitions 0, 1, 2 (fetch offsets 10, 20, 30; high watermarks 10, 20, 30).
    static func established() -> (FetchSessionCache, Int32) {
        var cache = cache()
        let fetches = [fetch(0, at: 10), fetch(1, at: 20), fetch(2, at: 30)]
        let (context, read, _) = cache.newContext(for: request(.initial, fetches), now: start)
        let answers = [answer(0, highWatermark: 10), answer(1, highWatermark: 20), answer(2, highWatermark: 30)]
        let response = cache.response(context, fetched: read, answers: answers, replicaID: follower, now: start)
        return (cache, response.sessionID)
    }

    @Test("a full fetch at epoch 0 creates a session at epoch 1 and answers every partition")
    func fullFetchCreatesSession() throws {
        var cache = Self.cache()
        let fetches = [Self.fetch(0, at: 10), Self.fetch(1, at: 20)]
        let (context, read, served) = cache.newContext(for: Self.request(.initial, fetches), now: Self.start)
        #expect(context == .full)
        #expect(served == nil)
        #expect(read == fetches)
        let answers = [Self.answer(0, highWatermark: 10), Self.answer(1, highWatermark: 20)]
        let response = cache.response(
            context, fetched: read, answers: answers, replicaID: Self.follower, now: Self.start)
        #expect(response.sessionID != 0)
        #expect(response.partitions == answers)
        let session = try #require(cache.sessions[response.sessionID])
        #expect(session.epoch == 1)
        #expect(session.fetches == fetches)
        cache.checkInvariants()
    }

    @Test("a sessionless fetch (epoch -1) creates no session and answers every partition")
    func sessionlessFetch() {
        var cache = Self.cache()
        let fetches = [Self.fetch(0, at: 10)]
        let (context, read, _) = cache.newContext(
            for: Self.request(.sessionless, fetches, replica: nil), now: Self.start)
        #expect(context == .sessionless)
        let answers = [Self.answer(0, highWatermark: 10)]
        let response = cache.response(context, fetched: read, answers: answers, replicaID: nil, now: Self.start)
        #expect(response.sessionID == 0)
        #expect(response.partitions == answers)
        #expect(cache.sessions.isEmpty)
    }

    @Test("an incremental fetch reads every partition of the session, omitted ones at their cached state")
    func incrementalReadsWholeSession() {
        var (cache, id) = Self.established()
        let request = Self.request(
            FetchMetadata(sessionID: id, epoch: 1), [Self.fetch(1, at: 25), Self.fetch(3, at: 0)])
        let (context, read, session) = cache.newContext(for: request, now: Self.start)
        #expect(context == .incremental(sessionID: id, epoch: 2))
        #expect(read == [Self.fetch(0, at: 10), Self.fetch(1, at: 25), Self.fetch(2, at: 30), Self.fetch(3, at: 0)])
        #expect(cache.sessions[id]?.epoch == 2)
        // The session handed back is the one a lookup for the context finds.
        #expect(session != nil && session === cache.sessions[id])
        #expect(cache.session(for: context, of: Self.follower) === session)
    }

    @Test("an incremental answer leaves out unchanged partitions; records move their partition last")
    func incrementalAnswerOmitsUnchanged() {
        var (cache, id) = Self.established()
        let (context, read, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 1), []), now: Self.start)
        let answers = [
            Self.answer(0, highWatermark: 10), Self.answer(1, highWatermark: 20, records: 100),
            Self.answer(2, highWatermark: 30),
        ]
        let response = cache.response(
            context, fetched: read, answers: answers, replicaID: Self.follower, now: Self.start)
        #expect(response.error == .none)
        #expect(response.sessionID == id)
        #expect(response.partitions.map(\.topicPartition.partition) == [1])
        #expect(cache.sessions[id]?.fetches.map(\.topicPartition.partition) == [0, 2, 1])
    }

    @Test("an incremental fetch's new state replaces every field of its partition's, the topic kept")
    func incrementalTakesWholeState() {
        var (cache, id) = Self.established()
        let changed = FetchPartition(
            TopicPartition("t", 1), fetchOffset: Offset(27), currentLeaderEpoch: nil,
            lastFetchedEpoch: LeaderEpoch(2), logStartOffset: Offset(5), partitionMaxBytes: 4096)
        let (_, read, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 1), [changed]), now: Self.start)
        #expect(read == [Self.fetch(0, at: 10), changed, Self.fetch(2, at: 30)])
        #expect(cache.sessions[id]?.fetches == read)
    }

    @Test("partitions answered with records move last in order; already last, nothing moves")
    func recordsOfSeveralPartitionsMoveLast() {
        var (cache, id) = Self.established()
        func answer(epoch: Int32, withRecords: Set<Int32>) -> [Int32]? {
            let (context, read, _) = cache.newContext(
                for: Self.request(FetchMetadata(sessionID: id, epoch: epoch), []), now: Self.start)
            let answers = read.map { fetch in
                let partition = fetch.topicPartition.partition
                return Self.answer(
                    partition, highWatermark: Int64(partition) * 10 + 10,
                    records: withRecords.contains(partition) ? 10 : 0)
            }
            _ = cache.response(context, fetched: read, answers: answers, replicaID: Self.follower, now: Self.start)
            return cache.sessions[id]?.fetches.map(\.topicPartition.partition)
        }
        #expect(answer(epoch: 1, withRecords: [0, 1]) == [2, 0, 1])
        #expect(answer(epoch: 2, withRecords: [0, 1]) == [2, 0, 1])
        #expect(answer(epoch: 3, withRecords: [2, 1]) == [0, 2, 1])
        #expect(answer(epoch: 4, withRecords: [0, 1]) == [2, 0, 1])
    }

    @Test("a high watermark or log start offset change is answered without records")
    func highWatermarkOnlyChangeIsSent() {
        var (cache, id) = Self.established()
        let (context, read, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 1), []), now: Self.start)
        var moved = Self.answer(2, highWatermark: 30)
        moved.logStartOffset = Offset(5)
        let answers = [Self.answer(0, highWatermark: 12), Self.answer(1, highWatermark: 20), moved]
        let response = cache.response(
            context, fetched: read, answers: answers, replicaID: Self.follower, now: Self.start)
        #expect(response.partitions.map(\.topicPartition.partition) == [0, 2])
        #expect(response.partitions.first?.highWatermark == Offset(12))
        // Told once: the same high watermark next time is not news.
        let (next, nextRead, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 2), []), now: Self.start)
        let again = cache.response(next, fetched: nextRead, answers: answers, replicaID: Self.follower, now: Self.start)
        #expect(again.partitions.isEmpty)
    }

    @Test("errors are always answered, and so is the first answer after one")
    func errorsResetCachedState() {
        var (cache, id) = Self.established()
        var epoch: Int32 = 1
        func round(_ answers: [FetchPartitionResponse]) -> [Int32] {
            let (context, read, _) = cache.newContext(
                for: Self.request(FetchMetadata(sessionID: id, epoch: epoch), []), now: Self.start)
            epoch += 1
            return cache.response(context, fetched: read, answers: answers, replicaID: Self.follower, now: Self.start)
                .partitions.map(\.topicPartition.partition)
        }
        let failing = FetchPartitionResponse(TopicPartition("t", 1), error: .notLeaderOrFollower)
        #expect(round([Self.answer(0, highWatermark: 10), failing, Self.answer(2, highWatermark: 30)]) == [1])
        #expect(round([Self.answer(0, highWatermark: 10), failing, Self.answer(2, highWatermark: 30)]) == [1])
        let healed = [
            Self.answer(0, highWatermark: 10), Self.answer(1, highWatermark: 20), Self.answer(2, highWatermark: 30),
        ]
        #expect(round(healed) == [1])
        #expect(round(healed) == [])
    }

    @Test("forgotten partitions leave the session, and forgetting them all closes it")
    func forgetting() {
        var (cache, id) = Self.established()
        let (context, read, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 1), [], forgetting: [0, 2]), now: Self.start)
        #expect(context == .incremental(sessionID: id, epoch: 2))
        #expect(read == [Self.fetch(1, at: 20)])
        let (closing, none, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 2), [], forgetting: [1]), now: Self.start)
        #expect(closing == .sessionless)
        #expect(none.isEmpty)
        #expect(cache.sessions[id] == nil)
    }

    @Test("a wrong epoch is INVALID_FETCH_SESSION_EPOCH; an unknown id or another fetcher's is not found")
    func sessionErrors() {
        var (cache, id) = Self.established()
        let (stale, read, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 5), []), now: Self.start)
        #expect(stale == .error(.invalidFetchSessionEpoch))
        #expect(read.isEmpty)
        let response = cache.response(stale, fetched: [], answers: [], replicaID: Self.follower, now: Self.start)
        #expect(response.error == .invalidFetchSessionEpoch)
        #expect(response.partitions.isEmpty)
        let (unknown, _, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id &+ 1, epoch: 1), []), now: Self.start)
        #expect(unknown == .error(.fetchSessionIDNotFound))
        let (foreign, _, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 1), [], replica: BrokerID(3)), now: Self.start)
        #expect(foreign == .error(.fetchSessionIDNotFound))
        // None of these moved the session on.
        #expect(cache.sessions[id]?.epoch == 1)
    }

    @Test("a parked incremental fetch overtaken by a newer request of its session answers with an epoch error")
    func overtakenParkedFetch() {
        var (cache, id) = Self.established()
        let (parked, parkedRead, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 1), []), now: Self.start)
        _ = cache.newContext(for: Self.request(FetchMetadata(sessionID: id, epoch: 2), []), now: Self.start)
        let answers = [
            Self.answer(0, highWatermark: 10), Self.answer(1, highWatermark: 20), Self.answer(2, highWatermark: 30),
        ]
        let response = cache.response(
            parked, fetched: parkedRead, answers: answers, replicaID: Self.follower, now: Self.start)
        #expect(response.error == .invalidFetchSessionEpoch)
    }

    @Test("a full fetch naming a session closes it and opens a new one")
    func fullFetchClosesSession() {
        var (cache, id) = Self.established()
        let fetches = [Self.fetch(0, at: 10)]
        let (context, read, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 0), fetches), now: Self.start)
        #expect(context == .full)
        #expect(cache.sessions[id] == nil)
        let response = cache.response(
            context, fetched: read, answers: [Self.answer(0, highWatermark: 10)], replicaID: Self.follower,
            now: Self.start)
        #expect(response.sessionID != 0 && response.sessionID != id)
        #expect(cache.sessions.count == 1)
    }

    @Test("a full cache: a follower evicts a consumer's session, a young follower session stays, a stale one goes")
    func eviction() {
        var cache = Self.cache(slots: 2)
        let one = [Self.fetch(0, at: 0)]
        let two = one + [Self.fetch(1, at: 0)]
        func create(_ replica: BrokerID?, _ fetches: [FetchPartition], after seconds: Int64) -> Int32 {
            let answers = fetches.map { Self.answer($0.topicPartition.partition, highWatermark: 0) }
            return cache.createSession(
                replicaID: replica, fetches: fetches, answers: answers, now: Self.start + .seconds(seconds))
        }
        let consumerSmall = create(nil, one, after: 0)
        let consumerLarge = create(nil, two, after: 0)
        #expect(consumerSmall != 0 && consumerLarge != 0)
        // Another consumer may not evict young sessions.
        #expect(create(nil, two, after: 1) == 0)
        // A follower outranks a consumer: the smallest consumer session goes.
        let follower = create(Self.follower, one, after: 1)
        #expect(follower != 0)
        #expect(cache.sessions[consumerSmall] == nil && cache.sessions[consumerLarge] != nil)
        // Only the young follower session and a young consumer session are left: the next
        // follower evicts the consumer's, then nothing.
        #expect(create(BrokerID(3), one, after: 2) != 0)
        #expect(cache.sessions[consumerLarge] == nil)
        #expect(create(BrokerID(4), two, after: 3) == 0)
        // Idle past the eviction time: any new session takes the stalest one's slot.
        #expect(create(nil, one, after: 200) != 0)
        #expect(cache.sessions[follower] == nil)
        #expect(cache.evictions == 3)
        cache.checkInvariants()
    }

    @Test("a session found before stands for its id only while the cache holds it; every way out clears it")
    func knownSession() throws {
        var (cache, id) = Self.established()
        let session = try #require(cache.sessions[id])
        #expect(session.isCached)
        let (context, _, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 1), []), now: Self.start)
        #expect(cache.session(for: context, of: Self.follower, known: session) === session)
        // Another session is never taken for this id.
        let other = cache.createSession(
            replicaID: BrokerID(3), fetches: [Self.fetch(5, at: 0)], answers: [Self.answer(5, highWatermark: 0)],
            now: Self.start)
        let otherSession = try #require(cache.sessions[other])
        #expect(cache.session(for: context, of: Self.follower, known: otherSession) === session)
        // Closed by a full fetch naming it: no longer cached, and not found through it.
        _ = cache.newContext(for: Self.request(FetchMetadata(sessionID: id, epoch: 0), []), now: Self.start)
        #expect(!session.isCached)
        #expect(cache.session(for: context, of: Self.follower, known: session) == nil)
        let response = cache.response(
            context, fetched: [], reads: FetchReads(), replicaID: Self.follower, known: session, now: Self.start)
        #expect(response.error == .fetchSessionIDNotFound)
        // Emptied by forgetting all its partitions.
        var (emptying, emptyingID) = Self.established()
        let emptyingSession = try #require(emptying.sessions[emptyingID])
        _ = emptying.newContext(
            for: Self.request(FetchMetadata(sessionID: emptyingID, epoch: 1), [], forgetting: [0, 1, 2]),
            now: Self.start)
        #expect(emptying.sessions[emptyingID] == nil && !emptyingSession.isCached)
        // Evicted, idle past the eviction time.
        var full = Self.cache(slots: 1)
        let first = full.createSession(
            replicaID: nil, fetches: [Self.fetch(0, at: 0)], answers: [Self.answer(0, highWatermark: 0)],
            now: Self.start)
        let evicted = try #require(full.sessions[first])
        _ = full.createSession(
            replicaID: nil, fetches: [Self.fetch(0, at: 0)], answers: [Self.answer(0, highWatermark: 0)],
            now: Self.start + .seconds(200))
        #expect(full.sessions[first] == nil && !evicted.isCached)
    }

    @Test("a follower's fetch finds the session its last fetch named only while the cache holds it under that id")
    func followerSessionRemembered() throws {
        var (cache, id) = Self.established()
        func context(_ sessionID: Int32, epoch: Int32, replica: BrokerID = Self.follower) -> FetchContext {
            let request = Self.request(FetchMetadata(sessionID: sessionID, epoch: epoch), [], replica: replica)
            return cache.newContext(for: request, now: Self.start).0
        }
        #expect(context(id, epoch: 1) == .incremental(sessionID: id, epoch: 2))
        #expect(context(id, epoch: 2) == .incremental(sessionID: id, epoch: 3))
        // Another follower naming it finds nothing; the session's own follower still does.
        #expect(context(id, epoch: 3, replica: BrokerID(3)) == .error(.fetchSessionIDNotFound))
        #expect(context(id, epoch: 3) == .incremental(sessionID: id, epoch: 4))
        // Closed by a full fetch naming it: not found any more, and the new session is.
        let fetches = [Self.fetch(0, at: 10)]
        let (full, read, _) = cache.newContext(
            for: Self.request(FetchMetadata(sessionID: id, epoch: 0), fetches), now: Self.start)
        let created = cache.response(
            full, fetched: read, answers: [Self.answer(0, highWatermark: 10)], replicaID: Self.follower,
            now: Self.start
        ).sessionID
        #expect(context(id, epoch: 4) == .error(.fetchSessionIDNotFound))
        #expect(context(created, epoch: 1) == .incremental(sessionID: created, epoch: 2))
        #expect(context(created, epoch: 2) == .incremental(sessionID: created, epoch: 3))
        // Evicted: not found either.
        var small = Self.cache(slots: 1)
        let evicted = small.createSession(
            replicaID: Self.follower, fetches: fetches, answers: [Self.answer(0, highWatermark: 10)],
            now: Self.start)
        let incremental = Self.request(FetchMetadata(sessionID: evicted, epoch: 1), [])
        #expect(small.newContext(for: incremental, now: Self.start).0 == .incremental(sessionID: evicted, epoch: 2))
        _ = small.createSession(
            replicaID: nil, fetches: fetches, answers: [Self.answer(0, highWatermark: 10)],
            now: Self.start + .seconds(200))
        let again = Self.request(FetchMetadata(sessionID: evicted, epoch: 2), [])
        #expect(small.newContext(for: again, now: Self.start).0 == .error(.fetchSessionIDNotFound))
    }
}
