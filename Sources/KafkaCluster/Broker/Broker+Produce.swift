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
        // The replica each partition's append grew, by position in the request: waking the
        // parked fetches and settling the answer find them here instead of in the table. Kept
        // on the stack for the request (an array was an allocation per produce).
        withUnsafeTemporaryAllocation(of: ResolvedReplica?.self, capacity: request.partitions.count) { appendedTo in
            var count = 0
            defer { appendedTo.baseAddress?.deinitialize(count: count) }
            var delayed = DelayedProduce(id: id, client: client, deadline: now + request.timeout, partitions: [])
            delayed.partitions.reserveCapacity(request.partitions.count)
            var failed = false
            for data in request.partitions {
                let generation = partitions.generation
                let (response, lastOffset, partition) = append(data, acks: request.acks, now: now)
                appendedTo.initializeElement(
                    at: count, to: partition.map { ResolvedReplica(partition: $0, generation: generation) })
                count += 1
                if response.error != .none { failed = true }
                let waits = request.acks == ProduceRequest.acksAll && response.error == .none
                delayed.partitions.append(
                    DelayedProducePartition(response: response, waitingFor: waits ? lastOffset : nil))
            }
            let resolved = UnsafeBufferPointer(rebasing: appendedTo[0..<count])
            // As Kafka's `ReplicaManager.appendRecords`, the parked fetches are tried once every
            // partition of the request is appended (its action queue runs after the request): a
            // follower's fetch then carries all of them in one answer.
            for case let replica? in resolved { appended(replica, now: now) }
            if failed { statistics.failedProduceRequests += 1 }
            switch request.acks {
            case 0:
                return
            case 1:
                reply(.produce(ProduceResponse(partitions: delayed.partitions.map(\.response))), id: id, to: client)
            default:
                settle(&delayed, resolved: resolved, now: now)
                if delayed.isComplete {
                    reply(
                        .produce(ProduceResponse(partitions: delayed.partitions.map(\.response))), id: id, to: client)
                } else {
                    delayedProduces.append(delayed)
                }
            }
        }
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
        // Fields read in place through the buffer (`contains` copied out every element).
        func waitsOn(_ delayed: DelayedProduce) -> Bool {
            delayed.partitions.withUnsafeBufferPointer { partitions in
                partitions.indices.contains {
                    partitions[$0].waitingFor != nil && partitions[$0].response.topicPartition == topicPartition
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
            if waitsOn(delayedProduces[index]) {
                settle(&delayedProduces[index], now: now)
            }
            if delayedProduces[index].isComplete {
                let delayed = delayedProduces[index]
                reply(
                    .produce(ProduceResponse(partitions: delayed.partitions.map(\.response))), id: delayed.id,
                    to: delayed.client)
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
            for index in delayed.partitions.indices where delayed.partitions[index].waitingFor != nil {
                delayed.partitions[index].waitingFor = nil
                delayed.partitions[index].response = ProducePartitionResponse(
                    delayed.partitions[index].response.topicPartition, error: .requestTimedOut)
            }
            statistics.failedProduceRequests += 1
            reply(
                .produce(ProduceResponse(partitions: delayed.partitions.map(\.response))), id: delayed.id,
                to: delayed.client)
        }
        delayedProduces = remaining
    }

    /// Kafka's `checkEnoughReplicasReachOffset` for each waiting partition: no longer leader
    /// fails it; a high watermark past the offset answers it, with
    /// `NOT_ENOUGH_REPLICAS_AFTER_APPEND` when the maximal ISR fell below the minimum.
    ///
    /// `resolved`, when not empty, holds the replica of each partition of `delayed` (by
    /// position) that the request's append looked up, or `nil`: those need no table lookup.
    ///
    /// The partitions are read and settled in place through their buffer: reading a field of
    /// `delayed.partitions[index]` copied the whole element (its topic and answer) first.
    private func settle(
        _ delayed: inout DelayedProduce, resolved: UnsafeBufferPointer<ResolvedReplica?> = .init(start: nil, count: 0),
        now: Instant
    ) {
        delayed.partitions.withUnsafeMutableBufferPointer { waiting in
            for index in waiting.indices {
                guard let lastOffset = waiting[index].waitingFor else { continue }
                let replica =
                    if index < resolved.count, let known = resolved[index] {
                        known.current(at: partitions.generation) ?? partitions[waiting[index].response.topicPartition]
                    } else {
                        partitions[waiting[index].response.topicPartition]
                    }
                guard let partition = replica, partition.isLeader else {
                    waiting[index].waitingFor = nil
                    waiting[index].response = ProducePartitionResponse(
                        waiting[index].response.topicPartition, error: .notLeaderOrFollower)
                    continue
                }
                guard partition.highWatermark > lastOffset else { continue }
                waiting[index].waitingFor = nil
                if partition.maximalIsr.count < partition.effectiveMinIsr {
                    waiting[index].response = ProducePartitionResponse(
                        waiting[index].response.topicPartition, error: .notEnoughReplicasAfterAppend)
                }
            }
        }
    }
}
