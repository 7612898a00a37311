import KafkaCore

/// One assigned partition as the consumer tracks it (Kafka's `SubscriptionState.TopicPartitionState`
/// plus its completed fetch).
///
/// | fetch state | event | next |
/// |---|---|---|
/// | awaitingCommitted | OffsetFetch finds a committed offset | fetching, position = committed |
/// | awaitingCommitted | none committed (or no group) | awaitingReset |
/// | awaitingReset | ListOffsets answers | fetching, position = that offset |
/// | awaitingReset | `auto.offset.reset=none` | resetFailed (poll throws) |
/// | fetching | OFFSET_OUT_OF_RANGE | awaitingReset |
/// | any | `seek` | fetching |
public struct ConsumerPartitionState: Hashable, Sendable {
    public enum FetchState: Hashable, Sendable {
        case awaitingCommitted
        case awaitingReset
        case resetFailed
        case fetching
    }

    public internal(set) var fetchState = FetchState.awaitingCommitted
    /// The next offset `poll` returns; nil until OffsetFetch or a reset sets it.
    public internal(set) var position: Offset?
    /// The leader epoch of the last record returned, `.none` before any.
    public internal(set) var lastConsumedEpoch = LeaderEpoch.none
    /// From the latest fetch answer.
    public internal(set) var highWatermark: Offset?
    public internal(set) var lastStableOffset: Offset?
    public internal(set) var logStartOffset: Offset?
    /// `pause(_:)`: kept assigned but not fetched, and its buffered records are held back.
    public internal(set) var isPaused = false
    /// Records fetched, in offset order, in chunks of at most `max.poll.records` (none empty,
    /// each indexed from 0), so that `poll` hands a whole chunk over instead of copying its
    /// records. Empty (and `bufferedStart` 0) once all are returned.
    var buffered: [FetchedRecords] = []
    /// The next record to return in the first chunk: a partial drain moves this index instead
    /// of removing records from the front, which would shift the rest.
    var bufferedStart = 0
    /// Where the position goes once `buffered` is drained: past the last fetched batch.
    var bufferEnd: Offset?
    /// The fetch request in flight for this partition, and the position it was sent at.
    var fetchInFlight: UInt64?
    var fetchedAt: Offset?
    /// The ListOffsets request in flight for a reset.
    var resetInFlight: UInt64?
    /// No fetch, reset or offset lookup before this instant (after an error).
    var retryAt: Instant?

    init() {}

    /// Records buffered and not yet returned.
    public var bufferedCount: Int { buffered.reduce(0) { $0 + $1.count } - bufferedStart }

    /// `records-lag`: the high watermark (or last stable offset) from the latest fetch minus the
    /// position; nil until both are known.
    public func lag(isolationLevel: IsolationLevel) -> Int64? {
        let end = isolationLevel == .readCommitted ? lastStableOffset : highWatermark
        guard let end, let position else { return nil }
        return max(0, end.rawValue - position.rawValue)
    }

    /// Whether a fetch may go out for it now.
    var isFetchable: Bool {
        fetchState == .fetching && position != nil && !isPaused && buffered.isEmpty && bufferEnd == nil
            && fetchInFlight == nil && retryAt == nil
    }

    /// Whether a ListOffsets request for a reset may go out for it now.
    var isAwaitingResetRequest: Bool { fetchState == .awaitingReset && resetInFlight == nil && retryAt == nil }

    /// Forgets buffered records and any answer in flight (seek, reset, revocation).
    mutating func clearFetch() {
        buffered.removeAll()
        bufferedStart = 0
        bufferEnd = nil
        fetchInFlight = nil
        fetchedAt = nil
        resetInFlight = nil
    }

    /// Sets a new position and starts fetching from it.
    mutating func seek(to offset: Offset) {
        clearFetch()
        position = offset
        fetchState = .fetching
    }

    /// Takes up to `limit` buffered records and advances the position past them (and past the
    /// whole fetched range once the buffer is empty). The records are handed over as slices of
    /// the buffered chunks, appended to `slices`: none is copied, even when a chunk is taken in
    /// part. Returns the records taken.
    mutating func drain(limit: Int, into slices: inout [FetchedRecords]) -> Int {
        var taken = 0
        var last: (offset: Offset, leaderEpoch: LeaderEpoch)?
        while taken < limit, let first = buffered.first {
            let end = min(first.count, bufferedStart + limit - taken)
            if end > bufferedStart {
                slices.append(first[bufferedStart..<end])
                taken += end - bufferedStart
                last = (first.offset(at: end - 1), first.leaderEpoch(at: end - 1))
            }
            bufferedStart = end
            if bufferedStart == first.count {
                buffered.removeFirst()
                bufferedStart = 0
            }
        }
        if let last {
            position = Offset(last.offset.rawValue + 1)
            lastConsumedEpoch = last.leaderEpoch
        }
        if buffered.isEmpty, let end = bufferEnd {
            if let current = position, end > current { position = end }
            bufferEnd = nil
        }
        return taken
    }

    func checkInvariants(_ topicPartition: TopicPartition) {
        precondition(
            bufferedStart < (buffered.first?.count ?? 0) || (buffered.isEmpty && bufferedStart == 0),
            "\(topicPartition): buffered start \(bufferedStart) of \(buffered.first?.count ?? 0) records")
        precondition(buffered.allSatisfy { !$0.isEmpty }, "\(topicPartition): an empty buffered chunk")
        precondition(
            buffered.allSatisfy { $0.startIndex == 0 && $0.topicPartition == topicPartition },
            "\(topicPartition): a buffered chunk not indexed from 0, or of another partition")
        let pending = buffered.indices.flatMap { chunk in
            let records = buffered[chunk]
            return ((chunk == 0 ? bufferedStart : 0)..<records.endIndex).map(records.offset(at:))
        }
        if let position, let first = pending.first {
            precondition(first >= position, "\(topicPartition): buffered \(first) below position \(position)")
        }
        precondition(
            buffered.isEmpty || fetchState == .fetching, "\(topicPartition): records buffered in \(fetchState)")
        for (earlier, later) in zip(pending, pending.dropFirst()) {
            precondition(earlier < later, "\(topicPartition): buffer out of order at \(later)")
        }
    }
}
