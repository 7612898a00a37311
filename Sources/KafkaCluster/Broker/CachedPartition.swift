import KafkaCore

/// One partition of a leader's fetch session (Kafka's `CachedPartition`): what the fetcher last
/// asked for, and what the leader last told it, so that an incremental answer can leave out a
/// partition with nothing new.
struct CachedPartition: Sendable {
    /// The fetch state the fetcher last sent (fetch offset, log start offset, epochs, max bytes).
    var fetch: FetchPartition
    /// The high watermark last sent; `.none` (Kafka's `INVALID_HIGH_WATERMARK`) until one is
    /// sent and after an error, so that the next answer goes out whatever it holds.
    var highWatermark: Offset = .none
    var lastStableOffset: Offset = .none
    /// The leader's log start offset last sent.
    var logStartOffset: Offset = .none

    var topicPartition: TopicPartition { fetch.topicPartition }

    /// A partition added by an incremental fetch: its first answer is always sent.
    init(_ fetch: FetchPartition) {
        self.fetch = fetch
    }

    /// A partition of a full fetch that created the session, with the answer it got.
    init(_ fetch: FetchPartition, answered answer: FetchPartitionResponse) {
        self.fetch = fetch
        _ = mustRespond(answer)
    }

    /// Kafka's `updateRequestParams`: the fetcher's new fetch state.
    ///
    /// One addition to Kafka: a new `currentLeaderEpoch` forgets the high watermark sent. A
    /// follower ignores an answer that arrives after its partition moved to a new epoch, so the
    /// high watermark it carried may never have been applied; the next answer resends it.
    mutating func update(_ newFetch: FetchPartition) {
        if newFetch.currentLeaderEpoch != fetch.currentLeaderEpoch { highWatermark = .none }
        fetch = newFetch
    }

    /// Kafka's `maybeUpdateResponseData`: whether `answer` must go to the fetcher (records, a
    /// new high watermark, last stable offset or log start offset, an error, a diverging epoch),
    /// remembering what it tells.
    mutating func mustRespond(_ answer: FetchPartitionResponse) -> Bool {
        var must = !answer.records.isEmpty || answer.divergingEpoch != nil
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
