import KafkaCore

/// The Sender: metadata, producer identity, expiry and draining batches into Produce requests.
extension KafkaProducer {
    public mutating func tick(at now: Instant) { poll(at: now) }

    public mutating func connectionClosed(to broker: BrokerID, at now: Instant) {
        let lost = inFlight.disconnect(from: broker)
        guard !lost.isEmpty else { return }
        for entry in lost { fail(entry, error: .networkException, at: now) }
        poll(at: now)
    }

    /// Everything the producer does on its own at `now`, in a fixed order.
    mutating func poll(at now: Instant) {
        lastPoll = now
        for (entry, timedOut) in inFlight.expire(at: now) {
            if timedOut { counters.requestTimeouts += 1 }
            fail(entry, error: timedOut ? .requestTimedOut : .networkException, at: now)
        }
        partitionWaitingRecords(at: now)
        expireBatches(at: now)
        requestMetadataIfDue(at: now)
        requestIdentityIfDue(at: now)
        drain(at: now)
    }

    /// A `mutating get` (see `ClientStateMachine.nextDeadline`): a plain getter, called through the
    /// protocol, was handed a copy of the whole producer after every event.
    public var nextDeadline: Instant? {
        mutating get {
            var earliest: Instant?
            func consider(_ instant: Instant?) {
                guard let instant, instant > lastPoll else { return }
                earliest = earliest.map { min($0, instant) } ?? instant
            }
            consider(inFlight.nextDeadline)
            if !inFlight.contains(where: { if case .metadata = $0.context { true } else { false } }) {
                consider(metadata.nextUpdateAt)
            }
            if case .none(let retryAt) = identity { consider(retryAt) }
            if let first = unpartitioned.first { consider(first.sentAt + config.maxBlock) }
            // The accumulators are borrowed in turn (no key looked up per partition, no accumulator
            // copied, read twice per event) and each batch's fields in place (no batch copied).
            accumulators.forEachBorrowed { accumulator in
                // Batches are created in time order: the first one not in flight expires first.
                if let index = accumulator.nextToDrain {
                    consider(accumulator.batches[index].createdAt + config.deliveryTimeout)
                    consider(accumulator.batches[index].retryAt)
                    if !accumulator.batches[index].isClosed {
                        consider(accumulator.batches[index].createdAt + config.linger)
                    }
                }
            }
            return earliest
        }
    }

    // MARK: Metadata and identity

    private mutating func requestMetadataIfDue(at now: Instant) {
        guard !inFlight.contains(where: { if case .metadata = $0.context { true } else { false } }),
            let (broker, request) = metadata.makeRequest(at: now)
        else { return }
        counters.metadataRequestsSent += 1
        call(.metadata(request), to: broker, context: .metadata, at: now)
    }

    private mutating func requestIdentityIfDue(at now: Instant) {
        let request: InitProducerIDRequest
        switch identity {
        case .none(let retryAt) where retryAt <= now:
            request = InitProducerIDRequest()
        case .bumpWanted where requestsInFlight == 0:
            // KIP-360: ask with the current id and epoch; the broker bumps the epoch (or, in
            // this build, hands out a new id).
            request = InitProducerIDRequest(producerID: producerID, producerEpoch: producerEpoch)
            counters.epochBumps += 1
        default:
            return
        }
        identity = .requesting
        // Any broker serves InitProducerId; take them in turn so a dead one is skipped next time.
        let broker = metadata.brokers[identityAttempts % metadata.brokers.count]
        identityAttempts += 1
        call(.initProducerID(request), to: broker, context: .initProducerID, at: now)
    }

    mutating func call(_ request: ClientRequest, to broker: BrokerID, context: Pending, at now: Instant) {
        let id = inFlight.makeID()
        inFlight.add(id: id, to: broker, context: context, at: now, timeout: config.requestTimeout)
        calls.append(ClientCall(broker: broker, id: id, request: request))
    }

    // MARK: Expiry

    /// Fails batches older than `delivery.timeout.ms` that are not in flight (KIP-91). One that
    /// was sent may have been written, so its sequence is unresolved: the epoch must be bumped.
    private mutating func expireBatches(at now: Instant) {
        // One pass over the accumulators, lent in turn, finds whether anything expires at all
        // (almost never): no partition looked up per event.
        var anyExpiring = false
        accumulators.forEachBorrowed { accumulator in
            if !anyExpiring {
                anyExpiring = accumulator.hasExpiringBatch(at: now, deliveryTimeout: config.deliveryTimeout)
            }
        }
        guard anyExpiring else { return }
        for topicPartition in partitionOrder {
            let expiring = accumulators.read(topicPartition) {
                $0.hasExpiringBatch(at: now, deliveryTimeout: config.deliveryTimeout)
            }
            guard expiring == true, let accumulator = accumulators[topicPartition] else { continue }
            var kept: [ProducerBatch] = []
            for batch in accumulator.batches {
                if batch.inFlightRequest == nil && batch.createdAt + config.deliveryTimeout <= now {
                    if batch.built != nil && isIdempotent { wantEpochBump() }
                    complete(batch, .failed(.requestTimedOut), baseOffset: .none)
                } else {
                    kept.append(batch)
                }
            }
            accumulators.modify(topicPartition) { $0.batches = kept }
        }
    }

    mutating func wantEpochBump() {
        if case .ready = identity { identity = .bumpWanted }
    }

    // MARK: Draining

    /// Whether partition's next batch may go now: its sequence can be stamped, it is closed (or
    /// has lingered, or a flush asked for it), and its backoff is over.
    private func isSendable(_ batch: ProducerBatch, at now: Instant) -> Bool {
        if let retryAt = batch.retryAt, retryAt > now { return false }
        if batch.isClosed || flushRequested { return true }
        return batch.createdAt + config.linger <= now
    }

    /// Builds Produce requests, one batch per partition per request, for each broker with a free
    /// slot (`max.in.flight.requests.per.connection`), partitions in sorted order.
    ///
    /// As Kafka's `RecordAccumulator`: a broker is ready when one of its partitions has a
    /// sendable batch (`ready()`), and a ready broker then takes the first unsent batch of every
    /// partition it leads, lingered or not, unless that batch is backing off a retry (`drain()`).
    /// The partitions of one leader therefore go together, in one request.
    private mutating func drain(at now: Instant) {
        if isIdempotent, case .ready = identity {} else if isIdempotent { return }
        // The working arrays are moved out for the drain and back after it, keeping their storage:
        // built per drain, they were allocated (and grown) and freed whenever a request went out.
        // Taken out of an optional rather than swapped with empty ones, which were then released
        // after every drain (four calls into the runtime).
        var scratch = drainScratch.take() ?? DrainScratch()
        var drainedAny = true
        while drainedAny {
            drainedAny = false
            // Emptied from the end, keeping their storage (`removeAllFromEnd`).
            scratch.ready.removeAllFromEnd()
            // The brokers with a partition whose next batch is sendable: the accumulators are
            // borrowed in turn (no key looked up per partition; the order of `ready` is not used).
            // A broker is added outside the borrow: appending inside it copied the accumulator.
            for place in 0..<accumulators.count {
                let leader = accumulators.read(at: place) { accumulator -> BrokerID? in
                    guard let index = accumulator.nextToDrain, isSendable(accumulator.batches[index], at: now) else {
                        return nil
                    }
                    return metadata.leader(of: accumulator.topicPartition)
                }
                if let leader, !scratch.ready.contains(leader) { scratch.ready.append(leader) }
            }
            // ... that have a free request slot: counted once per broker, not per partition (kept
            // in place, the rest dropped from the end; `removeAll(where:)` and `removeLast(_:)` called
            // into the array's range replacement every time).
            var kept = 0
            for position in scratch.ready.indices
            where inFlight.count(to: scratch.ready[position]) < config.maxInFlightRequestsPerConnection {
                scratch.ready[kept] = scratch.ready[position]
                kept += 1
            }
            while scratch.ready.count > kept { scratch.ready.removeLast() }
            guard !scratch.ready.isEmpty else { break }
            scratch.requests.removeAllFromEnd()
            scratch.members.removeAllFromEnd()
            // The accumulators by place, which is `partitionOrder`: no partition looked up, and the
            // batches taken named by their accumulators' places (no topic retained per batch).
            for place in 0..<accumulators.count {
                guard
                    let (leader, index, size) = accumulators.read(
                        at: place,
                        { accumulator -> (BrokerID, Int, Int)? in
                            guard let (index, size) = nextBatch(of: accumulator, at: now),
                                let leader = metadata.leader(of: accumulator.topicPartition)
                            else { return nil }
                            return (leader, index, size)
                        }),
                    scratch.ready.contains(leader)
                else { continue }
                if let request = scratch.requests.firstIndex(where: { $0.broker == leader }) {
                    if scratch.requests[request].size + size > config.maxRequestSizeBytes { continue }
                    scratch.requests[request].size += size
                } else {
                    scratch.requests.append((leader, size))
                }
                scratch.members.append((leader, place, index))
            }
            scratch.requests.sort { $0.broker < $1.broker }
            for request in scratch.requests {
                scratch.request.removeAllFromEnd()
                for member in scratch.members where member.broker == request.broker {
                    scratch.request.append((member.place, member.index))
                }
                send(scratch.request, to: request.broker, at: now)
                drainedAny = true
            }
        }
        drainScratch = consume scratch
        if flushRequested && accumulators.allSatisfy({ $0.batches.allSatisfy(\.isClosed) }) {
            flushRequested = isClosing
        }
    }

    /// The index and size of the accumulator's batch to drain next, unless it is backing off.
    private func nextBatch(
        of accumulator: borrowing PartitionAccumulator, at now: Instant
    ) -> (index: Int, size: Int)? {
        guard let index = accumulator.nextToDrain, accumulator.batches[index].retryAt.map({ $0 <= now }) ?? true
        else { return nil }
        return (index, accumulator.batches[index].sizeBytes)
    }

    /// Sends batch `index` of the accumulator at `place`, for each member, in one Produce request.
    private mutating func send(_ members: [(place: Int, index: Int)], to broker: BrokerID, at now: Instant) {
        var data: [ProducePartitionData] = []
        // One allocation, not one per doubling.
        data.reserveCapacity(members.count)
        // The request's id is taken first, so that each batch is marked in flight as it is stamped,
        // in the same access (no search for it afterwards): the answer finds its batches by it.
        // acks=0 expects no answer: its batches are not marked, but kept here to be completed.
        var unanswered: [(TopicPartition, UInt64)] = []
        let id = inFlight.makeID()
        let awaitsAnswer = config.acks != 0
        for (place, index) in members {
            // Changed in place: a copy of the accumulator would share its batches, and writing
            // one back would copy them all.
            let (topicPartition, built, stamped, batchID) = accumulators.modify(at: place) {
                [producerID, producerEpoch, isIdempotent] accumulator in
                let (built, stamped) = accumulator.prepareToSend(
                    index, producerID: producerID, producerEpoch: producerEpoch, isIdempotent: isIdempotent)
                if built != nil && awaitsAnswer { accumulator.batches[index].inFlightRequest = id }
                return (accumulator.topicPartition, built, stamped, accumulator.batches[index].id)
            }
            if !stamped { counters.retries += 1 }
            guard let built else { continue }
            data.append(ProducePartitionData(topicPartition, batch: built))
            if !awaitsAnswer { unanswered.append((topicPartition, batchID)) }
        }
        counters.produceRequestsSent += 1
        let request = ClientRequest.produce(
            ProduceRequest(acks: config.acks, timeout: config.requestTimeout, partitions: data))
        guard awaitsAnswer else {
            // No answer will come: the records count as written, at offset -1.
            calls.append(ClientCall(broker: broker, id: id, request: request))
            for (topicPartition, batchID) in unanswered {
                guard let batch = takeBatch(batchID, of: topicPartition) else { continue }
                complete(batch, .acknowledged(offset: .none), baseOffset: .none)
            }
            return
        }
        inFlight.add(
            id: id, to: broker, context: .produce(acks: config.acks), at: now,
            timeout: config.requestTimeout)
        calls.append(ClientCall(broker: broker, id: id, request: request))
    }

    /// Sequences wrap from Int32.max to 0, as the broker expects.
    static func advance(_ sequence: Int32, by count: Int) -> Int32 {
        Int32(truncatingIfNeeded: (Int64(sequence) + Int64(count)) % (Int64(Int32.max) + 1))
    }

    /// Takes a batch out of its partition's queue.
    mutating func takeBatch(_ id: UInt64, of topicPartition: TopicPartition) -> ProducerBatch? {
        guard let found = accumulators.read(topicPartition, { $0.batches.firstIndex { $0.id == id } }),
            let index = found
        else { return nil }
        return accumulators.modify(topicPartition) { $0.batches.remove(at: index) }
    }
}

/// The drain's working arrays (see `KafkaProducer.drain(at:)`), emptied at each use. Brokers and
/// requests are in short arrays (a producer talks to a handful of brokers): no set or dictionary
/// hashed per partition per drain.
struct DrainScratch {
    /// The brokers that have a partition with a sendable batch and a free request slot.
    var ready: [BrokerID] = []
    /// Per request being built, its broker and size so far, in the order of their first partition.
    var requests: [(broker: BrokerID, size: Int)] = []
    /// The batches taken, in partition order, with the broker whose request takes each: the
    /// batch's index in the accumulator at `place` (its place in `AccumulatorTable`).
    var members: [(broker: BrokerID, place: Int, index: Int)] = []
    /// The batches of the request being sent, in partition order.
    var request: [(place: Int, index: Int)] = []
}

extension Array {
    /// Empties the array from its end, keeping its storage: what `removeAll(keepingCapacity: true)`
    /// does, without its call into the array's range replacement (about 200 instructions a call,
    /// where the producer's working arrays and queues hold a few elements, none after most events).
    mutating func removeAllFromEnd() {
        while !isEmpty { removeLast() }
    }
}
