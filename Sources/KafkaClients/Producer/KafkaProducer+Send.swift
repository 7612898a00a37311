import KafkaCore

/// `send`: partitioning and appending to the accumulator.
extension KafkaProducer {
    /// Accepts a record for `topic` (Kafka's `send(ProducerRecord)`); it is reported through
    /// `takeDeliveryReports()` once acknowledged or given up on. A keyed record goes to
    /// `murmur2(key) & 0x7fffffff % numPartitions`, an unkeyed one to the topic's sticky partition.
    /// If the topic's metadata is not known yet, the record waits for it up to `max.block.ms`.
    @discardableResult
    public mutating func send(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = [], at now: Instant
    ) throws(ProducerError) -> RecordID {
        let sent = key.withBytes { key in
            value.withBytes { value in
                Result { () throws(ProducerError) in
                    try send(topic: topic, keyBytes: key, valueBytes: value, headers: headers, at: now)
                }
            }
        }
        return try sent.get()
    }

    /// `send(topic:key:value:headers:at:)` of a key and a value lent as bytes, which are copied
    /// into the record's batch (or, while the topic's metadata is unknown, into arrays the waiting
    /// record keeps): a host that writes each record into buffers of its own (the simulation's
    /// mailboxes) hands them over without making arrays of them.
    ///
    /// `keyHash`, when given, must be the key's `Murmur2.hash`: a host that sends the same keys
    /// again and again hashes each once and hands the hash with it (the partition is still
    /// computed from it and the partition count for every record).
    ///
    /// `timestamp` is the record's own timestamp in milliseconds, not negative (Kafka's
    /// `ProducerRecord.timestamp`); without one the record takes `now`'s. A host that sends a run
    /// of records at one instant works that out once for the run.
    @discardableResult
    public mutating func send(
        topic: String, keyBytes key: NullableBytes, keyHash: Int32? = nil, valueBytes value: NullableBytes,
        headers: [RecordHeader] = [], timestamp: Int64? = nil, at now: Instant
    ) throws(ProducerError) -> RecordID {
        assert(keyHash == nil || key.buffer.map(Murmur2.hash) == keyHash, "\(topic): a key sent with another's hash")
        precondition(timestamp ?? 0 >= 0, "\(topic): a record's timestamp cannot be negative (\(timestamp ?? 0))")
        guard !isClosing else { throw .closed }
        // Sized from the fields: a `Record` built for it retained and released each of them. The
        // sizes go down to the batch builder, which sizes the record at its real deltas from them.
        // A record without headers takes the sizes of its shape (`RecordSizes`).
        let sizesAtZeroDeltas =
            headers.isEmpty
            ? recordSizes.sizes(keyCount: key.count, valueCount: value.count)
            : RecordBatchBuilder.sizesAtZeroDeltas(
                keyCount: key.nullableCount, valueCount: value.nullableCount, headers: headers)
        let sizeBytes = sizesAtZeroDeltas.total
        let limit = min(config.maxRequestSizeBytes, config.bufferMemoryBytes)
        guard sizeBytes + RecordBatch.headerSize <= limit else {
            throw .recordTooLarge(recordBytes: sizeBytes + RecordBatch.headerSize, limitBytes: limit)
        }
        guard bufferedBytes + sizeBytes <= config.bufferMemoryBytes else {
            throw .bufferExhausted(
                bufferedBytes: bufferedBytes, recordBytes: sizeBytes, bufferMemoryBytes: config.bufferMemoryBytes)
        }
        let id = RecordID(nextRecordID)
        nextRecordID += 1
        counters.recordsSent += 1
        let partitionCount = metadata.addingPartitionCount(of: topic)
        if unpartitioned.isEmpty, let count = partitionCount, count > 0 {
            // The usual case: the fields go straight into the batch, no record value built (each
            // field retained into it and released after).
            append(
                id, topic: topic, key: key, keyHash: keyHash, value: value, headers: headers,
                sizesAtZeroDeltas: sizesAtZeroDeltas, timestamp: timestamp ?? now.milliseconds, partitionCount: count,
                at: now)
        } else {
            bufferedBytes += sizeBytes
            unpartitioned.append(
                UnpartitionedRecord(
                    id: id, topic: topic, key: key.buffer.map { [UInt8]($0) }, value: value.buffer.map { [UInt8]($0) },
                    headers: headers, timestamp: timestamp ?? now.milliseconds, sentAt: now, sizeBytes: sizeBytes))
        }
        return id
    }

    /// Partitions the waiting records whose topics are now known, in send order; records wait
    /// behind an earlier one still waiting, so sends to one topic stay in order.
    mutating func partitionWaitingRecords(at now: Instant) {
        while let first = unpartitioned.first {
            if let count = metadata.partitionCount(of: first.topic), count > 0 {
                unpartitioned.removeFirst()
                bufferedBytes -= first.sizeBytes
                first.key.withBytes { key in
                    first.value.withBytes { value in
                        append(
                            first.id, topic: first.topic, key: key, keyHash: nil, value: value, headers: first.headers,
                            sizesAtZeroDeltas: nil, timestamp: first.timestamp, partitionCount: count, at: now)
                    }
                }
            } else if first.sentAt + config.maxBlock <= now {
                // Kafka's send() throws "Topic not present in metadata after max.block.ms".
                unpartitioned.removeFirst()
                bufferedBytes -= first.sizeBytes
                report(
                    [first.id], TopicPartition(first.topic, -1), .failed(.unknownTopicOrPartition), batch: nil,
                    baseOffset: .none)
            } else {
                return
            }
        }
    }

    /// Appends a record to its partition's accumulator; `keyHash` is the key's `Murmur2.hash`, nil
    /// when not known yet, and `sizesAtZeroDeltas` its `RecordBatchBuilder.sizesAtZeroDeltas`, nil
    /// when not known.
    private mutating func append(
        _ id: RecordID, topic: String, key: NullableBytes, keyHash: Int32?, value: NullableBytes,
        headers: [RecordHeader], sizesAtZeroDeltas: (total: Int, body: Int)?, timestamp: Int64, partitionCount: Int32,
        at now: Instant
    ) {
        let partition: Int32
        if let key = key.buffer {
            partition = DefaultPartitioner.partition(
                forKeyHash: keyHash ?? Murmur2.hash(key), partitionCount: partitionCount)
        } else {
            let available = metadata.availablePartitions(of: topic)
            var sticky = partitioner.stickyPartition(topic, partitionCount: partitionCount, available: available)
            let stickyPartition = TopicPartition(topic, sticky)
            if !fits(timestamp: timestamp, valueCount: value.nullableCount, headers: headers, in: stickyPartition) {
                sticky = partitioner.switchPartition(topic, partitionCount: partitionCount, available: available)
            }
            partition = sticky
        }
        // One access to the accumulator (created if need be), changed in place.
        let (added, created) = accumulators.update(topic, partition) { accumulator in
            accumulator.append(
                id, timestamp: timestamp, key: key, value: value, headers: headers,
                sizesAtZeroDeltas: sizesAtZeroDeltas, newBatchID: nextBatchID, batchSizeBytes: config.batchSizeBytes,
                at: now)
        }
        if created {
            let topicPartition = TopicPartition(topic, partition)
            let index = partitionOrder.firstIndex { topicPartition < $0 } ?? partitionOrder.endIndex
            partitionOrder.insert(topicPartition, at: index)
        }
        if added.openedBatch { nextBatchID += 1 }
        bufferedBytes += added.addedBytes
    }

    /// Whether a record without a key, with a value of `valueCount` bytes (nil: null), fits the
    /// open batch of `topicPartition`.
    private func fits(
        timestamp: Int64, valueCount: Int?, headers: [RecordHeader], in topicPartition: TopicPartition
    ) -> Bool {
        accumulators.read(topicPartition) { accumulator in
            guard let index = accumulator.openBatchIndex else { return false }
            let size = accumulator.batches[index].sizeOfNext(
                timestamp: timestamp, keyCount: nil, valueCount: valueCount, headers: headers)
            return accumulator.fitsOpenBatch(recordBytes: size, batchSizeBytes: config.batchSizeBytes)
        } ?? false
    }

    /// Reports records completed together: `outcome` is the batch's (`DeliveryBatch`).
    mutating func report(
        _ ids: consuming [RecordID], _ topicPartition: TopicPartition, _ outcome: DeliveryOutcome,
        batch: consuming RecordBatch?, baseOffset: Offset
    ) {
        precondition(
            completedRecords + ids.count <= Self.reportLimit, "\(completedRecords) delivery reports were never drained")
        switch outcome {
        case .acknowledged: counters.recordsAcknowledged += ids.count
        case .failed: counters.recordsFailed += ids.count
        }
        completedRecords += ids.count
        completed.append(
            DeliveryBatch(
                topicPartition: topicPartition, recordIDs: ids, outcome: outcome, batch: batch, baseOffset: baseOffset,
                acks: config.acks))
    }

    /// Reports every record of a batch that has been taken out of its accumulator, and frees
    /// their bytes. The batch's ids and bytes move into the report (`ProducerBatch.takeDelivered`):
    /// copied, they were retained for it and released with the batch.
    mutating func complete(_ batch: consuming ProducerBatch, _ outcome: DeliveryOutcome, baseOffset: Offset) {
        bufferedBytes -= batch.sizeBytes - RecordBatch.headerSize
        guard !batch.recordIDs.isEmpty else { return }
        let (ids, built) = batch.takeDelivered()
        report(ids, batch.topicPartition, outcome, batch: built, baseOffset: baseOffset)
    }
}
