import KafkaCore
import KafkaLog

extension Broker {
    /// Fetch from a consumer or a follower (Kafka's `ReplicaManager.fetchMessages`): answered at
    /// once when there is an error, a divergence, or `minBytes` to return; otherwise parked
    /// until the log grows or `maxWait` passes.
    func handleFetch(_ request: FetchRequest, id: UInt64, from: NodeID, now: Instant) {
        statistics.fetchRequests += 1
        let (response, ready) = serveFetch(request, now: now)
        if ready || request.maxWait <= .zero {
            answerFetch(response, id: id, to: from, isReplica: request.replicaID != nil)
        } else {
            delayedFetches.append(DelayedFetch(id: id, from: from, request: request, deadline: now + request.maxWait))
        }
    }

    private func answerFetch(_ response: FetchResponse, id: UInt64, to node: NodeID, isReplica: Bool) {
        if !isReplica { statistics.bytesOut += response.recordBytes }
        reply(.fetch(response), id: id, to: node)
    }

    /// Reads every partition of the request; `ready` when the answer should go now.
    private func serveFetch(_ request: FetchRequest, now: Instant) -> (FetchResponse, ready: Bool) {
        var partitionsOut: [FetchPartitionResponse] = []
        partitionsOut.reserveCapacity(request.partitions.count)
        var bytes = 0
        var urgent = false
        var budget = request.maxBytes
        for fetch in request.partitions {
            let answer = readPartition(fetch, request: request, budget: budget, now: now)
            bytes += answer.records.count
            budget = max(0, budget - answer.records.count)
            if answer.error != .none || answer.divergingEpoch != nil { urgent = true }
            partitionsOut.append(answer)
        }
        return (FetchResponse(partitions: partitionsOut), urgent || bytes >= max(1, request.minBytes))
    }

    /// One partition of a Fetch (Kafka's `Partition.fetchRecords`): epoch checks, the
    /// divergence check for followers, the read (followers up to the log end, consumers up to
    /// the high watermark), and for followers the update of what the leader knows of them.
    private func readPartition(
        _ fetch: FetchPartition, request: FetchRequest, budget: Int, now: Instant
    ) -> FetchPartitionResponse {
        let topicPartition = fetch.topicPartition
        guard let partition = partitions[topicPartition], partition.isLeader else {
            let error: KafkaError =
                image.partitions[topicPartition] == nil ? .unknownTopicOrPartition : .notLeaderOrFollower
            return FetchPartitionResponse(topicPartition, error: error)
        }
        if let epoch = fetch.currentLeaderEpoch {
            if epoch < partition.leaderEpoch {
                return FetchPartitionResponse(topicPartition, error: .fencedLeaderEpoch)
            }
            if epoch > partition.leaderEpoch {
                return FetchPartitionResponse(topicPartition, error: .unknownLeaderEpoch)
            }
        }
        let log = partition.log
        let replica = request.replicaID
        if let replica, !partition.replicas.contains(replica) {
            return FetchPartitionResponse(topicPartition, error: .notLeaderOrFollower)
        }
        if let lastFetchedEpoch = fetch.lastFetchedEpoch, replica != nil || fetch.currentLeaderEpoch != nil {
            let end = log.endOffset(forEpoch: lastFetchedEpoch)
            if end.epoch < lastFetchedEpoch || end.endOffset < fetch.fetchOffset {
                return FetchPartitionResponse(
                    topicPartition, error: .none, highWatermark: partition.highWatermark,
                    lastStableOffset: partition.highWatermark, logStartOffset: log.logStartOffset, divergingEpoch: end)
            }
        }
        let leaderLogEndOffset = log.logEndOffset
        let upperBound = replica == nil ? partition.highWatermark : leaderLogEndOffset
        let read: LogReadResult
        do {
            read = try log.read(
                from: fetch.fetchOffset, maxBytes: min(fetch.partitionMaxBytes, budget), upperBound: upperBound,
                minOneMessage: budget == request.maxBytes)
        } catch {
            return FetchPartitionResponse(
                topicPartition, error: error.errorCode, highWatermark: partition.highWatermark,
                lastStableOffset: partition.highWatermark, logStartOffset: log.logStartOffset)
        }
        if let replica {
            followerFetched(
                partition, replica: replica, fetchOffset: fetch.fetchOffset, leaderLogEndOffset: leaderLogEndOffset,
                brokerEpoch: request.replicaEpoch, now: now)
        }
        return FetchPartitionResponse(
            topicPartition, error: .none, highWatermark: partition.highWatermark,
            lastStableOffset: partition.highWatermark, logStartOffset: log.logStartOffset, records: read.records)
    }

    /// Answers parked fetches that include `topicPartition` if they now have enough.
    func completeDelayedFetches(touching topicPartition: TopicPartition, now: Instant) {
        guard delayedFetches.contains(where: { $0.touches(topicPartition) }) else { return }
        var remaining: [DelayedFetch] = []
        let parked = delayedFetches
        delayedFetches = []
        for fetch in parked {
            guard fetch.touches(topicPartition) else {
                remaining.append(fetch)
                continue
            }
            let (response, ready) = serveFetch(fetch.request, now: now)
            if ready {
                answerFetch(response, id: fetch.id, to: fetch.from, isReplica: fetch.request.replicaID != nil)
            } else {
                remaining.append(fetch)
            }
        }
        delayedFetches = remaining + delayedFetches
    }

    /// Answers the parked fetches whose wait is over with whatever they find now.
    func expireDelayedFetches(now: Instant) {
        guard delayedFetches.contains(where: { $0.deadline <= now }) else { return }
        let parked = delayedFetches
        delayedFetches = parked.filter { $0.deadline > now }
        for fetch in parked where fetch.deadline <= now {
            let (response, _) = serveFetch(fetch.request, now: now)
            answerFetch(response, id: fetch.id, to: fetch.from, isReplica: fetch.request.replicaID != nil)
        }
    }

    /// ListOffsets: the log start offset, the high watermark (hidden while a new leader's is
    /// below its epoch start, KIP-207), or the first offset at a timestamp.
    func handleListOffsets(_ request: ListOffsetsRequest, id: UInt64, from: NodeID, now: Instant) {
        let answers = request.partitions.map { lookup -> ListOffsetsPartitionResponse in
            let topicPartition = lookup.topicPartition
            guard let partition = partitions[topicPartition], let state = partition.leaderState else {
                let error: KafkaError =
                    image.partitions[topicPartition] == nil ? .unknownTopicOrPartition : .notLeaderOrFollower
                return ListOffsetsPartitionResponse(topicPartition, error: error)
            }
            if let epoch = lookup.currentLeaderEpoch, epoch != partition.leaderEpoch {
                let error: KafkaError = epoch < partition.leaderEpoch ? .fencedLeaderEpoch : .unknownLeaderEpoch
                return ListOffsetsPartitionResponse(topicPartition, error: error)
            }
            switch lookup.timestamp {
            case ListOffsetsRequest.earliestTimestamp:
                return ListOffsetsPartitionResponse(
                    topicPartition, error: .none, offset: partition.log.logStartOffset,
                    leaderEpoch: partition.leaderEpoch)
            case ListOffsetsRequest.latestTimestamp:
                guard partition.highWatermark >= state.epochStartOffset else {
                    return ListOffsetsPartitionResponse(topicPartition, error: .offsetNotAvailable)
                }
                return ListOffsetsPartitionResponse(
                    topicPartition, error: .none, offset: partition.highWatermark, leaderEpoch: partition.leaderEpoch)
            default:
                do throws(LogError) {
                    guard let found = try partition.log.offsetForTimestamp(lookup.timestamp),
                        found.offset < partition.highWatermark
                    else {
                        return ListOffsetsPartitionResponse(
                            topicPartition, error: .none, leaderEpoch: partition.leaderEpoch)
                    }
                    return ListOffsetsPartitionResponse(
                        topicPartition, error: .none, timestamp: found.timestampMilliseconds, offset: found.offset,
                        leaderEpoch: found.leaderEpoch ?? partition.leaderEpoch)
                } catch {
                    return ListOffsetsPartitionResponse(topicPartition, error: error.errorCode)
                }
            }
        }
        reply(.listOffsets(ListOffsetsResponse(partitions: answers)), id: id, to: from)
    }
}
