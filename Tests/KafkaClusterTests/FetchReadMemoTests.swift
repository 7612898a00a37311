import KafkaCore
import KafkaLog
import Testing

@testable import KafkaCluster

/// The memo a leader's fetch session keeps of a caught-up read: it matches only the same
/// replica and fetch state while neither the partition nor its log changed, and every kind of
/// change a read can see breaks it (`Partition.changeStamp`, `PartitionLog.changeStamp`).
@Suite struct FetchReadMemoTests {
    private static let now = Instant(microseconds: 1_000_000)

    private static func partition(
        _ number: Int32 = 0, storage: SimulatedLogStorage = SimulatedLogStorage()
    ) throws -> Partition {
        let topicPartition = TopicPartition("t", number)
        let (log, _) = try PartitionLog.open(
            storage: storage, directory: StoragePath("broker-1/t-\(number)"), topicPartition: topicPartition,
            config: LogConfig(), now: Instant(microseconds: 0), recoveryPoint: nil, logStartOffset: nil)
        return Partition(topicPartition: topicPartition, log: log, producers: ProducerStateManager())
    }

    private static func batch(records: Int = 2) -> RecordBatch {
        var builder = RecordBatchBuilder(capacityBytes: 256)
        for index in 0..<records {
            builder.append(timestamp: 1_000 + Int64(index), key: nil, value: [UInt8](repeating: 7, count: 8))
        }
        return builder.build()
    }

    /// A fetch of `partition` at its log end, in its epoch: what a caught-up follower sends.
    private static func fetch(_ partition: Partition) -> FetchPartition {
        FetchPartition(
            partition.topicPartition, fetchOffset: partition.log.logEndOffset,
            currentLeaderEpoch: partition.leaderEpoch, lastFetchedEpoch: partition.log.latestEpoch,
            logStartOffset: partition.log.logStartOffset, partitionMaxBytes: 1 << 20)
    }

    private static func memo(_ partition: Partition, _ fetch: FetchPartition) -> FetchReadMemo {
        FetchReadMemo(
            partition, fetch, partitionStamp: partition.changeStamp, logStamp: partition.log.changeStamp,
            inIsr: true)
    }

    /// A leader of epoch 1 with two records, its high watermark at the end.
    private static func leader(
        _ number: Int32 = 0, storage: SimulatedLogStorage = SimulatedLogStorage()
    ) throws -> Partition {
        let partition = try Self.partition(number, storage: storage)
        try partition.log.assignEpoch(LeaderEpoch(1), startOffset: partition.log.logEndOffset)
        _ = try partition.log.appendAsLeader([batch()], leaderEpoch: LeaderEpoch(1), now: now)
        partition.replicas = [BrokerID(1), BrokerID(2), BrokerID(3)]
        partition.isr = partition.replicas
        partition.leader = BrokerID(1)
        partition.leaderEpoch = LeaderEpoch(1)
        partition.role = .leader(PartitionLeadership(epochStartOffset: Offset(0), remotes: []))
        partition.highWatermark = partition.log.logEndOffset
        return partition
    }

    @Test("a memo matches the same replica and fetch state while nothing changed, and nothing else")
    func matchesOnlyItsRead() throws {
        let partition = try Self.leader()
        let fetch = Self.fetch(partition)
        let memo = Self.memo(partition, fetch)
        #expect(memo.matches(partition, fetch))
        #expect(memo.inIsr)
        #expect(!FetchReadMemo().matches(partition, fetch), "an empty memo matches nothing")
        // Reading does not change anything a memo looks at.
        _ = partition.log.logEndOffset
        _ = partition.isLeader
        #expect(memo.matches(partition, fetch))
        // Another replica of the same topic partition (a table replacement) does not match.
        let other = try Self.leader()
        #expect(!memo.matches(other, Self.fetch(other)))
        // Another fetch state does not match.
        var moved = fetch
        moved.fetchOffset = Offset(0)
        #expect(!memo.matches(partition, moved))
        var fenced = fetch
        fenced.currentLeaderEpoch = LeaderEpoch(0)
        #expect(!memo.matches(partition, fenced))
        var noEpoch = fetch
        noEpoch.currentLeaderEpoch = nil
        #expect(!memo.matches(partition, noEpoch))
        var diverging = fetch
        diverging.lastFetchedEpoch = LeaderEpoch(0)
        #expect(!memo.matches(partition, diverging))
    }

    @Test("a memo recorded in place over another is that read's memo only, whatever the fetch's epochs")
    func recordInPlace() throws {
        let first = try Self.leader()
        let second = try Self.leader()
        var memo = Self.memo(first, Self.fetch(first))
        // Over a memo of another replica: the new replica's, not the old one's.
        let fetch = Self.fetch(second)
        memo.record(
            second, [fetch], at: 0, partitionStamp: second.changeStamp, logStamp: second.log.changeStamp, inIsr: false,
            isQuiet: true)
        #expect(memo.matches(second, fetch))
        #expect(!memo.matches(first, Self.fetch(first)))
        #expect(!memo.inIsr)
        #expect(memo.isQuiet)
        // Over a memo of the same replica, with each epoch absent or present: only that fetch state.
        for current in [nil, LeaderEpoch(-1), LeaderEpoch(0), LeaderEpoch(1)] {
            for last in [nil, LeaderEpoch(-1), LeaderEpoch(0), LeaderEpoch(1)] {
                var state = fetch
                state.currentLeaderEpoch = current
                state.lastFetchedEpoch = last
                memo.record(
                    second, [state], at: 0, partitionStamp: second.changeStamp, logStamp: second.log.changeStamp,
                    inIsr: true)
                #expect(memo.matches(second, state))
                for otherCurrent in [nil, LeaderEpoch(-1), LeaderEpoch(0), LeaderEpoch(1)] {
                    for otherLast in [nil, LeaderEpoch(-1), LeaderEpoch(0), LeaderEpoch(1)] {
                        var other = state
                        other.currentLeaderEpoch = otherCurrent
                        other.lastFetchedEpoch = otherLast
                        #expect(
                            memo.matches(second, other) == (otherCurrent == current && otherLast == last),
                            "memo of \(String(describing: current)), \(String(describing: last))")
                    }
                }
            }
        }
    }

    @Test("a stale memo matches no fetch, on the stamps alone or with the fetch state; a new read clears it")
    func staleMemo() throws {
        let partition = try Self.leader()
        let fetch = Self.fetch(partition)
        var memo = Self.memo(partition, fetch)
        #expect(memo.matches(partition))
        memo.fetchStateChanged()
        #expect(!memo.matches(partition))
        #expect(!memo.matches(partition, fetch))
        memo.record(
            partition, [fetch], at: 0, partitionStamp: partition.changeStamp, logStamp: partition.log.changeStamp,
            inIsr: true)
        #expect(memo.matches(partition))
        #expect(memo.matches(partition, fetch))
        // The stamps still count on their own.
        partition.highWatermark = Offset(1)
        #expect(!memo.matches(partition))
    }

    @Test("a session marks the memo of a partition whose fetch state changes stale, and only that one")
    func sessionUpdateMarksStale() throws {
        let first = try Self.leader(0)
        let second = try Self.leader(1)
        let fetches = [Self.fetch(first), Self.fetch(second)]
        for change in ["fetchOffset", "currentLeaderEpoch", "lastFetchedEpoch", "none", "whileTaken"] {
            let session = FetchSession(
                id: 1, replicaID: BrokerID(2), fetches: fetches, cached: [CachedPartition(), CachedPartition()],
                now: Self.now)
            // What the session told, read in place: here nothing yet.
            #expect(session.hasTold(0, highWatermark: .none, logStartOffset: .none))
            #expect(!session.hasTold(1, highWatermark: Offset(0), logStartOffset: .none))
            var memos = session.takeMemos()
            #expect(session.memoCount == 0, "no memos while taken")
            memos[0] = Self.memo(first, fetches[0])
            memos[1] = Self.memo(second, fetches[1])
            var changed = fetches[1]
            switch change {
            case "fetchOffset": changed.fetchOffset = Offset(0)
            case "currentLeaderEpoch": changed.currentLeaderEpoch = nil
            case "lastFetchedEpoch": changed.lastFetchedEpoch = LeaderEpoch(0)
            case "none", "whileTaken": changed.partitionMaxBytes = 10
            default: Issue.record("unknown change \(change)")
            }
            if change == "whileTaken" {
                // Changed while the memos are out: they are all dropped when given back.
                changed.fetchOffset = Offset(0)
                session.update([changed], forgetting: [])
                session.restoreMemos(memos)
                #expect(!session.readMemos[0].matches(first))
                #expect(!session.readMemos[1].matches(second))
                #expect(session.memoCount == 2)
                #expect(!session.memoMatches(0, first, own: true, in: session.fetches))
                continue
            }
            session.restoreMemos(memos)
            session.update([changed], forgetting: [])
            #expect(session.fetches[1] == changed)
            #expect(session.readMemos[0].matches(first), "\(change): the unchanged partition's memo stays")
            #expect(session.readMemos[1].matches(second) == (change == "none"), "\(change)")
            // The same memos read in place, on the session's own fetch state or on the fetches given.
            #expect(session.memoMatches(0, first, own: true, in: session.fetches), "\(change)")
            #expect(session.memoMatches(0, first, own: false, in: fetches), "\(change)")
            #expect(session.memoMatches(1, second, own: true, in: session.fetches) == (change == "none"), "\(change)")
            #expect(session.memoMatches(1, second, own: false, in: session.fetches) == (change == "none"), "\(change)")
        }
    }

    @Test(
        "every change of the partition's fields breaks a memo",
        arguments: [
            "highWatermark", "role", "replicas", "isr", "leader", "leaderEpoch", "partitionEpoch",
            "leaderRecoveryState", "effectiveMinIsr", "pendingIsr",
        ])
    func partitionChanges(field: String) throws {
        let partition = try Self.leader()
        let fetch = Self.fetch(partition)
        let memo = Self.memo(partition, fetch)
        switch field {
        case "highWatermark": partition.highWatermark = Offset(1)
        case "role": partition.role = .follower(leader: BrokerID(2), retryAt: nil)
        case "replicas": partition.replicas.removeLast()
        case "isr": partition.isr = [BrokerID(1)]
        case "leader": partition.leader = BrokerID(2)
        case "leaderEpoch": partition.leaderEpoch = LeaderEpoch(2)
        case "partitionEpoch": partition.partitionEpoch = 5
        case "leaderRecoveryState": partition.leaderRecoveryState = .recovering
        case "effectiveMinIsr": partition.effectiveMinIsr = 2
        case "pendingIsr":
            partition.pendingIsr = PendingIsrChange(
                isr: [BrokerID(1)], leaderRecoveryState: .recovered, requestID: nil, isExpand: false)
        default: Issue.record("unknown field \(field)")
        }
        #expect(!memo.matches(partition, fetch), "\(field) changed and the memo still matches")
    }

    @Test("an append, a new epoch, a truncation, a log start move and a restart of the log each break a memo")
    func logChanges() throws {
        let partition = try Self.leader()
        var memo = Self.memo(partition, Self.fetch(partition))
        // The log end moves (the fetch, at the old end, is the same).
        let atOldEnd = Self.fetch(partition)
        _ = try partition.log.appendAsLeader([Self.batch()], leaderEpoch: LeaderEpoch(1), now: Self.now)
        #expect(!memo.matches(partition, atOldEnd))
        // A new epoch in the epoch cache, at the log end (the log end does not move).
        memo = Self.memo(partition, Self.fetch(partition))
        try partition.log.assignEpoch(LeaderEpoch(2), startOffset: partition.log.logEndOffset)
        #expect(!memo.matches(partition, Self.fetch(partition).with(lastFetchedEpoch: LeaderEpoch(1))))
        // The log start offset moves.
        _ = try partition.log.appendAsLeader([Self.batch()], leaderEpoch: LeaderEpoch(2), now: Self.now)
        memo = Self.memo(partition, Self.fetch(partition))
        _ = try partition.log.deleteRecords(before: Offset(1), highWatermark: partition.log.logEndOffset)
        #expect(partition.log.logStartOffset == Offset(1))
        #expect(!memo.matches(partition, Self.fetch(partition).with(logStartOffset: Offset(0))))
        // A truncation.
        memo = Self.memo(partition, Self.fetch(partition))
        let beforeTruncation = Self.fetch(partition)
        #expect(try partition.log.truncate(to: Offset(3)))
        #expect(!memo.matches(partition, beforeTruncation))
        // A restart of the log at a new offset.
        memo = Self.memo(partition, Self.fetch(partition))
        let beforeRestart = Self.fetch(partition)
        try partition.log.truncateFully(startingAt: Offset(100), now: Self.now)
        #expect(!memo.matches(partition, beforeRestart))
    }

    @Test("a storage failure that takes the log offline breaks a memo")
    func offline() throws {
        let storage = SimulatedLogStorage(capacityBytes: 1 << 20)
        let partition = try Self.leader(storage: storage)
        let fetch = Self.fetch(partition)
        let memo = Self.memo(partition, fetch)
        storage.capacityBytes = storage.usedBytes
        #expect(throws: LogError.self) {
            _ = try partition.log.appendAsLeader([Self.batch(records: 50)], leaderEpoch: LeaderEpoch(1), now: Self.now)
        }
        #expect(partition.log.isOffline)
        #expect(partition.log.logEndOffset == fetch.fetchOffset, "the failed append wrote nothing")
        #expect(!memo.matches(partition, fetch))
    }

    @Test("a session keeps its memos in line with its partitions as they are added, forgotten and moved")
    func sessionKeepsMemosInLine() throws {
        let zero = try Self.leader()
        let fetches = [Self.fetch(zero), FetchPartition(TopicPartition("t", 1), fetchOffset: Offset(0))]
        let session = FetchSession(
            id: 1, replicaID: BrokerID(2), fetches: fetches, cached: [CachedPartition(), CachedPartition()],
            now: Self.now)
        var memos = session.takeMemos()
        #expect(memos.count == 2)
        #expect(session.takeMemos().isEmpty, "taken memos are not handed out twice")
        memos[0] = Self.memo(zero, fetches[0])
        session.restoreMemos(memos)
        // A partition added at the end: the memos grow with it.
        session.update([FetchPartition(TopicPartition("t", 2), fetchOffset: Offset(0))], forgetting: [])
        memos = session.takeMemos()
        #expect(memos.count == 3)
        #expect(memos[0].matches(zero, session.fetches[0]))
        session.restoreMemos(memos)
        // The first partition forgotten: its memo goes with it.
        session.update([], forgetting: [zero.topicPartition])
        memos = session.takeMemos()
        #expect(memos.count == 2)
        #expect(!memos.contains { $0.matches(zero, fetches[0]) })
        // Memos given back out of line with the partitions are dropped, not misapplied.
        session.restoreMemos([Self.memo(zero, fetches[0])])
        #expect(session.takeMemos().count == 2)
    }
}

extension FetchPartition {
    fileprivate func with(lastFetchedEpoch: LeaderEpoch? = nil, logStartOffset: Offset? = nil) -> FetchPartition {
        var copy = self
        if let lastFetchedEpoch { copy.lastFetchedEpoch = lastFetchedEpoch }
        if let logStartOffset { copy.logStartOffset = logStartOffset }
        return copy
    }
}
