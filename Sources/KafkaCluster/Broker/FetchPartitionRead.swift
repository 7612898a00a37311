import KafkaCore

/// What the leader read for one partition of a Fetch, before the fetch session decides whether
/// the fetcher hears of it: a `FetchPartitionResponse` without its topic partition, which the
/// partition's place in the fetch gives, and without its records, which `FetchReads` keeps
/// aside for the few partitions that have some.
///
/// An incremental answer leaves out most partitions of its session (an idle follower's
/// `__consumer_offsets` partitions, read on every fetch). This value holds no reference, so
/// reading a session's partitions into an array of them copies plain words: no retain or
/// release per partition, and no topic name.
struct FetchPartitionRead {
    var error: KafkaError
    var highWatermark: Offset = .none
    var lastStableOffset: Offset = .none
    var logStartOffset: Offset = .none
    var divergingEpoch: EpochEndOffset?
    /// Whether the read returned records (kept in `FetchReads.records`).
    var hasRecords = false

    init(
        error: KafkaError, highWatermark: Offset = .none, lastStableOffset: Offset = .none,
        logStartOffset: Offset = .none, divergingEpoch: EpochEndOffset? = nil, hasRecords: Bool = false
    ) {
        self.error = error
        self.highWatermark = highWatermark
        self.lastStableOffset = lastStableOffset
        self.logStartOffset = logStartOffset
        self.divergingEpoch = divergingEpoch
        self.hasRecords = hasRecords
    }

    /// The answer for `topicPartition`, with `records`.
    func response(for topicPartition: TopicPartition, records: [UInt8] = []) -> FetchPartitionResponse {
        FetchPartitionResponse(
            topicPartition, error: error, highWatermark: highWatermark, lastStableOffset: lastStableOffset,
            logStartOffset: logStartOffset, divergingEpoch: divergingEpoch, records: records)
    }
}

/// The reads of every partition of one Fetch, in fetch order: one `FetchPartitionRead` per
/// partition, and the records of those that returned some (usually none or a few), by position.
struct FetchReads {
    private(set) var reads: [FetchPartitionRead] = []
    /// The positions in `reads` with records, ascending, and their records.
    private(set) var records: [(index: Int, bytes: [UInt8])] = []

    init(capacity: Int = 0) {
        reads.reserveCapacity(capacity)
    }

    /// The reads whole answers describe (their topic partitions dropped).
    init(_ answers: [FetchPartitionResponse]) {
        reads.reserveCapacity(answers.count)
        for answer in answers {
            append(
                FetchPartitionRead(
                    error: answer.error, highWatermark: answer.highWatermark,
                    lastStableOffset: answer.lastStableOffset, logStartOffset: answer.logStartOffset,
                    divergingEpoch: answer.divergingEpoch),
                records: answer.records)
        }
    }

    var count: Int { reads.count }

    /// Empties the reads for another fetch of up to `capacity` partitions, keeping the storage
    /// (see `Broker.spareFetchReads`).
    mutating func reset(capacity: Int) {
        reads.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        reads.reserveCapacity(capacity)
    }

    /// Appends the next partition's read; non-empty `records` are kept with it.
    @inline(__always)
    mutating func append(_ read: FetchPartitionRead, records: consuming [UInt8] = []) {
        let hasRecords = !records.isEmpty
        if hasRecords { self.records.append((reads.count, records)) }
        reads.append(
            FetchPartitionRead(
                error: read.error, highWatermark: read.highWatermark, lastStableOffset: read.lastStableOffset,
                logStartOffset: read.logStartOffset, divergingEpoch: read.divergingEpoch, hasRecords: hasRecords))
    }

    /// Every answer, in order, for the partitions `fetched` (in the same order).
    func responses(for fetched: [FetchPartition]) -> [FetchPartitionResponse] {
        precondition(fetched.count == reads.count, "\(reads.count) reads for \(fetched.count) partitions")
        var answers: [FetchPartitionResponse] = []
        answers.reserveCapacity(reads.count)
        var next = 0
        for index in reads.indices {
            if next < records.count && records[next].index == index {
                answers.append(reads[index].response(for: fetched[index].topicPartition, records: records[next].bytes))
                next += 1
            } else {
                answers.append(reads[index].response(for: fetched[index].topicPartition))
            }
        }
        return answers
    }
}
