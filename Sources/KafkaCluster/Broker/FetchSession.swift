import KafkaCore
import KafkaLog

/// A leader's incremental fetch session with one fetcher (Kafka's `FetchSession`, KIP-227): the
/// partitions the fetcher follows, in order, with the fetch state it last sent for each and what
/// the leader last told it, so that requests carry only changes and answers only news.
///
/// The epoch is the one the next incremental request must carry: 1 when the session is created,
/// one more after every incremental request accepted.
///
/// A class: every fetch of the session updates it, and a value in the cache's dictionary would
/// copy its arrays on each update (the dictionary still holding the old value).
final class FetchSession {
    let id: Int32
    /// The follower that created the session; `nil` for a consumer.
    let replicaID: BrokerID?
    var epoch: Int32
    let creationTime: Instant
    var lastUsedTime: Instant
    /// The fetch state of every partition, in session order: what an incremental fetch reads.
    /// Partitions that return records move to the end, so that `fetch.max.bytes` goes round the
    /// partitions fairly.
    private(set) var fetches: [FetchPartition]
    /// What was last sent for each partition, parallel to `fetches`.
    private(set) var cached: [CachedPartition]
    /// This broker's replica of each partition, parallel to `fetches`: every fetch reads every
    /// partition of the session.
    private var resolved = ResolvedReplicas()
    /// What the last read of each partition found when it was caught up, parallel to `fetches`
    /// (see `FetchReadMemo`); `Broker.serveFetch` takes them for the length of a read. A memo
    /// whose partition's fetch state changes is marked stale (`update`), so that a read of the
    /// session's own fetches matches memos without comparing fetch states.
    private var memos: [FetchReadMemo]
    /// Set when a fetch state changed while the memos were taken: their return then drops them.
    private var memosOutdated = false
    /// What serves of the session's own fetches found silent (see `knownSilent(at:)`).
    private var silent = SilentPartitions()
    /// The follower's quiet fetches of the partitions its memos skip (see `QuietFetchClock`).
    let quietFetches = QuietFetchClock()
    /// Whether the session is in its cache: `false` once it left (closed, emptied or evicted),
    /// and it never comes back (`FetchSessionCache.filed`).
    var isCached = true

    init(id: Int32, replicaID: BrokerID?, fetches: [FetchPartition], cached: [CachedPartition], now: Instant) {
        precondition(fetches.count == cached.count, "fetch session \(id): \(fetches.count) vs \(cached.count)")
        self.id = id
        self.replicaID = replicaID
        self.fetches = fetches
        self.cached = cached
        memos = Array(repeating: FetchReadMemo(), count: fetches.count)
        epoch = FetchMetadata.nextEpoch(after: FetchMetadata.initialEpoch)
        creationTime = now
        lastUsedTime = now
    }

    /// Follower sessions are privileged: only they may evict a recently created session.
    var privileged: Bool { replicaID != nil }

    var isEmpty: Bool { fetches.isEmpty }

    /// The replicas of `fetches` in `table`, resolved again only when the table or the
    /// session's partitions changed since the last call.
    func replicas(in table: PartitionTable) -> [Partition?] {
        resolved.replicas(of: fetches, in: table) { $0.topicPartition }
    }

    /// `replicas(in:)` of a table at `generation` when it needs no lookup, else `nil`.
    func replicas(at generation: UInt64) -> [Partition?]? {
        resolved.replicas(at: generation, count: fetches.count)
    }

    /// The read memos, parallel to `fetches`, left empty until `restoreMemos` gives them back:
    /// the reader changes them in place (a read nested in another of the same session finds
    /// none and reads in full).
    func takeMemos() -> [FetchReadMemo] {
        var taken: [FetchReadMemo] = []
        swap(&taken, &memos)
        return taken
    }

    /// The read memos as they are, parallel to `fetches` (none while they are taken): a copy of
    /// the array, which a loop over it reads without an exclusivity check per memo.
    var readMemos: [FetchReadMemo] { memos }

    /// How many read memos the session holds (none while they are taken).
    var memoCount: Int { memos.count }

    /// Whether the memo at `index` (below `memoCount`) finds `partition` caught up as its read
    /// did, for the session's own fetch state when `own`, else for `fetches[index]` (see
    /// `FetchReadMemo.matches`): read in place, where a copy of the memos was a retain and a
    /// release per look.
    @inline(__always)
    func memoMatches(_ index: Int, _ partition: Partition, own: Bool, in fetches: [FetchPartition]) -> Bool {
        own ? memos[index].matches(partition) : memos[index].matches(partition, fetches[index])
    }

    /// Gives back the memos `takeMemos` took; memos that no longer line up with `fetches`, or
    /// that missed a fetch state change while taken, are dropped (which only costs full reads).
    func restoreMemos(_ taken: consuming [FetchReadMemo]) {
        // Swapped in: an assignment retained the memos and released the argument.
        var taken = taken
        swap(&memos, &taken)
        if memos.count != fetches.count || memosOutdated {
            memos = Array(repeating: FetchReadMemo(), count: fetches.count)
            memosOutdated = false
            silent.forget()
        }
    }

    /// The positions (of the first 64) that a serve of the session's own fetches, with the
    /// partition table at `generation`, finds silent without looking at them: those an earlier
    /// such serve found silent (`foundSilent`: the last one that found any it did not know),
    /// whose topics changed nowhere since.
    ///
    /// A silent partition (see `Broker.serveFetch`) is one whose memo matches and whose session
    /// already told the fetcher its high watermark and log start offset. That verdict depends on
    /// the replica (the table's, at `generation`, in session order), the partition's and its
    /// log's stamps (which bump their topic's `ChangeSignal`), the memo, which only a read of the
    /// partition or a new fetch state changes, and what the session told, which only an answer
    /// with the partition's read changes: a silent partition is not read while its stamps hold,
    /// and a new fetch state, a reorder or dropped memos here drop the verdict.
    func knownSilent(at generation: UInt64) -> UInt64 {
        silent.known(at: generation)
    }

    /// Notes the positions a serve of the session's own fetches found silent, before it read or
    /// changed anything, among `replicas`, the table's at `generation`.
    func foundSilent(_ positions: UInt64, in replicas: [Partition?], generation: UInt64) {
        silent.found(positions, in: replicas, generation: generation)
    }

    /// Drops what `foundSilent` noted: a serve of other fetches than the session's own may read
    /// and rewrite any memo.
    func forgetSilent() {
        silent.forget()
    }

    /// Whether the session's last answer told the fetcher, for the partition at `index`, what a
    /// read at `highWatermark` and `logStartOffset` would (`CachedPartition.hasTold`): read in
    /// place, where a serve's copy of `cached` was a retain and a release per serve.
    @inline(__always)
    func hasTold(_ index: Int, highWatermark: Offset, logStartOffset: Offset) -> Bool {
        cached[index].hasTold(highWatermark: highWatermark, logStartOffset: logStartOffset)
    }

    /// Kafka's `FetchSession.update`: partitions of an incremental request are added or take
    /// their new fetch state; forgotten ones leave (and their remotes the session's clock).
    /// Partitions the request omits keep their state, which is how the leader still knows every
    /// follower's fetch offset.
    ///
    /// One addition to Kafka: a new `currentLeaderEpoch` forgets the high watermark sent. A
    /// follower ignores an answer that arrives after its partition moved to a new epoch, so the
    /// high watermark it carried may never have been applied; the next answer resends it.
    func update(_ changed: [FetchPartition], forgetting forgotten: [TopicPartition]) {
        for topicPartition in forgotten {
            guard let index = fetches.firstIndex(where: { $0.topicPartition == topicPartition }) else { continue }
            fetches.remove(at: index)
            cached.remove(at: index)
            if index < memos.count { memos.remove(at: index).leaveQuiet(replicaID, quietFetches) }
            resolved.invalidate()
            silent.forget()
        }
        // The changed fetches are read in place by index: `for fetch in changed` copied each one
        // out, topic name and all.
        for position in changed.indices {
            // Searched from the end: the partitions a request changes are mostly those the last
            // answer returned records for, which moved last.
            if let index = fetches.lastIndex(where: { $0.topicPartition == changed[position].topicPartition }) {
                let newEpoch = changed[position].currentLeaderEpoch != fetches[index].currentLeaderEpoch
                if newEpoch { cached[index].highWatermark = .none }
                // A memo of the old state matches no more (`FetchReadMemo.matches(_:)`).
                if newEpoch || changed[position].fetchOffset != fetches[index].fetchOffset
                    || changed[position].lastFetchedEpoch != fetches[index].lastFetchedEpoch
                {
                    if index < memos.count { memos[index].fetchStateChanged() } else { memosOutdated = true }
                    silent.drop(index)
                }
                fetches[index].takeState(of: changed, at: position)
            } else {
                fetches.append(changed[position])
                cached.append(CachedPartition())
                memos.append(FetchReadMemo())
                resolved.invalidate()
                silent.forget()
            }
        }
    }

    /// Kafka's `IncrementalFetchContext.updateAndGenerateResponseData`: the answers that must go
    /// out (built only for those), remembering what they tell, and moves the partitions that
    /// returned records to the end of the session. `reads` cover the session's partitions in
    /// order; a partition the serve skipped has no read (its answer would be left out, and
    /// change nothing: see `CachedPartition.hasTold`).
    func incrementalAnswers(_ reads: FetchReads) -> [FetchPartitionResponse] {
        precondition(
            reads.count == fetches.count, "fetch session \(id): \(reads.count) answers for \(fetches.count) partitions")
        // Local arrays: in the loop, each access to the class's own would be an exclusivity check.
        // The cached states are swapped out and back (a copy and a reset retained and released).
        var cached: [CachedPartition] = []
        swap(&cached, &self.cached)
        let fetches = self.fetches
        let records = reads.records
        var kept: [FetchPartitionResponse] = []
        // Room for every partition read at once: grown one append at a time, the answer of a
        // session's three partitions took three allocations (a sixth of a fetch path's mallocs).
        kept.reserveCapacity(reads.reads.count)
        var next = 0
        reads.reads.withUnsafeBufferPointer { reads in
            for read in reads {
                let index = Int(read.position)
                guard cached[index].mustRespond(read) else { continue }
                while next < records.count && records[next].index < index { next += 1 }
                if next < records.count && records[next].index == index {
                    kept.append(read.response(for: fetches[index].topicPartition, records: records[next].bytes))
                } else {
                    kept.append(read.response(for: fetches[index].topicPartition))
                }
            }
        }
        swap(&cached, &self.cached)
        if records.count == 1 {
            moveToEnd(records[0].index)
        } else if let first = records.first, first.index != fetches.count - records.count {
            // Unless they already are the last ones (their positions ascend): no array of them.
            moveToEnd(records.map(\.index))
        }
        return kept
    }

    /// Moves the partition at `index` to the end, the usual case (one partition got records):
    /// shifted in place, nothing allocated.
    private func moveToEnd(_ index: Int) {
        guard index != fetches.count - 1 else { return }
        fetches.append(fetches.remove(at: index))
        cached.append(cached.remove(at: index))
        if index < memos.count { memos.append(memos.remove(at: index)) }
        resolved.moveToEnd(index)
        silent.moveToEnd(index)
    }

    /// Moves the partitions at `indices` (ascending, more than one, not already the last ones)
    /// to the end, keeping their order.
    private func moveToEnd(_ indices: [Int]) {
        var moving = [Bool](repeating: false, count: fetches.count)
        for index in indices { moving[index] = true }
        let order = fetches.indices.filter { !moving[$0] } + indices
        fetches = order.map { fetches[$0] }
        cached = order.map { cached[$0] }
        if memos.count == order.count { memos = order.map { memos[$0] } }
        resolved.reorder(order)
        silent.forget()
    }
}

extension FetchPartition {
    /// Takes every field of `fetches[index]`, a fetch of the same topic partition, but the
    /// topic partition: a session's new fetch state is written in place, and the fields are
    /// read in place, where assigning the whole fetch retained the new topic name and released
    /// the old one. (Debug builds check that the result equals that fetch, so that a field
    /// added to the fetch cannot be left behind.)
    fileprivate mutating func takeState(of fetches: [FetchPartition], at index: Int) {
        currentLeaderEpoch = fetches[index].currentLeaderEpoch
        fetchOffset = fetches[index].fetchOffset
        lastFetchedEpoch = fetches[index].lastFetchedEpoch
        logStartOffset = fetches[index].logStartOffset
        partitionMaxBytes = fetches[index].partitionMaxBytes
        assert(self == fetches[index], "fetch state \(self) taken from \(fetches[index])")
    }
}
