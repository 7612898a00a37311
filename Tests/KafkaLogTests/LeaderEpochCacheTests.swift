import KafkaCore
import KafkaLog
import Testing

@Suite struct LeaderEpochCacheTests {
    private func entry(_ epoch: Int32, _ startOffset: Int64) -> EpochEntry {
        EpochEntry(epoch: LeaderEpoch(epoch), startOffset: Offset(startOffset))
    }

    private func cache(_ pairs: [(Int32, Int64)]) -> LeaderEpochCache {
        var cache = LeaderEpochCache()
        for (epoch, startOffset) in pairs { cache.assign(epoch: LeaderEpoch(epoch), startOffset: Offset(startOffset)) }
        return cache
    }

    private func endOffset(_ cache: LeaderEpochCache, _ epoch: Int32, logEndOffset: Int64) -> EpochEndOffset {
        cache.endOffset(forEpoch: LeaderEpoch(epoch), logEndOffset: Offset(logEndOffset))
    }

    @Test("a new higher epoch is appended and becomes the latest")
    func assignAppends() {
        var cache = cache([(2, 6)])
        let changed = cache.assign(epoch: LeaderEpoch(3), startOffset: Offset(10))
        #expect(changed)
        #expect(cache.entries == [entry(2, 6), entry(3, 10)])
        #expect(cache.latestEpoch == LeaderEpoch(3))
        cache.checkInvariants()
    }

    @Test("assigning the latest epoch again at the same or a later offset changes nothing")
    func assignSameEpoch() {
        var cache = cache([(2, 6)])
        let sameStart = cache.assign(epoch: LeaderEpoch(2), startOffset: Offset(6))
        #expect(!sameStart)
        let laterStart = cache.assign(epoch: LeaderEpoch(2), startOffset: Offset(10))
        #expect(!laterStart)
        #expect(cache.entries == [entry(2, 6)])
    }

    @Test("assigning the latest epoch at an earlier offset moves its start back")
    func assignEarlierStart() {
        var cache = cache([(1, 0), (2, 6)])
        let changed = cache.assign(epoch: LeaderEpoch(2), startOffset: Offset(4))
        #expect(changed)
        #expect(cache.entries == [entry(1, 0), entry(2, 4)])
    }

    @Test("assigning an older epoch removes every newer entry, as Kafka's monotonicity repair does")
    func assignOlderEpoch() {
        var cache = cache([(1, 0), (2, 6), (3, 8)])
        let changed = cache.assign(epoch: LeaderEpoch(2), startOffset: Offset(7))
        #expect(changed)
        #expect(cache.entries == [entry(1, 0), entry(2, 7)])
    }

    @Test("a higher epoch that starts below existing starts removes the entries it overlaps")
    func assignOverlappingStart() {
        var cache = cache([(1, 0), (2, 6), (3, 8)])
        let changed = cache.assign(epoch: LeaderEpoch(4), startOffset: Offset(6))
        #expect(changed)
        #expect(cache.entries == [entry(1, 0), entry(4, 6)])
        cache.checkInvariants()
    }

    @Test("the latest epoch ends at the log end offset")
    func endOfLatest() {
        let cache = cache([(2, 5), (3, 6), (4, 7)])
        #expect(endOffset(cache, 4, logEndOffset: 42) == EpochEndOffset(epoch: LeaderEpoch(4), endOffset: Offset(42)))
    }

    @Test("an older epoch ends where the next higher cached epoch starts")
    func endOfOlder() {
        let cache = cache([(0, 10), (2, 13), (4, 17)])
        #expect(endOffset(cache, 0, logEndOffset: 20) == EpochEndOffset(epoch: LeaderEpoch(0), endOffset: Offset(13)))
        #expect(endOffset(cache, 2, logEndOffset: 20) == EpochEndOffset(epoch: LeaderEpoch(2), endOffset: Offset(17)))
    }

    @Test("an epoch the cache never saw answers with the largest epoch below it and the next start")
    func endOfUnknownEpoch() {
        let cache = cache([(0, 10), (2, 13), (4, 17)])
        #expect(endOffset(cache, 1, logEndOffset: 20) == EpochEndOffset(epoch: LeaderEpoch(0), endOffset: Offset(13)))
        #expect(endOffset(cache, 3, logEndOffset: 20) == EpochEndOffset(epoch: LeaderEpoch(2), endOffset: Offset(17)))
    }

    @Test("an epoch below every cached epoch ends at the first cached start offset")
    func endBelowFirst() {
        let cache = cache([(5, 11), (6, 12), (7, 13)])
        #expect(endOffset(cache, 4, logEndOffset: 20) == EpochEndOffset(epoch: LeaderEpoch(4), endOffset: Offset(11)))
    }

    @Test("an undefined epoch, an epoch above every cached one, and an empty cache answer undefined")
    func undefinedAnswers() {
        let cache = cache([(2, 100)])
        #expect(endOffset(cache, -1, logEndOffset: 120) == .undefined)
        #expect(endOffset(cache, 3, logEndOffset: 120) == .undefined)
        #expect(endOffset(LeaderEpochCache(), 0, logEndOffset: 0) == .undefined)
        #expect(EpochEndOffset.undefined == EpochEndOffset(epoch: LeaderEpoch(-1), endOffset: Offset(-1)))
    }

    @Test("KIP-101: a follower with a longer tail of an old epoch truncates to where the leader's epoch ended")
    func kip101() {
        // The old leader (now follower) wrote offsets 0..<120 in epoch 0; the new leader had
        // only 0..<100 when it took office in epoch 1 and has written up to 150 since.
        let leader = cache([(0, 0), (1, 100)])
        let follower = cache([(0, 0)])
        let answer = endOffset(leader, follower.latestEpoch?.rawValue ?? -1, logEndOffset: 150)
        #expect(answer == EpochEndOffset(epoch: LeaderEpoch(0), endOffset: Offset(100)))
        let own = endOffset(follower, answer.epoch.rawValue, logEndOffset: 120)
        #expect(own.epoch == answer.epoch)
        #expect(min(answer.endOffset, own.endOffset, Offset(120)) == Offset(100))
    }

    @Test("KIP-279: a follower in an epoch the leader never saw walks back epoch by epoch")
    func kip279() {
        // Leader: epochs 0 (from 0), 1 (from 50), 3 (from 80). The follower briefly led epoch 2
        // from 70 and wrote to 90; the leader never saw epoch 2.
        let leader = cache([(0, 0), (1, 50), (3, 80)])
        var follower = cache([(0, 0), (1, 50), (2, 70)])
        let first = endOffset(leader, 2, logEndOffset: 100)
        #expect(first == EpochEndOffset(epoch: LeaderEpoch(1), endOffset: Offset(80)))
        // The follower has epoch 1 too; it ends at 70 locally, so it truncates to min(80, 70).
        let own = endOffset(follower, first.epoch.rawValue, logEndOffset: 90)
        #expect(own == EpochEndOffset(epoch: LeaderEpoch(1), endOffset: Offset(70)))
        let truncationOffset = min(first.endOffset, own.endOffset)
        follower.truncateFromEnd(endOffset: truncationOffset)
        #expect(follower.entries == [entry(0, 0), entry(1, 50)])
    }

    @Test(
        "truncating from the end removes entries starting at or after the end offset",
        arguments: [
            (9, [(2, 6), (3, 8)]), (8, [(2, 6)]), (12, [(2, 6), (3, 8), (4, 11)]), (11, [(2, 6), (3, 8)]),
            (0, []), (-1, [(2, 6), (3, 8), (4, 11)]),
        ] as [(Int64, [(Int32, Int64)])])
    func truncateFromEnd(endOffset: Int64, remaining: [(Int32, Int64)]) {
        var cache = cache([(2, 6), (3, 8), (4, 11)])
        cache.truncateFromEnd(endOffset: Offset(endOffset))
        #expect(cache.entries == remaining.map { entry($0.0, $0.1) })
    }

    @Test(
        "truncating from the start drops ended epochs and moves the surviving first epoch's start",
        arguments: [
            (8, [(3, 8), (4, 11)]), (9, [(3, 9), (4, 11)]), (5, [(2, 6), (3, 8), (4, 11)]),
            (6, [(2, 6), (3, 8), (4, 11)]), (12, [(4, 12)]),
        ] as [(Int64, [(Int32, Int64)])])
    func truncateFromStart(startOffset: Int64, remaining: [(Int32, Int64)]) {
        var cache = cache([(2, 6), (3, 8), (4, 11)])
        cache.truncateFromStart(startOffset: Offset(startOffset))
        #expect(cache.entries == remaining.map { entry($0.0, $0.1) })
        cache.checkInvariants()
    }

    @Test("the epoch of an offset is the epoch of the greatest start offset at or below it")
    func epochForOffset() {
        let cache = cache([(2, 6), (3, 8), (4, 11)])
        #expect(cache.epoch(forOffset: Offset(5)) == nil)
        #expect(cache.epoch(forOffset: Offset(6)) == LeaderEpoch(2))
        #expect(cache.epoch(forOffset: Offset(10)) == LeaderEpoch(3))
        #expect(cache.epoch(forOffset: Offset(500)) == LeaderEpoch(4))
        #expect(cache.previousEpoch(before: LeaderEpoch(4)) == LeaderEpoch(3))
        #expect(cache.nextEpoch(after: LeaderEpoch(2)) == LeaderEpoch(3))
        #expect(cache.nextEpoch(after: LeaderEpoch(4)) == nil)
        #expect(cache.entry(for: LeaderEpoch(3)) == entry(3, 8))
        #expect(cache.entry(for: LeaderEpoch(1)) == nil)
    }

    @Test("restoring from checkpointed entries applies Kafka's assign rules in order")
    func restoring() {
        let restored = LeaderEpochCache(restoring: [entry(1, 0), entry(2, 10), entry(2, 12), entry(3, 9)])
        #expect(restored.entries == [entry(1, 0), entry(3, 9)])
    }
}
