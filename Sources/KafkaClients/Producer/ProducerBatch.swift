import KafkaCore

/// One batch of one partition in the accumulator, from its first record to its acknowledgement.
///
/// | state | event | next |
/// |---|---|---|
/// | open | a record fits | open |
/// | open | full, `linger.ms` passed, flush or close | sendable |
/// | sendable | drained (sequence stamped the first time) | in flight |
/// | in flight | acknowledged | gone (reported) |
/// | in flight | retriable error or timeout | sendable after backoff, same bytes |
/// | any but in flight | `delivery.timeout.ms` passed, or a fatal error | gone (reported as failed) |
/// | sendable, stamped | the epoch is bumped (KIP-360) | sendable, unstamped |
struct ProducerBatch {
    let id: UInt64
    let topicPartition: TopicPartition
    let createdAt: Instant
    let baseTimestamp: Int64
    private(set) var recordIDs: [RecordID]
    private(set) var sizeBytes = RecordBatch.headerSize
    /// No more records once closed.
    var isClosed = false
    /// The stamped bytes, built at the first drain and sent unchanged by every retry, so the
    /// broker recognises a duplicate by its sequence; nil until stamped and after `unstamp()`.
    private(set) var built: RecordBatch?
    var attempts = 0
    var inFlightRequest: UInt64?
    var retryAt: Instant?
    /// Records are encoded as they are appended, straight into the batch's bytes (Kafka's
    /// `MemoryRecordsBuilder`), rather than kept as `Record` values (each holding its key and
    /// value) and encoded at the first drain: nil once the batch has been built.
    ///
    /// Spelled `Optional<…>`, which (unlike `…?`) is not set to nil before `init` runs: `init`
    /// sets it once, with `recordIDs`, after working both out, and the new batch is then built in
    /// place (set over a nil, with its ids' storage reserved through `self`, it was built on the
    /// stack and copied out, each field retained and the original released).
    private var builder: Optional<RecordBatchBuilder>
    /// The batch's bytes while a new producer identity has them unstamped (`unstamp()`), to be
    /// stamped afresh; nil otherwise. Not kept beside `built` while stamped: a second reference to
    /// the bytes was retained per batch and released with it.
    private var encoded: [UInt8]?

    /// The bytes reserved for a new batch's builder: the batches of a busy producer hold a few
    /// records, so reserving a whole `batch.size` would allocate mostly unused memory.
    static let initialCapacityBytes = 2_048

    /// A new open batch; its builder writes into `storage`, an earlier batch's (see `stamp`), when
    /// there is one.
    init(
        id: UInt64, topicPartition: TopicPartition, createdAt: Instant, batchSizeBytes: Int,
        storage: consuming [UInt8] = []
    ) {
        let baseTimestamp = createdAt.milliseconds
        var recordIDs: [RecordID] = []
        recordIDs.reserveCapacity(16)
        let builder = RecordBatchBuilder(
            baseTimestamp: baseTimestamp, capacityBytes: min(batchSizeBytes, Self.initialCapacityBytes),
            reusing: storage)
        self.id = id
        self.topicPartition = topicPartition
        self.createdAt = createdAt
        self.baseTimestamp = baseTimestamp
        self.recordIDs = recordIDs
        self.builder = builder
    }

    private(set) var recordCount = 0

    /// The encoded records' bytes (the batch without its header): what the buffer holds for it.
    var recordBytes: Int {
        (builder?.sizeInBytes ?? built?.bytes.count ?? encoded?.count ?? RecordBatch.headerSize)
            - RecordBatch.headerSize
    }

    /// The size in this batch of a record with a key and a value of these byte counts (nil: null),
    /// if it were appended now.
    func sizeOfNext(timestamp: Int64, keyCount: Int?, valueCount: Int?, headers: [RecordHeader]) -> Int {
        // Read through the optional in place: binding it would copy the builder (and retain its bytes).
        guard
            let size = builder?.sizeOfNextRecord(
                timestamp: timestamp, keyCount: keyCount, valueCount: valueCount, headers: headers)
        else { preconditionFailure("sizing a record for built batch \(id) of \(topicPartition)") }
        return size
    }

    /// Appends the record (its key and value lent as bytes) when it fits in `batchSizeBytes` (an
    /// empty batch takes any; so does any batch when `evenIfFull`), and returns the bytes it
    /// added; closes the batch and returns nil when it does not fit. A batch that reaches
    /// `batchSizeBytes` closes, as it is then sendable at once (Kafka: `batch.isFull()`).
    ///
    /// The builder computes the record's size once, for the fit check and the write (from
    /// `sizesAtZeroDeltas`, the sizes `send` sized the record by, when given), and `sizeBytes` grows
    /// by it: the builder is not read back after the write (copying it out right after the
    /// record's bytes were stored cost a store-forwarding stall per record).
    mutating func append(
        _ id: RecordID, timestamp: Int64, key: NullableBytes, value: NullableBytes,
        headers: [RecordHeader], sizesAtZeroDeltas: (total: Int, body: Int)?, batchSizeBytes: Int, evenIfFull: Bool
    ) -> Int? {
        precondition(!isClosed && built == nil, "appending \(id) to closed batch \(self.id) of \(topicPartition)")
        let limit = evenIfFull || recordCount == 0 ? Int.max : batchSizeBytes
        guard builder != nil else {
            preconditionFailure("appending \(id) to built batch \(self.id) of \(topicPartition)")
        }
        guard
            let size = builder?.append(
                timestamp: timestamp, keyBytes: key, valueBytes: value, headers: headers,
                sizesAtZeroDeltas: sizesAtZeroDeltas, within: limit)
        else {
            isClosed = true
            return nil
        }
        sizeBytes += size
        assert(builder?.sizeInBytes == sizeBytes, "batch \(self.id): the builder disagrees with its record sizes")
        recordCount += 1
        recordIDs.append(id)
        if sizeBytes >= batchSizeBytes { isClosed = true }
        return size
    }

    /// Builds the bytes once, stamped with the producer's id, epoch and `baseSequence` (the
    /// builder writes them and computes the CRC once, as Kafka's producer does at close); after a
    /// new identity, stamps a copy of them afresh (the records are unchanged).
    ///
    /// Returns the builder's storage when it built the bytes now (empty otherwise), for the
    /// partition's next batch to write into: the batch keeps a copy of exactly its bytes.
    mutating func stamp(producerID: Int64, producerEpoch: Int16, baseSequence: Int32) -> [UInt8] {
        precondition(built == nil, "batch \(id) of \(topicPartition) is already stamped")
        isClosed = true
        if var bytes = encoded.take() {
            Self.stamp(&bytes, producerID: producerID, producerEpoch: producerEpoch, baseSequence: baseSequence)
            do {
                built = try RecordBatch(bytes: bytes)
            } catch {
                preconditionFailure("batch \(id) of \(topicPartition) restamped badly framed: \(error)")
            }
            return []
        } else if var builder = builder.take() {
            // Taken out and consumed, not copied: the builder owns its storage alone, so the header
            // is filled in place and the storage handed back without a copy (a copy of the builder
            // made the storage shared, and writing the header then copied it whole).
            builder.setProducerState(producerID: producerID, producerEpoch: producerEpoch, baseSequence: baseSequence)
            let (batch, storage) = (consume builder).buildKeepingStorage()
            built = batch
            return storage
        } else {
            preconditionFailure("batch \(id) of \(topicPartition) has neither records nor bytes")
        }
    }

    /// Forgets the stamp (a new producer identity), keeping the bytes to be stamped afresh.
    mutating func unstamp() {
        guard let built = built.take() else { return }
        encoded = built.bytes
    }

    /// Moves the batch's ids and stamped bytes out, for its delivery report: the batch is done
    /// with (it holds no ids and no stamped bytes after).
    mutating func takeDelivered() -> (recordIDs: [RecordID], built: RecordBatch?) {
        var ids: [RecordID] = []
        swap(&ids, &recordIDs)
        return (ids, built.take())
    }

    /// Writes the producer fields of a v2 batch header and its CRC32C (which covers them).
    private static func stamp(_ bytes: inout [UInt8], producerID: Int64, producerEpoch: Int16, baseSequence: Int32) {
        // Header positions (see `RecordBatch`): crc 17, attributes 21 (the CRC covers from there
        // on), producerId 43, producerEpoch 51, baseSequence 53.
        bytes.withUnsafeMutableBytes { buffer in
            buffer.storeBytes(of: producerID.bigEndian, toByteOffset: 43, as: Int64.self)
            buffer.storeBytes(of: producerEpoch.bigEndian, toByteOffset: 51, as: Int16.self)
            buffer.storeBytes(of: baseSequence.bigEndian, toByteOffset: 53, as: Int32.self)
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[21...]))
            buffer.storeBytes(of: crc.bigEndian, toByteOffset: 17, as: UInt32.self)
        }
    }
}
