import KafkaCore

/// Answers: metadata, producer identity, and Produce outcomes with their retries.
extension KafkaProducer {
    public mutating func handle(_ response: ClientResponse, id: UInt64, from broker: BrokerID, at now: Instant) {
        lastPoll = now
        guard let entry = inFlight.complete(id, from: broker) else {
            poll(at: now)
            return
        }
        switch (entry.context, response) {
        case (.metadata, .metadata(let answer)):
            metadata.update(with: answer, at: now)
        case (.initProducerID, .initProducerID(let answer)):
            takeIdentity(answer, at: now)
        case (.produce, .produce(let answer)):
            forEachBatch(inFlightIn: id) { producer, place, topicPartition, batchID in
                // One search of the answer per batch.
                let answered = answer.partitions.firstIndex { $0.topicPartition == topicPartition }
                let error = answered.map { answer.partitions[$0].error } ?? .unknownServerError
                let baseOffset = answered.map { answer.partitions[$0].baseOffset } ?? .none
                producer.finish(batchID, of: topicPartition, at: place, error: error, baseOffset: baseOffset, at: now)
            }
        default:
            fail(entry, error: .unknownServerError, at: now)
        }
        poll(at: now)
    }

    private mutating func takeIdentity(_ answer: InitProducerIDResponse, at now: Instant) {
        guard answer.error == .none else {
            identity = .none(retryAt: now + config.retryBackoff)
            return
        }
        producerID = answer.producerID
        producerEpoch = answer.producerEpoch
        identity = .ready
        // A new session: sequences restart at 0 and unacknowledged batches are stamped afresh.
        for topicPartition in partitionOrder {
            accumulators.modify(topicPartition) { accumulator in
                accumulator.nextSequence = 0
                for index in accumulator.batches.indices { accumulator.batches[index].unstamp() }
            }
        }
    }

    /// A request that got no usable answer: timed out, disconnected, or answered wrongly.
    mutating func fail(_ entry: InFlightRequests<Pending>.Entry, error: KafkaError, at now: Instant) {
        switch entry.context {
        case .metadata:
            metadata.failed(at: now)
        case .initProducerID:
            identity = .none(retryAt: now + config.retryBackoff)
        case .produce:
            forEachBatch(inFlightIn: entry.id) { producer, place, topicPartition, batchID in
                producer.finish(batchID, of: topicPartition, at: place, error: error, baseOffset: .none, at: now)
            }
        }
    }

    /// Runs `body` on each batch the Produce request `id` carried, in partition order (the order
    /// of the request's partitions), with the producer to finish it and its accumulator's place.
    /// Each partition has at most one batch in a request, and finishing a batch changes only its
    /// own partition's queue (no accumulator is added or moved), so the accumulators are visited
    /// in place, by index.
    private mutating func forEachBatch(
        inFlightIn id: UInt64, _ body: (inout KafkaProducer, Int, TopicPartition, UInt64) -> Void
    ) {
        for place in 0..<accumulators.count {
            guard let (topicPartition, batchID) = accumulators.read(at: place, { $0.batchInFlight(in: id) })
            else { continue }
            body(&self, place, topicPartition, batchID)
        }
    }

    /// One batch's outcome (Kafka's `Sender.completeBatch`); `place` is its accumulator's.
    private mutating func finish(
        _ batchID: UInt64, of topicPartition: TopicPartition, at place: Int, error: KafkaError, baseOffset: Offset,
        at now: Instant
    ) {
        if error == .none {
            // The usual case, in one access to the accumulator (at its place, not looked up by
            // partition): the batch is found, moved out of its queue (not copied) and its sequence
            // noted as acknowledged.
            let taken = accumulators.modify(at: place) { [isIdempotent] accumulator -> ProducerBatch? in
                guard let index = accumulator.batches.firstIndex(where: { $0.id == batchID }) else { return nil }
                let batch = accumulator.batches.remove(at: index)
                if isIdempotent { accumulator.noteAcknowledged(of: batch) }
                return batch
            }
            guard let batch = taken else { return }
            complete(batch, .acknowledged(offset: baseOffset), baseOffset: baseOffset)
            return
        }
        // Found in place: reading the queue through the table's getter copied the accumulator
        // (and then the batch).
        guard let found = accumulators.read(topicPartition, { $0.batches.firstIndex { $0.id == batchID } }),
            let index = found, let batch = accumulators.read(topicPartition, { $0.batches[index] })
        else { return }
        switch error {
        case .none:
            preconditionFailure("an acknowledged batch is completed above")
        case .duplicateSequenceNumber:
            // An older broker's way to say "already written"; the offset is unknown.
            noteAcknowledged(batch, of: topicPartition)
            _ = takeBatch(batchID, of: topicPartition)
            complete(batch, .acknowledged(offset: .none), baseOffset: .none)
        case .outOfOrderSequenceNumber where isIdempotent && isBelowAcknowledged(batch, of: topicPartition):
            // Its answer was lost, and the leader has since acknowledged a later sequence of the
            // same identity: it is in the log (too far back for the broker's five-batch cache to
            // recognise the retry), so it is done — resending it under a new epoch would write
            // it twice. Its offset is unknown, as with DUPLICATE_SEQUENCE_NUMBER.
            _ = takeBatch(batchID, of: topicPartition)
            complete(batch, .acknowledged(offset: .none), baseOffset: .none)
        case .outOfOrderSequenceNumber where isIdempotent && index > 0:
            // An earlier batch of the partition is unresolved: this one goes again after it.
            retry(batchID, of: topicPartition, refreshMetadata: false, at: now)
        case .outOfOrderSequenceNumber where isIdempotent:
            // The broker lost sequences we had acknowledged (or never saw ours): a real gap.
            // KIP-360: this batch fails, the epoch is bumped, the rest restart at sequence 0.
            wantEpochBump()
            _ = takeBatch(batchID, of: topicPartition)
            complete(batch, .failed(error), baseOffset: .none)
        case .unknownProducerID where isIdempotent:
            // The broker holds no state for us (expired or deleted): bump, then send it again.
            wantEpochBump()
            retry(batchID, of: topicPartition, refreshMetadata: false, at: now, counting: false)
        default:
            let canRetry =
                (error.isRetriable || error == .networkException)
                && batch.attempts <= Int(config.retries) && now < batch.createdAt + config.deliveryTimeout
            if canRetry {
                retry(batchID, of: topicPartition, refreshMetadata: Self.refreshesMetadata(error), at: now)
            } else {
                if batch.built != nil && isIdempotent && error.isRetriable { wantEpochBump() }
                _ = takeBatch(batchID, of: topicPartition)
                complete(batch, .failed(error), baseOffset: .none)
            }
        }
    }

    private mutating func noteAcknowledged(_ batch: borrowing ProducerBatch, of topicPartition: TopicPartition) {
        guard isIdempotent, let built = batch.built else { return }
        // In place: the table's getter would copy the accumulator.
        _ = accumulators.update(topicPartition) { $0.noteAcknowledged(built) }
    }

    private func isBelowAcknowledged(_ batch: ProducerBatch, of topicPartition: TopicPartition) -> Bool {
        guard let built = batch.built, let found = accumulators.read(topicPartition, { $0.lastAcknowledged }),
            let last = found
        else { return false }
        return last.producerID == built.producerID && last.producerEpoch == built.producerEpoch
            && built.lastSequence < last.sequence
    }

    /// Errors after which the client's view of the leaders is stale (Kafka's
    /// `InvalidMetadataException` family, plus timeouts and disconnects).
    static func refreshesMetadata(_ error: KafkaError) -> Bool {
        switch error {
        case .notLeaderOrFollower, .leaderNotAvailable, .unknownTopicOrPartition, .fencedLeaderEpoch,
            .unknownLeaderEpoch, .requestTimedOut, .networkException, .kafkaStorageError:
            true
        default:
            false
        }
    }

    /// Puts the batch back, unchanged, to go again after an exponential backoff.
    private mutating func retry(
        _ batchID: UInt64, of topicPartition: TopicPartition, refreshMetadata: Bool, at now: Instant,
        counting: Bool = true
    ) {
        guard let index = accumulators[topicPartition]?.batches.firstIndex(where: { $0.id == batchID }),
            let attempts = accumulators[topicPartition]?.batches[index].attempts
        else { return }
        if refreshMetadata { metadata.invalidateLeader(of: topicPartition) }
        let exponent = Int64(min(max(attempts - 1, 0), 20))
        let backoff = min(config.retryBackoff * (1 << exponent), config.retryBackoffMax)
        accumulators.modify(topicPartition) { accumulator in
            accumulator.batches[index].inFlightRequest = nil
            accumulator.batches[index].retryAt = now + backoff
        }
    }
}
