import KafkaCore
import KafkaLog

/// The idempotent producers' state in one partition (Kafka's `ProducerStateManager`): for each
/// producer id, its epoch and its last `batchesToRetain` batches, so that the leader can refuse
/// fenced producers and out-of-order batches, and answer retries with their original offsets.
///
/// The state is a function of the log: `rebuild(from:)` scans it, and keeping it up to date is
/// `record`ing every batch the log appends. How a leader appends a client's batches:
///
///     switch state.check(batches) {
///     case .append:
///         let info = try log.appendAsLeader(batches, leaderEpoch: epoch, now: now)
///         state.recordLeaderAppend(batches, info: info)
///     case .duplicate(let firstOffset, let lastOffset, let timestamp): // answer with these
///     case .reject(let error): // answer with the error, append nothing
///     }
///
/// Followers `record` the batches they fetched; a truncated log is followed by `truncate(to:)`.
/// Batches without a producer id, and control batches (transaction markers, which belong to
/// transactions), are ignored throughout.
///
/// Producers are not expired (Kafka's `producer.id.expiration.ms`): the number of entries is the
/// number of producers that wrote to the partition, and `retainedBatches` bounds each entry.
public struct ProducerStateManager: Hashable, Sendable {
    /// How many batches per producer are remembered for duplicate detection (Kafka's
    /// `NUM_BATCHES_TO_RETAIN`, matching the producer's `max.in.flight.requests.per.connection`).
    public static let batchesToRetain = 5

    /// The entries by ascending producer id (a partition sees a handful of producers).
    ///
    /// A sorted array rather than a dictionary: every appended batch updates its producer's
    /// entry, and updating a dictionary's value in place goes through its `modify` accessors,
    /// whose coroutine frames this toolchain allocates on the heap (three `malloc`s per batch
    /// on every replica: a fifth of all allocations in `flightdeck bench sim`). An array
    /// element is updated in place without any.
    private var entries: [ProducerStateEntry] = []

    /// No producer state, as for an empty log.
    public init() {}

    /// The producer ids with state, ascending.
    public var producerIDs: [Int64] { entries.map(\.producerID) }

    /// The state of `producerID`, `nil` when the partition holds none.
    public func entry(for producerID: Int64) -> ProducerStateEntry? {
        let index = insertionIndex(of: producerID)
        return index < entries.count && entries[index].producerID == producerID ? entries[index] : nil
    }

    /// Every entry, by ascending producer id.
    public var sortedEntries: [ProducerStateEntry] { entries }

    /// Where `producerID`'s entry is, or would go to keep `entries` ascending.
    private func insertionIndex(of producerID: Int64) -> Int {
        OffsetIndex.partitionPoint(entries.count) { entries[$0].producerID >= producerID }
    }

    // MARK: - Leader checks

    /// The verdict on a client's batches for this partition, before a leader appends them,
    /// checking each idempotent batch in order against the state as the earlier ones leave it:
    ///
    /// 1. a retry of a retained batch in the same epoch and with the same sequence range is
    ///    `.duplicate` with that batch's offsets;
    /// 2. an epoch below the producer's is `.reject(.invalidProducerEpoch)`;
    /// 3. in the same epoch the batch must start right after the last sequence (`Int32.max` is
    ///    followed by 0), in a new epoch at 0, else `.reject(.outOfOrderSequenceNumber)`.
    ///
    /// A producer the partition holds no state for may start at any sequence. The first
    /// duplicate or refusal decides for the whole list; otherwise it is `.append`. Only a
    /// leader's appends for clients are checked: followers and recovery take what the log holds.
    public func check(_ batches: [RecordBatch]) -> ProducerAppendCheck {
        var appendInfo = ProducerAppendInfo(stored: self)
        for batch in batches where Self.isProducerData(batch) {
            let verdict = appendInfo.append(batch)
            guard verdict == .append else { return verdict }
        }
        return .append
    }

    /// The verdict on one batch; see `check(_:)` for a list. The same rules as for a list of
    /// one, without the list and the pending positions a longer list needs (the produce path
    /// checks one batch per partition). The producer's entry is read in place, not copied out.
    public func check(_ batch: RecordBatch) -> ProducerAppendCheck {
        guard Self.isProducerData(batch) else { return .append }
        let index = insertionIndex(of: batch.producerID)
        var position: ProducerAppendInfo.Position?
        if index < entries.count && entries[index].producerID == batch.producerID {
            if let original = entries[index].duplicate(of: batch) {
                return .duplicate(
                    firstOffset: original.firstOffset, lastOffset: original.lastOffset, timestamp: original.timestamp)
            }
            position = ProducerAppendInfo.Position(
                producerEpoch: entries[index].producerEpoch, lastSequence: entries[index].lastSequence)
        }
        if let error = ProducerAppendInfo.refusal(of: batch, at: position) { return .reject(error) }
        return .append
    }

    // MARK: - Recording appended batches

    /// Remembers a batch the log now holds, with its final offsets: after a leader's append, a
    /// follower's, or when scanning the log. No checks: the batch is in the log. A batch in
    /// another epoch than the producer's becomes the producer's epoch (as in Kafka, even a lower
    /// one, which only replication could bring).
    public mutating func record(_ batch: RecordBatch) {
        guard Self.isProducerData(batch) else { return }
        record(BatchMetadata(batch), of: batch.producerID)
    }

    private mutating func record(_ metadata: BatchMetadata, of producerID: Int64) {
        let index = insertionIndex(of: producerID)
        if index < entries.count && entries[index].producerID == producerID {
            entries[index].add(metadata)
        } else {
            entries.insert(ProducerStateEntry(producerID: producerID, first: metadata), at: index)
        }
    }

    /// Remembers batches the log now holds, oldest first.
    public mutating func record(_ batches: some Sequence<RecordBatch>) {
        for batch in batches { record(batch) }
    }

    /// Remembers the batches of a leader append as the log stored them: offsets assigned one
    /// after another from `info.firstOffset`, and the append time as `maxTimestamp` on
    /// LogAppendTime topics. `batches` are the ones passed to `appendAsLeader`.
    ///
    /// The metadata is computed for the stored offsets and time (`BatchMetadata(_:firstOffset:
    /// timestamp:)`) rather than read from a stamped copy: stamping the caller's batch, whose
    /// bytes the request still shares, copied all of them on every produce.
    public mutating func recordLeaderAppend(_ batch: RecordBatch, info: LogAppendInfo) {
        precondition(info.batchCount == 1, "1 batch recorded for an append of \(info.batchCount)")
        let nextOffset = recordStored(batch, at: info.firstOffset, appendTime: info.logAppendTime)
        precondition(
            nextOffset == info.lastOffset.advanced(by: 1),
            "batches recorded up to \(nextOffset) for an append ending at \(info.lastOffset)")
    }

    /// `recordLeaderAppend(_:info:)` for batches of one append, in order.
    public mutating func recordLeaderAppend(_ batches: [RecordBatch], info: LogAppendInfo) {
        precondition(
            batches.count == info.batchCount, "\(batches.count) batches recorded for an append of \(info.batchCount)")
        var nextOffset = info.firstOffset
        for batch in batches { nextOffset = recordStored(batch, at: nextOffset, appendTime: info.logAppendTime) }
        precondition(
            nextOffset == info.lastOffset.advanced(by: 1),
            "batches recorded up to \(nextOffset) for an append ending at \(info.lastOffset)")
    }

    /// Remembers `batch` as the log stored it at `firstOffset` (with `appendTime` as its
    /// `maxTimestamp` unless it is `RecordBatch.noTimestamp`); the offset after it.
    private mutating func recordStored(_ batch: RecordBatch, at firstOffset: Offset, appendTime: Int64) -> Offset {
        let nextOffset = firstOffset.advanced(by: Int64(batch.lastOffsetDelta) + 1)
        guard Self.isProducerData(batch) else { return nextOffset }
        let timestamp = appendTime != RecordBatch.noTimestamp ? appendTime : batch.maxTimestamp
        record(BatchMetadata(batch, firstOffset: firstOffset, timestamp: timestamp), of: batch.producerID)
        return nextOffset
    }

    // MARK: - Truncation

    /// Forgets the batches a log truncation to `offset` removed: those whose last offset is at
    /// or above `offset`, as `PartitionLog.truncate(to:)` removes them. A producer left with
    /// older batches goes back to the newest of them, and to its epoch; a producer left with
    /// none is forgotten, so its next batch may carry any sequence.
    ///
    /// Kafka rebuilds the state from the log instead. The result is the same as
    /// `rebuild(from:)` of the truncated log for every producer that lost no batch, and for
    /// every producer whose retained batches reached back to its oldest batch in the log (true
    /// until it has written more than `batchesToRetain` batches). Otherwise this keeps only the
    /// newest part of what a rebuild would retain, and forgets a producer whose retained batches
    /// were all removed although older ones remain: a broker that needs the exact state after
    /// such a truncation calls `rebuild(from:)`.
    public mutating func truncate(to offset: Offset) {
        guard entries.contains(where: { $0.lastOffset >= offset }) else { return }
        entries = entries.compactMap { $0.lastOffset >= offset ? $0.truncated(to: offset) : $0 }
    }

    // MARK: - Invariants

    /// Checks every entry, and that the entries are in ascending producer id order, one per id.
    public func checkInvariants() {
        for (earlier, later) in zip(entries, entries.dropFirst()) {
            precondition(
                earlier.producerID < later.producerID,
                "entries of producers \(earlier.producerID) and \(later.producerID) out of order")
        }
        for entry in entries { entry.checkInvariants() }
    }

    /// Whether `batch` is an idempotent producer's data, the only batches producer state covers.
    static func isProducerData(_ batch: RecordBatch) -> Bool {
        batch.hasProducerID && !batch.isControl
    }
}
