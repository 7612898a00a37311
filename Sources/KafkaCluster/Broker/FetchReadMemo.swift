import KafkaCore

/// What a leader's fetch session remembers of its last read of one partition, so that the next
/// read of an unchanged partition skips the checks and the log (`Broker.serveFetch`).
///
/// Kafka reads every partition of a session on every fetch (and a parked fetch again when it
/// completes), then leaves out of the answer those with nothing new
/// (`IncrementalFetchContext.updateAndGenerateResponseData`). Most of them are idle (a follower's
/// `__consumer_offsets` partitions): the read finds the fetcher at its end, with nothing to send.
/// Such a read depends only on the fetch state (offset, epochs), on the partition's fields and on
/// the log's end, start, epochs and offline state; both objects bump a `changeStamp` whenever
/// any of those change. A memo holds the stamps from before a read that found the partition
/// caught up: while the same replica, the same fetch state and the same stamps hold, the same
/// read finds it caught up again, with no error and no divergence. The skip then does what that
/// read does after its checks (the follower's fetch state, the answer from the current high
/// watermark and log start offset), so answers and side effects are those of the full read. For
/// a follower's remote replica on the session's `QuietFetchClock` (`isQuiet`), the clock's
/// advance at the end of the serve sets the follower's fetch state, not the skip.
///
/// Each memo checks itself against the replica it is used for, and against the fetch state
/// either by comparing it (`matches(_:_:)`) or, for a read of its session's own fetches, by the
/// session marking it stale whenever that state changes (`matches(_:)`), so a memo read for
/// another partition or a stale fetch state (a parked fetch of an older epoch of the session)
/// is never taken for this one; an unmatched memo only costs the full read.
struct FetchReadMemo {
    /// The replica read, held so that a freed partition's address cannot match a new one.
    private var partition: Partition?
    private var partitionStamp: UInt64 = 0
    private var logStamp: UInt64 = 0
    private var fetchOffset: Offset = .none
    private var currentLeaderEpoch: LeaderEpoch?
    private var lastFetchedEpoch: LeaderEpoch?
    /// Set when the session took a new fetch state for the partition after the read
    /// (`FetchSession.update`), or when the read was of fetches not the session's own
    /// (`Broker.serveFetch`): the memo then matches no fetch, whichever is compared.
    private var isStale = false
    /// The log's end and start offsets (read after the read, and equal to those before it
    /// whenever the memo matches, since the log's stamp then held): read from here, the skip
    /// makes no call into the log.
    private(set) var logEndOffset: Offset = .none
    private(set) var logStartOffset: Offset = .none
    /// Whether the fetcher was in the partition's committed ISR (which the partition's stamp
    /// covers): then the skip need not look at the ISR for `maybeExpandIsr`.
    private(set) var inIsr = false
    /// Whether the follower's remote replica joined the session's `QuietFetchClock` after the
    /// read: then the skip leaves the remote alone, and the clock's advance is its fetch.
    private(set) var isQuiet = false

    /// No memo: the next read is a full one.
    init() {}

    /// A read of `partition` for `fetch` that found it caught up, where the stamps were
    /// `partitionStamp` and `logStamp` before the read (after it, the read's own side effects
    /// may have bumped them, and then the memo no longer matches), the fetcher's ISR
    /// membership was `inIsr`, and its remote replica joined the session's clock if `isQuiet`.
    /// (`fetch` is borrowed: an initializer's arguments are otherwise copied in, topic name and
    /// all.)
    init(
        _ partition: Partition, _ fetch: borrowing FetchPartition, partitionStamp: UInt64, logStamp: UInt64,
        inIsr: Bool, isQuiet: Bool = false
    ) {
        record(
            partition, fetchOffset: fetch.fetchOffset, currentLeaderEpoch: fetch.currentLeaderEpoch,
            lastFetchedEpoch: fetch.lastFetchedEpoch, partitionStamp: partitionStamp, logStamp: logStamp,
            inIsr: inIsr, isQuiet: isQuiet)
    }

    /// Becomes `init(_:_:partitionStamp:logStamp:inIsr:isQuiet:)`'s memo for `fetches[index]`,
    /// in place: a session's memo of a partition is mostly replaced by another of the same
    /// replica, which is then neither retained nor released, where assigning a new memo copied
    /// one in and destroyed the old one. The fetch's fields are read in place (the fetch passed
    /// alone was copied out of its array, topic name and all).
    mutating func record(
        _ partition: Partition, _ fetches: [FetchPartition], at index: Int, partitionStamp: UInt64, logStamp: UInt64,
        inIsr: Bool, isQuiet: Bool = false
    ) {
        record(
            partition, fetchOffset: fetches[index].fetchOffset, currentLeaderEpoch: fetches[index].currentLeaderEpoch,
            lastFetchedEpoch: fetches[index].lastFetchedEpoch, partitionStamp: partitionStamp, logStamp: logStamp,
            inIsr: inIsr, isQuiet: isQuiet)
    }

    @inline(__always)
    private mutating func record(
        _ partition: Partition, fetchOffset: Offset, currentLeaderEpoch: LeaderEpoch?, lastFetchedEpoch: LeaderEpoch?,
        partitionStamp: UInt64, logStamp: UInt64, inIsr: Bool, isQuiet: Bool
    ) {
        if self.partition !== partition { self.partition = partition }
        self.inIsr = inIsr
        self.isQuiet = isQuiet
        logEndOffset = partition.log.logEndOffset
        logStartOffset = partition.log.logStartOffset
        self.partitionStamp = partitionStamp
        self.logStamp = logStamp
        self.fetchOffset = fetchOffset
        self.currentLeaderEpoch = currentLeaderEpoch
        self.lastFetchedEpoch = lastFetchedEpoch
        isStale = false
    }

    /// No later read may take the memo (see `isStale`). The replica and the quiet flag stay,
    /// for `leaveQuiet`.
    mutating func fetchStateChanged() {
        isStale = true
    }

    /// Takes `replica`'s remote off `clock` when the memo's partition leaves the session (the
    /// clock's advances are no longer fetches of it).
    func leaveQuiet(_ replica: BrokerID?, _ clock: QuietFetchClock) {
        guard isQuiet, let replica, let state = partition?.leaderState else { return }
        state.leaveQuiet(replica, clock)
    }

    /// Whether reading `partition` for `fetch` now finds it caught up as the memo's read did.
    @inline(__always)
    func matches(_ partition: Partition, _ fetch: FetchPartition) -> Bool {
        matches(partition) && fetchOffset == fetch.fetchOffset && currentLeaderEpoch == fetch.currentLeaderEpoch
            && lastFetchedEpoch == fetch.lastFetchedEpoch
    }

    /// `matches(partition, fetch)` for the fetch state the memo's session holds now, without
    /// comparing it: the session marks the memo stale whenever that state changes (see
    /// `isStale`), so while it is not, the state is the one read. Only for a read of the
    /// session's own fetches (`FetchSession.fetches` at its current epoch, which no other
    /// update or reorder comes between): the comparison of the three fields, optionals among
    /// them, was a third of the cost of passing over an idle partition.
    @inline(__always)
    func matches(_ partition: Partition) -> Bool {
        self.partition === partition && partitionStamp == partition.changeStamp
            && logStamp == partition.log.changeStamp && !isStale
    }
}
