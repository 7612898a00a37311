import KafkaCore

/// What a leader last told a fetcher about one partition of a fetch session (the response half
/// of Kafka's `CachedPartition`; the request half, the fetcher's last fetch state, sits next to
/// it in `FetchSession.fetches`), so that an incremental answer can leave out a partition with
/// nothing new.
struct CachedPartition: Hashable, Sendable {
    /// The high watermark last sent; `.none` (Kafka's `INVALID_HIGH_WATERMARK`) until one is
    /// sent and after an error, so that the next answer goes out whatever it holds.
    var highWatermark: Offset = .none
    var lastStableOffset: Offset = .none
    /// The leader's log start offset last sent.
    var logStartOffset: Offset = .none

    /// A partition added by an incremental fetch: its first answer is always sent.
    init() {}

    /// A partition of a full fetch that created the session, with the answer it got.
    init(answered answer: FetchPartitionRead) {
        _ = mustRespond(answer)
    }

    /// Whether the fetcher was last told what a read with no error, no records and no
    /// divergence, at `highWatermark` (its last stable offset too) and `logStartOffset`, would
    /// tell: then `mustRespond` would leave that read out and remember nothing new, so a serve
    /// may skip it (`Broker.serveFetch`).
    @inline(__always)
    func hasTold(highWatermark: Offset, logStartOffset: Offset) -> Bool {
        self.highWatermark == highWatermark && lastStableOffset == highWatermark
            && self.logStartOffset == logStartOffset
    }

    /// Kafka's `maybeUpdateResponseData`: whether `answer` must go to the fetcher (records, a
    /// new high watermark, last stable offset or log start offset, an error, a diverging epoch),
    /// remembering what it tells.
    mutating func mustRespond(_ answer: FetchPartitionRead) -> Bool {
        var must = answer.hasRecords || answer.divergingEpoch != nil
        if highWatermark != answer.highWatermark {
            must = true
            highWatermark = answer.highWatermark
        }
        if lastStableOffset != answer.lastStableOffset {
            must = true
            lastStableOffset = answer.lastStableOffset
        }
        if logStartOffset != answer.logStartOffset {
            must = true
            logStartOffset = answer.logStartOffset
        }
        if answer.error != .none {
            // Errors always go out; when the error clears, the next answer must go out too.
            highWatermark = .none
            must = true
        }
        return must
    }
}
