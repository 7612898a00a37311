import KafkaCore

/// What the leader read for one partition of a Fetch, before the fetch session decides whether
/// the fetcher hears of it: a `FetchPartitionResponse` without its topic partition, which the
/// partition's place in the fetch gives.
///
/// An incremental answer leaves out most partitions of its session (an idle follower's
/// `__consumer_offsets` partitions, read on every fetch); reading into this value, and building
/// a `FetchPartitionResponse` only for the partitions that go out, spares the idle ones a
/// retained topic name and a value to build and destroy.
struct FetchPartitionRead {
    var error: KafkaError
    var highWatermark: Offset = .none
    var lastStableOffset: Offset = .none
    var logStartOffset: Offset = .none
    var divergingEpoch: EpochEndOffset?
    var records: [UInt8] = []

    init(
        error: KafkaError, highWatermark: Offset = .none, lastStableOffset: Offset = .none,
        logStartOffset: Offset = .none, divergingEpoch: EpochEndOffset? = nil, records: [UInt8] = []
    ) {
        self.error = error
        self.highWatermark = highWatermark
        self.lastStableOffset = lastStableOffset
        self.logStartOffset = logStartOffset
        self.divergingEpoch = divergingEpoch
        self.records = records
    }

    /// The read an answer describes (its topic partition dropped).
    init(_ answer: FetchPartitionResponse) {
        self.init(
            error: answer.error, highWatermark: answer.highWatermark, lastStableOffset: answer.lastStableOffset,
            logStartOffset: answer.logStartOffset, divergingEpoch: answer.divergingEpoch, records: answer.records)
    }

    /// The answer for `topicPartition`.
    func response(for topicPartition: TopicPartition) -> FetchPartitionResponse {
        FetchPartitionResponse(
            topicPartition, error: error, highWatermark: highWatermark, lastStableOffset: lastStableOffset,
            logStartOffset: logStartOffset, divergingEpoch: divergingEpoch, records: records)
    }
}
