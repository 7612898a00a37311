import KafkaCore
import KafkaLog

extension Broker {
    /// Produce (Kafka's `ReplicaManager.appendRecords`): validates `acks`, appends each
    /// partition's batch as leader after the producer-state checks, then answers at once
    /// (`acks=1`), never (`acks=0`), or once the ISR has the records (`acks=all`).
    func handleProduce(_ request: ProduceRequest, id: UInt64, from client: NodeID, now: Instant) {
        statistics.produceRequests += 1
        guard (-1...1).contains(request.acks) else {
            let partitions = request.partitions.map {
                ProducePartitionResponse($0.topicPartition, error: .invalidRequiredAcks)
            }
            reply(.produce(ProduceResponse(partitions: partitions)), id: id, to: client)
            return
        }
        // `waiting` lists every partition appended or found duplicate, whatever the acks: acks=all
        // waits on them, and the parked fetches are tried on the replicas their appends grew (no
        // second list of those per request).
        var delayed = DelayedProduce(
            id: id, client: client, deadline: now + request.timeout, responses: [], waiting: [])
        delayed.responses.reserveCapacity(request.partitions.count)
        // Into the spare storage an answered produce left, if any (see `spareProduceWaits`).
        swap(&delayed.waiting, &spareProduceWaits)
        assert(delayed.waiting.isEmpty, "spare produce waits hold \(delayed.waiting.count) waits")
        if delayed.waiting.capacity < request.partitions.count {
            delayed.waiting.reserveCapacity(request.partitions.count)
        }
        var failed = false
        for data in request.partitions {
            let generation = partitions.generation
            let (response, lastOffset, partition) = append(data, acks: request.acks, now: now)
            if response.error != .none {
                failed = true
            } else {
                delayed.waiting.append(
                    DelayedProduceWait(
                        position: delayed.responses.count, lastOffset: lastOffset,
                        replica: partition.map { ResolvedReplica(partition: $0, generation: generation) }))
            }
            delayed.responses.append(response)
        }
        // As Kafka's `ReplicaManager.appendRecords`, the parked fetches are tried once every
        // partition of the request is appended (its action queue runs after the request): a
        // follower's fetch then carries all of them in one answer. (A partition has a replica
        // exactly when its log grew.)
        for wait in delayed.waiting {
            if let replica = wait.replica { appended(replica, now: now) }
        }
        if failed { statistics.failedProduceRequests += 1 }
        switch request.acks {
        case 0:
            return
        case 1:
            reply(.produce(ProduceResponse(partitions: delayed.responses)), id: id, to: client)
        default:
            settle(&delayed, now: now)
            if delayed.isComplete {
                reply(.produce(ProduceResponse(partitions: delayed.responses)), id: id, to: client)
                keepSpareWaits(&delayed)
            } else {
                delayedProduces.append(delayed)
            }
        }
    }

    /// Keeps a completed produce's emptied waits as `spareProduceWaits` when they have more room.
    private func keepSpareWaits(_ completed: inout DelayedProduce) {
        if spareProduceWaits.capacity < completed.waiting.capacity { swap(&spareProduceWaits, &completed.waiting) }
    }

    /// Appends one partition's batch as leader; the answer, the batch's last offset, and the
    /// partition when its log grew.
    private func append(
        _ data: ProducePartitionData, acks: Int16, now: Instant
    ) -> (ProducePartitionResponse, Offset, Partition?) {
        let topicPartition = data.topicPartition
        guard let partition = partitions[topicPartition], partition.isLeader else {
            let error: KafkaError =
                image.partitions[topicPartition] == nil ? .unknownTopicOrPartition : .notLeaderOrFollower
            return (ProducePartitionResponse(topicPartition, error: error), .none, nil)
        }
        if acks == ProduceRequest.acksAll && partition.isr.count < partition.effectiveMinIsr {
            return (ProducePartitionResponse(topicPartition, error: .notEnoughReplicas), .none, nil)
        }
        let batch = data.batch
        if batch.hasProducerID {
            switch partition.producers.check(batch) {
            case .append:
                break
            case .duplicate(let firstOffset, let lastOffset, let timestamp):
                let response = ProducePartitionResponse(
                    topicPartition, error: .none, baseOffset: firstOffset,
                    logAppendTime: partition.log.config.messageTimestampType == .logAppendTime ? timestamp : -1,
                    logStartOffset: partition.log.logStartOffset)
                return (response, lastOffset, nil)
            case .reject(let error):
                return (ProducePartitionResponse(topicPartition, error: error), .none, nil)
            }
        }
        let info: LogAppendInfo
        do {
            info = try partition.log.appendAsLeader(batch, leaderEpoch: partition.leaderEpoch, now: now)
        } catch {
            if case .offline = error { notice("\(topicPartition): log offline: \(error)") }
            if case .storage = error { notice("\(topicPartition): storage failure: \(error)") }
            return (ProducePartitionResponse(topicPartition, error: error.errorCode), .none, nil)
        }
        if batch.hasProducerID { partition.producers.recordLeaderAppend(batch, info: info) }
        statistics.bytesIn += batch.sizeInBytes
        statistics.messagesIn += info.recordCount
        let response = ProducePartitionResponse(
            topicPartition, error: .none, baseOffset: info.firstOffset, logAppendTime: info.logAppendTime,
            logStartOffset: info.logStartOffset)
        return (response, info.lastOffset, partition)
    }

    /// After a leader append to `resolved`'s replica: followers' parked fetches have data now,
    /// and a lone ISR member moves the high watermark by itself.
    func appended(_ resolved: ResolvedReplica, now: Instant) {
        maybeIncrementHighWatermark(resolved.partition, now: now)
        completeDelayedFetches(touching: resolved, now: now)
    }

    /// Re-checks the delayed produces waiting on `topicPartition` and answers the finished ones.
    func completeDelayedProduces(for topicPartition: TopicPartition, now: Instant) {
        // Fields read in place through the buffers (`contains` copied out every element).
        func waitsOn(_ delayed: DelayedProduce) -> Bool {
            delayed.responses.withUnsafeBufferPointer { responses in
                delayed.waiting.withUnsafeBufferPointer { waiting in
                    waiting.indices.contains { responses[waiting[$0].position].topicPartition == topicPartition }
                }
            }
        }
        // Every parked produce is incomplete (it is answered the moment it completes), so only
        // those waiting on this partition can change, from the first of them on. They are
        // settled in place and the unanswered ones packed towards the front, in order: no new
        // list per call. The answered ones, usually one, are popped off the end one by one
        // (`removeSubrange` costs several times as much for so few).
        guard let first = delayedProduces.firstIndex(where: waitsOn) else { return }
        var kept = first
        for index in first..<delayedProduces.count {
            // The first one waits on it: found so just above.
            if index == first || waitsOn(delayedProduces[index]) {
                settle(&delayedProduces[index], now: now)
            }
            if delayedProduces[index].isComplete {
                // The answers move into the reply, and the emptied waits may stay as the spare:
                // the produce is dropped below.
                var responses: [ProducePartitionResponse] = []
                swap(&responses, &delayedProduces[index].responses)
                reply(
                    .produce(ProduceResponse(partitions: responses)), id: delayedProduces[index].id,
                    to: delayedProduces[index].client)
                keepSpareWaits(&delayedProduces[index])
            } else {
                delayedProduces.swapAt(kept, index)
                kept += 1
            }
        }
        while delayedProduces.count > kept { delayedProduces.removeLast() }
    }

    /// Answers the delayed produces whose timeout passed: partitions still waiting get
    /// `REQUEST_TIMED_OUT` (the records stay appended and may still become committed).
    func expireDelayedProduces(now: Instant) {
        guard delayedProduces.contains(where: { $0.deadline <= now }) else { return }
        var remaining: [DelayedProduce] = []
        for var delayed in delayedProduces {
            guard delayed.deadline <= now else {
                remaining.append(delayed)
                continue
            }
            settle(&delayed, now: now)
            for wait in delayed.waiting {
                delayed.responses[wait.position] = ProducePartitionResponse(
                    delayed.responses[wait.position].topicPartition, error: .requestTimedOut)
            }
            statistics.failedProduceRequests += 1
            reply(.produce(ProduceResponse(partitions: delayed.responses)), id: delayed.id, to: delayed.client)
        }
        delayedProduces = remaining
    }

    /// Kafka's `checkEnoughReplicasReachOffset` for each waiting partition of `delayed`: no
    /// longer leader fails it; a high watermark past the offset answers it, with
    /// `NOT_ENOUGH_REPLICAS_AFTER_APPEND` when the maximal ISR fell below the minimum. Answered
    /// partitions leave `waiting`; the others stay, in order.
    ///
    /// A wait's replica is the one its append looked up: while the table's generation holds it
    /// is the table's, with no lookup by topic name. The answers and waits are read and changed
    /// in place through their buffers (reading a field of an element copied the element first).
    private func settle(_ delayed: inout DelayedProduce, now: Instant) {
        guard !delayed.waiting.isEmpty else { return }
        let generation = partitions.generation
        var kept = 0
        delayed.responses.withUnsafeMutableBufferPointer { responses in
            delayed.waiting.withUnsafeMutableBufferPointer { waiting in
                for index in waiting.indices {
                    let position = waiting[index].position
                    let replica =
                        waiting[index].replica?.current(at: generation)
                        ?? partitions[responses[position].topicPartition]
                    guard let partition = replica, partition.isLeader else {
                        responses[position] = ProducePartitionResponse(
                            responses[position].topicPartition, error: .notLeaderOrFollower)
                        continue
                    }
                    guard partition.highWatermark > waiting[index].lastOffset else {
                        waiting.swapAt(kept, index)
                        kept += 1
                        continue
                    }
                    if partition.maximalIsrCount < partition.effectiveMinIsr {
                        responses[position] = ProducePartitionResponse(
                            responses[position].topicPartition, error: .notEnoughReplicasAfterAppend)
                    }
                }
            }
        }
        // One by one, as in `completeDelayedProduces`: `removeLast(_:)` goes through
        // `replaceSubrange`, several times the cost for the one or no answered wait.
        while delayed.waiting.count > kept { delayed.waiting.removeLast() }
    }
}
