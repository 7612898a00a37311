import KafkaCore

/// One partition's queue in the `RecordAccumulator`: its unacknowledged batches in sequence
/// order (the last may be open), and the next sequence number to stamp.
///
/// Batches are sent strictly in order: a batch is drained only when every earlier batch is in
/// flight, so a failed batch's successors go again after it, and with idempotence the broker
/// sees sequences in order (up to 5 in flight, the batches it caches for deduplication).
struct PartitionAccumulator {
    let topicPartition: TopicPartition
    var batches: [ProducerBatch] = []
    /// The sequence of the next batch stamped (idempotence); reset to 0 by an epoch bump.
    var nextSequence: Int32 = 0
    /// The highest sequence the partition's leader acknowledged, with the identity it was
    /// stamped with: the broker only appends sequences in order, so every lower sequence of the
    /// same producer id and epoch is in the log too, answered or not.
    var lastAcknowledged: (producerID: Int64, producerEpoch: Int16, sequence: Int32)?
    /// The storage the last batch stamped wrote its records into, which the next batch opened
    /// writes into (`RecordBatchBuilder.init(reusing:)`); empty when there is none.
    private var spareStorage: [UInt8] = []

    init(topicPartition: TopicPartition) {
        self.topicPartition = topicPartition
    }

    /// The open batch, if the last one is open.
    var openBatchIndex: Int? {
        guard let last = batches.indices.last, !batches[last].isClosed, batches[last].inFlightRequest == nil
        else { return nil }
        return last
    }

    /// Whether a record of `recordBytes` would fit the open batch (an empty batch takes any).
    func fitsOpenBatch(recordBytes: Int, batchSizeBytes: Int) -> Bool {
        guard let index = openBatchIndex else { return false }
        return batches[index].recordCount == 0 || batches[index].sizeBytes + recordBytes <= batchSizeBytes
    }

    /// Appends a record (its key and value lent as bytes) to the open batch, or to a new batch
    /// `newBatchID` created at `now` when it does not fit (closing the open one); a batch that
    /// reaches `batchSizeBytes` closes, as it is then sendable at once (Kafka: `batch.isFull()`).
    /// `sizesAtZeroDeltas` are the record's sizes as `send` worked them out (`ProducerBatch.append`),
    /// if known.
    /// Returns the bytes the record added to the buffer and whether it opened a batch.
    mutating func append(
        _ id: RecordID, timestamp: Int64, key: NullableBytes, value: NullableBytes,
        headers: [RecordHeader], sizesAtZeroDeltas: (total: Int, body: Int)?, newBatchID: UInt64, batchSizeBytes: Int,
        at now: Instant
    ) -> (addedBytes: Int, openedBatch: Bool) {
        // The batches are reached through their buffer: an array's getter would copy the batch
        // (retaining its fields) to read one of them.
        let added = batches.withUnsafeMutableBufferPointer { batches -> Int? in
            guard let last = batches.indices.last, !batches[last].isClosed, batches[last].inFlightRequest == nil
            else { return nil }
            return batches[last].append(
                id, timestamp: timestamp, key: key, value: value, headers: headers,
                sizesAtZeroDeltas: sizesAtZeroDeltas, batchSizeBytes: batchSizeBytes, evenIfFull: false)
        }
        if let added { return (added, false) }
        return (
            appendToNewBatch(
                id, timestamp: timestamp, key: key, value: value, headers: headers,
                sizesAtZeroDeltas: sizesAtZeroDeltas, newBatchID: newBatchID, batchSizeBytes: batchSizeBytes, at: now),
            true
        )
    }

    /// `append` of a record that opens a new batch; returns the bytes it added. Not inlined into
    /// `append` (and so into `send`, twice): once per batch, it only made `send` larger.
    @inline(never)
    private mutating func appendToNewBatch(
        _ id: RecordID, timestamp: Int64, key: NullableBytes, value: NullableBytes,
        headers: [RecordHeader], sizesAtZeroDeltas: (total: Int, body: Int)?, newBatchID: UInt64, batchSizeBytes: Int,
        at now: Instant
    ) -> Int {
        var storage: [UInt8] = []
        swap(&storage, &spareStorage)
        batches.append(
            ProducerBatch(
                id: newBatchID, topicPartition: topicPartition, createdAt: now, batchSizeBytes: batchSizeBytes,
                storage: consume storage))
        let opened = batches.withUnsafeMutableBufferPointer { batches -> Int? in
            batches[batches.count - 1].append(
                id, timestamp: timestamp, key: key, value: value, headers: headers,
                sizesAtZeroDeltas: sizesAtZeroDeltas, batchSizeBytes: batchSizeBytes, evenIfFull: true)
        }
        guard let opened else { preconditionFailure("\(topicPartition): a new batch refused its first record") }
        return opened
    }

    /// Whether a batch not in flight is `deliveryTimeout` old at `now` (KIP-91). Batches are
    /// created in time order, so the scan stops at the first that is too young to expire (usually
    /// the first batch); the batches are read in place, by index (a prefix slice and its search,
    /// run per accumulator per poll, cost several times as much).
    func hasExpiringBatch(at now: Instant, deliveryTimeout: Duration) -> Bool {
        for index in batches.indices {
            guard batches[index].createdAt + deliveryTimeout <= now else { return false }
            if batches[index].inFlightRequest == nil { return true }
        }
        return false
    }

    /// The index of the batch to drain next: the first one not in flight, if all before it are.
    var nextToDrain: Int? {
        batches.firstIndex { $0.inFlightRequest == nil }
    }

    /// Stamps batch `index` if it has not been (taking the next sequences when idempotent) and
    /// counts an attempt; returns its bytes and whether it was stamped now (false: a retry).
    mutating func prepareToSend(
        _ index: Int, producerID: Int64, producerEpoch: Int16, isIdempotent: Bool
    ) -> (built: RecordBatch?, stamped: Bool) {
        var stamped = false
        if batches[index].built == nil {
            let sequence = isIdempotent ? nextSequence : RecordBatch.noSequence
            let storage = batches[index].stamp(
                producerID: producerID, producerEpoch: producerEpoch, baseSequence: sequence)
            if !storage.isEmpty { spareStorage = storage }
            if isIdempotent { nextSequence = KafkaProducer.advance(sequence, by: batches[index].recordCount) }
            stamped = true
        }
        batches[index].attempts += 1
        batches[index].retryAt = nil
        return (batches[index].built, stamped)
    }

    /// The partition and id of the batch in flight in request `id`, if one is.
    func batchInFlight(in id: UInt64) -> (topicPartition: TopicPartition, batchID: UInt64)? {
        guard let index = batches.firstIndex(where: { $0.inFlightRequest == id }) else { return nil }
        return (topicPartition, batches[index].id)
    }

    /// Notes that the leader acknowledged `built`, as stamped (`lastAcknowledged`): kept when it
    /// is the highest sequence of its identity so far.
    mutating func noteAcknowledged(_ built: borrowing RecordBatch) {
        noteAcknowledged(producerID: built.producerID, producerEpoch: built.producerEpoch, sequence: built.lastSequence)
    }

    /// `noteAcknowledged(_:)` of `batch`'s stamped bytes, if it has any: read in place (binding
    /// them to pass them on retained and released them, once per acknowledged batch).
    mutating func noteAcknowledged(of batch: borrowing ProducerBatch) {
        guard let producerID = batch.built?.producerID, let producerEpoch = batch.built?.producerEpoch,
            let sequence = batch.built?.lastSequence
        else { return }
        noteAcknowledged(producerID: producerID, producerEpoch: producerEpoch, sequence: sequence)
    }

    /// Notes an acknowledged batch's identity and last sequence (`noteAcknowledged(_:)`).
    private mutating func noteAcknowledged(producerID: Int64, producerEpoch: Int16, sequence: Int32) {
        if let last = lastAcknowledged, last.producerID == producerID, last.producerEpoch == producerEpoch,
            last.sequence >= sequence
        {
            return
        }
        lastAcknowledged = (producerID, producerEpoch, sequence)
    }

    var bufferedBytes: Int { batches.reduce(0) { $0 + $1.sizeBytes } }

    func checkInvariants() {
        for (index, batch) in batches.enumerated() {
            precondition(
                batch.isClosed || index == batches.count - 1,
                "\(topicPartition): open batch \(batch.id) is not the last of \(batches.count)")
            precondition(batch.recordCount > 0, "\(topicPartition): empty batch \(batch.id)")
            // Expiry and deadlines rely on it: the first batch not in flight is the oldest one.
            precondition(
                index == 0 || batches[index - 1].createdAt <= batch.createdAt,
                "\(topicPartition): batch \(batch.id) was created before the one ahead of it")
        }
    }
}
