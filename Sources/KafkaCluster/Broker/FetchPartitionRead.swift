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
    /// The partition's position in the fetch, which `FetchReads.append` sets (declared next to
    /// `error`, it takes no room of its own).
    var position: Int32 = 0
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

/// The reads of the partitions of one Fetch, in fetch order: one `FetchPartitionRead` per
/// partition read, and the records of those that returned some (usually none or a few), by
/// position in the fetch.
///
/// An incremental serve reads only the partitions whose answer may tell the fetcher something:
/// a partition it skips (`skip`), caught up and unchanged since its session last told the
/// fetcher everything the read would say, has no read here, since the session's answer would
/// leave it out and note nothing of it (see `Broker.serveFetch`). Every other fetch reads all.
struct FetchReads {
    /// The reads made, in fetch order, each with its partition's position in the fetch.
    private(set) var reads: [FetchPartitionRead] = []
    /// The positions in the fetch with records, ascending, and their records.
    private(set) var records: [(index: Int, bytes: [UInt8])] = []
    /// How many of the fetch's partitions, from the first, were read or skipped.
    private(set) var count = 0

    /// Reads of a fetch of up to `capacity` partitions; with none, no storage (reserving none
    /// still cost a call into the array's buffer code on every serve).
    init(capacity: Int = 0) {
        if capacity > 0 { reads.reserveCapacity(capacity) }
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

    /// Empties the reads for another fetch of up to `capacity` partitions, keeping the storage
    /// (see `Broker.spareFetchReads`).
    mutating func reset(capacity: Int) {
        // Emptied one element at a time: an incremental serve leaves a few reads (its skipped
        // partitions none), and `removeAll(keepingCapacity:)` costs more than a dozen `popLast`s.
        while reads.popLast() != nil {}
        while records.popLast() != nil {}
        count = 0
        // Asked only when short: `reserveCapacity` is a call into the array's buffer code even
        // when the storage kept is large enough, the usual case.
        if reads.capacity < capacity { reads.reserveCapacity(capacity) }
    }

    /// Appends the next partition's read; non-empty `records` are kept with it.
    @inline(__always)
    mutating func append(_ read: FetchPartitionRead, records: consuming [UInt8] = []) {
        let hasRecords = !records.isEmpty
        if hasRecords { self.records.append((count, consume records)) }
        var read = FetchPartitionRead(
            error: read.error, highWatermark: read.highWatermark, lastStableOffset: read.lastStableOffset,
            logStartOffset: read.logStartOffset, divergingEpoch: read.divergingEpoch, hasRecords: hasRecords)
        read.position = Int32(count)
        reads.append(read)
        count += 1
    }

    /// Passes over the next `partitions` without a read: an incremental serve's caught-up,
    /// unchanged partitions whose session's answer would leave them out (see the type).
    @inline(__always)
    mutating func skip(_ partitions: Int) {
        count += partitions
    }

    /// Every answer, in order, for the partitions `fetched` (in the same order), every one read.
    func responses(for fetched: [FetchPartition]) -> [FetchPartitionResponse] {
        precondition(
            fetched.count == count && reads.count == count, "\(reads.count) reads for \(fetched.count) partitions")
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
