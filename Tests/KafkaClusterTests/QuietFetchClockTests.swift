import KafkaCore
import KafkaLog
import Testing

@testable import KafkaCluster

/// A follower's remote replica on its session's quiet clock reads, at every moment, what
/// updating it on every quiet fetch would have written; it leaves the clock when fetched any
/// other way, and a fetch outside the session's serve breaks the partition's read memos.
@Suite struct QuietFetchClockTests {
    private static let follower = BrokerID(2)
    private static let other = BrokerID(3)

    private static func instant(_ milliseconds: Int64) -> Instant {
        Instant(microseconds: milliseconds * 1_000)
    }

    private static func leadership() -> PartitionLeadership {
        PartitionLeadership(
            epochStartOffset: Offset(0),
            remotes: [
                RemoteReplica(broker: follower, inSync: true, now: instant(0)),
                RemoteReplica(broker: other, inSync: true, now: instant(0)),
            ])
    }

    @Test("a joined remote takes the advances after it joined, as fetches at its log end")
    func joinedRemoteReadsTheClock() throws {
        let clock = QuietFetchClock()
        clock.advance(to: Self.instant(5), brokerEpoch: 7)
        let lazy = Self.leadership()
        let eager = Self.leadership()
        for state in [lazy, eager] {
            _ = state.fetched(
                Self.follower, at: Offset(10), leaderLogEndOffset: Offset(10), brokerEpoch: 7, now: Self.instant(10),
                serving: clock)
        }
        #expect(lazy.joinQuiet(Self.follower, clock))
        #expect(lazy.remote(Self.follower) == eager.remote(Self.follower), "the advance before joining is not taken")
        for time in [Int64(20), 30, 45] {
            _ = eager.fetched(
                Self.follower, at: Offset(10), leaderLogEndOffset: Offset(10), brokerEpoch: 8, now: Self.instant(time),
                serving: nil)
            clock.advance(to: Self.instant(time), brokerEpoch: 8)
            #expect(lazy.remote(Self.follower) == eager.remote(Self.follower))
            #expect(lazy.remotes == eager.remotes)
            #expect(lazy.remote(at: 0) == eager.remote(at: 0))
        }
        #expect(lazy.remote(Self.follower)?.lastCaughtUpTime == Self.instant(45))
        #expect(lazy.remote(Self.follower)?.lastFetchTime == Self.instant(45))
        #expect(lazy.remote(Self.follower)?.brokerEpoch == 8)
        #expect(lazy.remote(Self.other) == eager.remote(Self.other), "another follower's remote is untouched")
        #expect(!lazy.joinQuiet(BrokerID(9), clock), "a broker that is no remote joins nothing")
    }

    @Test("a fetch of a joined remote takes it off the clock; only another clock's fetch says so")
    func fetchLeavesTheClock() throws {
        let clock = QuietFetchClock()
        let state = Self.leadership()
        _ = state.fetched(
            Self.follower, at: Offset(10), leaderLogEndOffset: Offset(10), brokerEpoch: 7, now: Self.instant(10),
            serving: clock)
        #expect(state.joinQuiet(Self.follower, clock))
        clock.advance(to: Self.instant(20), brokerEpoch: 7)
        // The session's own serve reads it: off the clock, at the clock's time before that serve.
        let own = state.fetched(
            Self.follower, at: Offset(10), leaderLogEndOffset: Offset(12), brokerEpoch: 7, now: Self.instant(30),
            serving: clock)
        #expect(own?.moved == false)
        #expect(own?.leftOtherClock == false)
        var expected = RemoteReplica(broker: Self.follower, inSync: true, now: Self.instant(0))
        expected.updateFetchState(
            fetchOffset: Offset(10), leaderLogEndOffset: Offset(10), brokerEpoch: 7, now: Self.instant(10))
        expected.updateFetchState(
            fetchOffset: Offset(10), leaderLogEndOffset: Offset(10), brokerEpoch: 7, now: Self.instant(20))
        expected.updateFetchState(
            fetchOffset: Offset(10), leaderLogEndOffset: Offset(12), brokerEpoch: 7, now: Self.instant(30))
        #expect(state.remote(Self.follower) == expected)
        clock.advance(to: Self.instant(40), brokerEpoch: 7)
        #expect(state.remote(Self.follower) == expected, "off the clock, its advances are not fetches")
        // Joined again, then fetched outside the session's serve: it says so.
        _ = state.fetched(
            Self.follower, at: Offset(12), leaderLogEndOffset: Offset(12), brokerEpoch: 7, now: Self.instant(50),
            serving: clock)
        #expect(state.joinQuiet(Self.follower, clock))
        let outside = state.fetched(
            Self.follower, at: Offset(12), leaderLogEndOffset: Offset(12), brokerEpoch: 7, now: Self.instant(60),
            serving: QuietFetchClock())
        #expect(outside?.leftOtherClock == true)
        let again = state.fetched(
            Self.follower, at: Offset(12), leaderLogEndOffset: Offset(12), brokerEpoch: 7, now: Self.instant(70),
            serving: nil)
        #expect(again?.leftOtherClock == false, "no longer on a clock")
    }

    @Test("leaving a clock keeps the quiet fetches so far and no later one")
    func leaveKeepsTheFetchesSoFar() throws {
        let clock = QuietFetchClock()
        let state = Self.leadership()
        _ = state.fetched(
            Self.follower, at: Offset(10), leaderLogEndOffset: Offset(10), brokerEpoch: 7, now: Self.instant(10),
            serving: clock)
        #expect(state.joinQuiet(Self.follower, clock))
        state.leaveQuiet(Self.follower, QuietFetchClock())
        clock.advance(to: Self.instant(20), brokerEpoch: 7)
        #expect(state.remote(Self.follower)?.lastFetchTime == Self.instant(20), "another clock's leave does nothing")
        state.leaveQuiet(Self.follower, clock)
        clock.advance(to: Self.instant(30), brokerEpoch: 7)
        #expect(state.remote(Self.follower)?.lastFetchTime == Self.instant(20))
        #expect(state.remote(Self.follower)?.lastCaughtUpTime == Self.instant(20))
    }

    @Test("remotes added and removed by metadata keep their clocks in line")
    func metadataKeepsClocksInLine() throws {
        let clock = QuietFetchClock()
        let state = Self.leadership()
        _ = state.fetched(
            Self.other, at: Offset(10), leaderLogEndOffset: Offset(10), brokerEpoch: 7, now: Self.instant(10),
            serving: clock)
        #expect(state.joinQuiet(Self.other, clock))
        state.removeRemotes(notIn: [BrokerID(1), Self.other])
        state.append(RemoteReplica(broker: BrokerID(4), inSync: false, now: Self.instant(10)))
        clock.advance(to: Self.instant(20), brokerEpoch: 7)
        #expect(state.remotes.map(\.broker) == [Self.other, BrokerID(4)])
        #expect(state.remote(Self.other)?.lastFetchTime == Self.instant(20))
        #expect(state.remote(BrokerID(4))?.lastFetchTime == Self.instant(0))
    }

    /// A random run of fetches of one partition by one follower, applied to a remote updated on
    /// every fetch and to one on a quiet clock when the session skips (only while the log did not
    /// move since the read that joined, as the read memo makes sure): they always read the same.
    @Test("a remote on a quiet clock reads as one updated on every fetch", arguments: [UInt64(1), 2, 3, 4])
    func randomRunsAgree(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let clock = QuietFetchClock()
        let eager = Self.leadership()
        let lazy = Self.leadership()
        // The log end when the remote joined the clock, while it is on it.
        var joinedAt: Offset?
        var logEnd = Offset(10)
        var time: Int64 = 0
        for _ in 0..<400 {
            time += Int64.random(in: 0...3, using: &random)
            let now = Self.instant(time)
            let epoch = Int64.random(in: 7...8, using: &random)
            let fetchOffset = Bool.random(using: &random) ? logEnd : logEnd.advanced(by: -1)
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                // The log grows.
                logEnd = logEnd.advanced(by: 1)
            case 1 where joinedAt == logEnd:
                // A serve of the session that skips the partition.
                _ = eager.fetched(
                    Self.follower, at: logEnd, leaderLogEndOffset: logEnd, brokerEpoch: epoch, now: now, serving: nil)
                clock.advance(to: now, brokerEpoch: epoch)
            case 2:
                // A serve of the session that reads it, and joins the clock when caught up.
                _ = eager.fetched(
                    Self.follower, at: fetchOffset, leaderLogEndOffset: logEnd, brokerEpoch: epoch, now: now,
                    serving: nil)
                let result = lazy.fetched(
                    Self.follower, at: fetchOffset, leaderLogEndOffset: logEnd, brokerEpoch: epoch, now: now,
                    serving: clock)
                #expect(result?.leftOtherClock == false)
                if fetchOffset == logEnd {
                    #expect(lazy.joinQuiet(Self.follower, clock))
                    joinedAt = logEnd
                } else {
                    joinedAt = nil
                }
                clock.advance(to: now, brokerEpoch: epoch)
            case 3:
                // A fetch outside the session's serves.
                _ = eager.fetched(
                    Self.follower, at: fetchOffset, leaderLogEndOffset: logEnd, brokerEpoch: epoch, now: now,
                    serving: nil)
                let result = lazy.fetched(
                    Self.follower, at: fetchOffset, leaderLogEndOffset: logEnd, brokerEpoch: epoch, now: now,
                    serving: nil)
                #expect(result?.leftOtherClock == (joinedAt != nil))
                joinedAt = nil
            default:
                // A serve of the session with no partition of this one's (the clock still advances).
                if joinedAt == nil { clock.advance(to: now, brokerEpoch: epoch) }
            }
            #expect(lazy.remotes == eager.remotes)
        }
    }

    @Test("a broken read memo: a remote that left a clock outside its session's serve")
    func invalidatingBreaksMemos() throws {
        let topicPartition = TopicPartition("t", 0)
        let (log, _) = try PartitionLog.open(
            storage: SimulatedLogStorage(), directory: StoragePath("broker-1/t-0"), topicPartition: topicPartition,
            config: LogConfig(), now: Self.instant(0), recoveryPoint: nil, logStartOffset: nil)
        let partition = Partition(topicPartition: topicPartition, log: log, producers: ProducerStateManager())
        let fetch = FetchPartition(topicPartition, fetchOffset: log.logEndOffset)
        let memo = FetchReadMemo(
            partition, fetch, partitionStamp: partition.changeStamp, logStamp: log.changeStamp, inIsr: true,
            isQuiet: true)
        #expect(memo.matches(partition, fetch))
        partition.invalidateReadMemos()
        #expect(!memo.matches(partition, fetch))
    }

    @Test("a session's forgotten partition leaves the session's clock")
    func forgottenPartitionLeavesTheClock() throws {
        let topicPartition = TopicPartition("t", 0)
        let (log, _) = try PartitionLog.open(
            storage: SimulatedLogStorage(), directory: StoragePath("broker-1/t-0"), topicPartition: topicPartition,
            config: LogConfig(), now: Self.instant(0), recoveryPoint: nil, logStartOffset: nil)
        let partition = Partition(topicPartition: topicPartition, log: log, producers: ProducerStateManager())
        let state = Self.leadership()
        partition.role = .leader(state)
        let fetch = FetchPartition(topicPartition, fetchOffset: log.logEndOffset)
        let session = FetchSession(
            id: 1, replicaID: Self.follower, fetches: [fetch], cached: [CachedPartition()], now: Self.instant(0))
        _ = state.fetched(
            Self.follower, at: log.logEndOffset, leaderLogEndOffset: log.logEndOffset, brokerEpoch: 7,
            now: Self.instant(10), serving: session.quietFetches)
        #expect(state.joinQuiet(Self.follower, session.quietFetches))
        var memos = session.takeMemos()
        memos[0] = FetchReadMemo(
            partition, fetch, partitionStamp: partition.changeStamp, logStamp: log.changeStamp, inIsr: true,
            isQuiet: true)
        session.restoreMemos(memos)
        session.quietFetches.advance(to: Self.instant(20), brokerEpoch: 7)
        session.update([], forgetting: [topicPartition])
        session.quietFetches.advance(to: Self.instant(30), brokerEpoch: 7)
        #expect(state.remote(Self.follower)?.lastFetchTime == Self.instant(20))
    }

    @Test("a parked fetch of an older epoch of a session reads without the session")
    func olderEpochHasNoSession() throws {
        var cache = FetchSessionCache(maxEntries: 10, evictionTime: .milliseconds(120_000), seed: 42)
        let fetches = [FetchPartition(TopicPartition("t", 0), fetchOffset: Offset(10))]
        let full = FetchRequest(replicaID: Self.follower, session: .initial, partitions: fetches)
        let (context, read, _) = cache.newContext(for: full, now: Self.instant(0))
        let response = cache.response(
            context, fetched: read,
            answers: [FetchPartitionResponse(TopicPartition("t", 0), error: .none, highWatermark: Offset(10))],
            replicaID: Self.follower, now: Self.instant(0))
        let first = FetchRequest(
            replicaID: Self.follower, session: FetchMetadata(sessionID: response.sessionID, epoch: 1), partitions: [])
        let (older, _, _) = cache.newContext(for: first, now: Self.instant(1))
        #expect(cache.session(for: older, of: Self.follower) != nil)
        let second = FetchRequest(
            replicaID: Self.follower, session: FetchMetadata(sessionID: response.sessionID, epoch: 2), partitions: [])
        let (newer, _, _) = cache.newContext(for: second, now: Self.instant(2))
        #expect(cache.session(for: newer, of: Self.follower) != nil)
        #expect(cache.session(for: older, of: Self.follower) == nil)
    }
}
