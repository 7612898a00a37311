import KafkaCore

/// Kafka's producer as a state machine (`KafkaProducer` + `RecordAccumulator` + `Sender` +
/// the idempotent half of `TransactionManager`): records go in with `send`, requests come out
/// of `takeCalls()`, answers go back in with `handle`, and completed records come out of
/// `takeDeliveryReports()` in completion order.
///
/// Idempotence (on by default) works in sessions:
///
/// | identity | event | next |
/// |---|---|---|
/// | none | first poll | requesting (InitProducerId to a broker) |
/// | requesting | answer | ready: batches are stamped with (id, epoch, sequence) |
/// | requesting | error or timeout | none, asked again after `retry.backoff.ms` |
/// | ready | OUT_OF_ORDER_SEQUENCE_NUMBER on the first unacknowledged batch, UNKNOWN_PRODUCER_ID, or a sent batch expired | bump wanted: nothing new is sent |
/// | bump wanted | no produce in flight | requesting, with the current id and epoch (KIP-360) |
///
/// After a bump every partition's sequences restart at 0 and unacknowledged batches are
/// stamped afresh. This build's brokers answer a bump with a new producer id at epoch 0, which
/// the producer takes as it would a bumped epoch. Deduplication holds within a session: a batch
/// whose first attempt may have been written and is sent again after a bump can be duplicated,
/// as with Kafka.
public struct KafkaProducer: ClientStateMachine {
    /// What an unanswered request was for.
    enum Pending {
        case metadata
        case initProducerID
        /// Its batches are those marked in flight with its id (`PartitionAccumulator.batchInFlight`):
        /// no list of them is kept (an array allocated and freed per request).
        case produce(acks: Int16)
    }

    enum Identity {
        case none(retryAt: Instant)
        case requesting
        case ready
        case bumpWanted
    }

    public let config: ProducerConfig
    public let isIdempotent: Bool
    public internal(set) var metadata: ClusterMetadataCache
    public internal(set) var counters = ProducerCounters()
    /// The producer id and epoch stamped on batches (idempotence), nil until known.
    public internal(set) var producerID: Int64 = RecordBatch.noProducerID
    public internal(set) var producerEpoch: Int16 = RecordBatch.noProducerEpoch
    /// Whether `close()` was called: nothing more is accepted, everything buffered is sent.
    public internal(set) var isClosing = false

    var inFlight = InFlightRequests<Pending>()
    var identity: Identity
    var partitioner: DefaultPartitioner
    var accumulators = AccumulatorTable()
    /// The accumulators' keys, sorted: the order every scan uses.
    var partitionOrder: [TopicPartition] = []
    /// Records whose topic's partition count is not known yet, in send order.
    var unpartitioned: [UnpartitionedRecord] = []
    var calls: [ClientCall] = []
    /// Completed batches not taken yet, in completion order, and the records they hold.
    var completed: [DeliveryBatch] = []
    var completedRecords = 0
    var nextRecordID: UInt64 = 0
    var nextBatchID: UInt64 = 0
    var flushRequested = false
    var identityAttempts = 0
    /// The last instant the producer was driven at; deadlines at or before it are not repeated.
    var lastPoll = Instant.zero
    /// Records buffered (accumulator and unpartitioned), in encoded bytes.
    public internal(set) var bufferedBytes = 0
    /// The drain's working arrays, kept between drains for their storage (see `DrainScratch`); nil
    /// while a drain has them.
    var drainScratch: DrainScratch? = DrainScratch()
    /// The sizes `send` worked out for records without headers, by shape (see `RecordSizes`).
    var recordSizes = RecordSizes()

    /// Undrained delivery reports at most; a host that never drains them has a bug.
    public static let reportLimit = 1_000_000

    /// A producer with a validated configuration (`config.validate()` first if it may be bad).
    public init(config: ProducerConfig) {
        do { try config.validate() } catch { preconditionFailure("invalid producer configuration: \(error)") }
        self.config = config
        isIdempotent = config.isIdempotent
        metadata = ClusterMetadataCache(
            bootstrap: config.bootstrap, maxAge: config.metadataMaxAge, retryBackoff: config.retryBackoff)
        partitioner = DefaultPartitioner(seed: config.seed)
        identity = config.isIdempotent ? .none(retryAt: .zero) : .ready
    }

    // MARK: Application side

    /// Records in the producer and not yet reported.
    public var recordsPending: Int { counters.recordsSent - counters.recordsAcknowledged - counters.recordsFailed }

    /// Produce requests awaiting their answers.
    public var requestsInFlight: Int {
        var count = 0
        for topicPartition in partitionOrder {
            count += accumulators[topicPartition]?.batches.filter { $0.inFlightRequest != nil }.count ?? 0
        }
        return count
    }

    /// Whether `close()` was called and every record has been reported.
    public var isClosed: Bool { isClosing && recordsPending == 0 }

    /// Makes every buffered batch sendable now, without waiting for `linger.ms` (Kafka's
    /// `flush()`, which then waits; here the caller watches `recordsPending`).
    public mutating func flush() { flushRequested = true }

    /// Refuses further records and sends everything buffered (Kafka's `close()`, which waits).
    public mutating func close() {
        isClosing = true
        flushRequested = true
    }

    /// The completed records since the last call, in completion order.
    public mutating func takeDeliveryReports() -> [DeliveryReport] {
        takeDeliveryBatches().flatMap(\.reports)
    }

    /// The completed records since the last call, in completion order, a batch at a time
    /// (`takeDeliveryReports()` without a report built per record).
    public mutating func takeDeliveryBatches() -> [DeliveryBatch] {
        // Nothing to take (the usual case, once per event): no new buffer (keeping the capacity of
        // a buffer still shared with the returned array allocates one).
        guard !completed.isEmpty else { return [] }
        defer {
            completed.removeAll(keepingCapacity: true)
            completedRecords = 0
        }
        return completed
    }

    /// `takeDeliveryBatches()` appended to `batches`: the producer keeps a buffer (handing it out
    /// left it shared, so the next report allocated a new one), and a host that gathers the
    /// reports of many calls appends them once.
    ///
    /// The batches are moved, not copied: into an empty `batches` the buffers are swapped, else
    /// each batch is popped off the end and appended, and the appended ones are put back in order
    /// in place. Copying them retained each batch's topic, ids and bytes, and emptying the
    /// producer's buffer released them again.
    public mutating func takeDeliveryBatches(into batches: inout [DeliveryBatch]) {
        guard !completed.isEmpty else { return }
        completedRecords = 0
        guard !batches.isEmpty else {
            swap(&batches, &completed)
            return
        }
        let first = batches.count
        while let batch = completed.popLast() { batches.append(batch) }
        batches.withUnsafeMutableBufferPointer { batches in
            var appended = UnsafeMutableBufferPointer(rebasing: batches[first...])
            appended.reverse()
        }
    }

    public mutating func takeCalls() -> [ClientCall] {
        guard !calls.isEmpty else { return [] }
        defer { calls.removeAll(keepingCapacity: true) }
        return calls
    }

    public mutating func takeCalls(_ body: (ClientCall) -> Void) {
        guard !calls.isEmpty else { return }
        for call in calls { body(call) }
        calls.removeAllFromEnd()
    }

    /// Checks the accumulator's invariants (tests call it after every step).
    public func checkInvariants() {
        var bytes = unpartitioned.reduce(0) { $0 + $1.sizeBytes }
        var pending = unpartitioned.count
        for topicPartition in partitionOrder {
            guard let accumulator = accumulators[topicPartition] else {
                preconditionFailure("\(topicPartition) is listed without an accumulator")
            }
            accumulator.checkInvariants()
            bytes += accumulator.batches.reduce(0) { $0 + $1.recordBytes }
            pending += accumulator.batches.reduce(0) { $0 + $1.recordCount }
        }
        precondition(bytes == bufferedBytes, "buffered bytes \(bufferedBytes), records hold \(bytes)")
        precondition(pending == recordsPending, "\(recordsPending) records pending, \(pending) buffered")
        precondition(accumulators.count == partitionOrder.count, "accumulators and their order disagree")
    }
}

/// The sizes of records without headers at zero deltas (`RecordBatchBuilder.sizesAtZeroDeltas`)
/// by their key's and value's byte counts (−1: null), as `send` worked them out last: a producer's
/// records mostly come in a few shapes (a scenario's values are of one length, its keys of a few),
/// so `send` looks a record's sizes up here instead of sizing every record afresh.
///
/// Direct-mapped: eight entries, a shape in the one its key count picks (the last shape sized
/// there), so that keys of a few neighbouring lengths each keep theirs.
struct RecordSizes {
    struct Entry {
        /// The counts sized (`Int.min`: none yet, which no count matches).
        var keyCount = Int.min
        var valueCount = Int.min
        var total = 0
        var body = 0
    }

    private var entries = [Entry](repeating: Entry(), count: 8)

    /// The sizes of a record without headers whose key and value take `keyCount` and `valueCount`
    /// bytes (−1: null). Inlined into `send`, once per record: a hit is a load and two compares.
    @inline(__always)
    mutating func sizes(keyCount: Int, valueCount: Int) -> (total: Int, body: Int) {
        let slot = keyCount & 7
        let entry = entries[slot]
        if entry.keyCount == keyCount && entry.valueCount == valueCount { return (entry.total, entry.body) }
        return sizeAndNote(keyCount: keyCount, valueCount: valueCount, at: slot)
    }

    /// `sizes` of a shape not found: sized, and noted at `slot`.
    private mutating func sizeAndNote(keyCount: Int, valueCount: Int, at slot: Int) -> (total: Int, body: Int) {
        let sizes = RecordBatchBuilder.sizesAtZeroDeltas(
            keyCount: keyCount < 0 ? nil : keyCount, valueCount: valueCount < 0 ? nil : valueCount, headers: [])
        entries[slot] = Entry(keyCount: keyCount, valueCount: valueCount, total: sizes.total, body: sizes.body)
        return sizes
    }
}

/// A record waiting for its topic's partition count.
struct UnpartitionedRecord {
    let id: RecordID
    let topic: String
    let key: [UInt8]?
    let value: [UInt8]?
    let headers: [RecordHeader]
    let timestamp: Int64
    let sentAt: Instant
    let sizeBytes: Int
}
