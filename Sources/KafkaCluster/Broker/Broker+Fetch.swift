import KafkaCore
import KafkaLog

extension Broker {
    /// Fetch from a consumer or a follower (Kafka's `ReplicaManager.fetchMessages`): the fetch
    /// session decides which partitions to read (`FetchSessionCache.newContext`); answered at
    /// once when there is an error, a divergence, or `minBytes` to return; otherwise parked
    /// until the log grows or `maxWait` passes.
    func handleFetch(_ request: FetchRequest, id: UInt64, from: NodeID, now: Instant) {
        statistics.fetchRequests += 1
        let (context, fetches) = fetchSessionCache.newContext(for: request, now: now)
        let (answers, ready) = serveFetch(fetches, request: request, now: now)
        if ready || request.maxWait <= .zero || fetches.isEmpty {
            answerFetch(request, context: context, fetches: fetches, answers: answers, id: id, to: from, now: now)
        } else {
            delayedFetches.append(
                DelayedFetch(
                    id: id, from: from, request: request, context: context, fetches: fetches,
                    deadline: now + request.maxWait))
        }
    }

    /// Sends the answer, which the fetch session trims to what the fetcher has not heard yet.
    private func answerFetch(
        _ request: FetchRequest, context: FetchContext, fetches: [FetchPartition], answers: [FetchPartitionResponse],
        id: UInt64, to node: NodeID, now: Instant
    ) {
        let response = fetchSessionCache.response(
            context, fetched: fetches, answers: answers, replicaID: request.replicaID, now: now)
        if request.replicaID == nil { statistics.bytesOut += response.recordBytes }
        reply(.fetch(response), id: id, to: node)
    }

    private func answerFetch(_ parked: DelayedFetch, answers: [FetchPartitionResponse], now: Instant) {
        answerFetch(
            parked.request, context: parked.context, fetches: parked.fetches, answers: answers, id: parked.id,
            to: parked.from, now: now)
    }

    /// Reads every partition in `fetches`; `ready` when the answer should go now.
    private func serveFetch(
        _ fetches: [FetchPartition], request: FetchRequest, now: Instant
    ) -> ([FetchPartitionResponse], ready: Bool) {
        var partitionsOut: [FetchPartitionResponse] = []
        partitionsOut.reserveCapacity(fetches.count)
        var bytes = 0
        var urgent = false
        var budget = request.maxBytes
        for fetch in fetches {
            let answer = readPartition(fetch, request: request, budget: budget, now: now)
            bytes += answer.records.count
            budget = max(0, budget - answer.records.count)
            if answer.error != .none || answer.divergingEpoch != nil { urgent = true }
            partitionsOut.append(answer)
        }
        return (partitionsOut, urgent || bytes >= max(1, request.minBytes))
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

    /// Answers parked fetches that include `topicPartition` if they now can complete (Kafka's
    /// purgatory `checkAndComplete` on the partition's key).
    func completeDelayedFetches(touching topicPartition: TopicPartition, now: Instant) {
        guard delayedFetches.contains(where: { $0.touches(topicPartition) }) else { return }
        var remaining: [DelayedFetch] = []
        let parked = delayedFetches
        delayedFetches = []
        for fetch in parked {
            guard fetch.touches(topicPartition), canComplete(fetch, first: topicPartition, now: now) else {
                remaining.append(fetch)
                continue
            }
            let (answers, _) = serveFetch(fetch.fetches, request: fetch.request, now: now)
            answerFetch(fetch, answers: answers, now: now)
        }
        delayedFetches = remaining + delayedFetches
    }

    /// Kafka's `DelayedFetch.tryComplete`, without reading records: complete when a partition
    /// is no longer led here in the fetched epoch, when the fetch offset fell out of the log or
    /// the log diverged from the fetcher's, or when the bytes waiting past the fetch offsets
    /// (up to the log end for followers, the high watermark for consumers) reach `minBytes`.
    ///
    /// With `minBytes` of 1 (Kafka's default for followers and consumers) any waiting batch is
    /// enough; a larger `minBytes` counts the bytes of the partitions that have some, by reading
    /// them, as this log keeps no byte positions for offsets.
    private func canComplete(_ parked: DelayedFetch, first touched: TopicPartition, now: Instant) -> Bool {
        var accumulated = 0
        // The partition that changed is the likeliest to complete the fetch: look at it first.
        if let fetch = parked.fetches.first(where: { $0.topicPartition == touched }),
            check(fetch, of: parked.request, accumulated: &accumulated)
        {
            return true
        }
        for fetch in parked.fetches where fetch.topicPartition != touched {
            if check(fetch, of: parked.request, accumulated: &accumulated) { return true }
        }
        return false
    }

    /// One partition of `canComplete`: `true` when the parked fetch must be answered now.
    private func check(_ fetch: FetchPartition, of request: FetchRequest, accumulated: inout Int) -> Bool {
        guard let partition = partitions[fetch.topicPartition], partition.isLeader else { return true }
        if let epoch = fetch.currentLeaderEpoch, epoch != partition.leaderEpoch { return true }
        let log = partition.log
        guard fetch.fetchOffset >= log.logStartOffset, fetch.fetchOffset <= log.logEndOffset else { return true }
        if let lastFetchedEpoch = fetch.lastFetchedEpoch, request.replicaID != nil || fetch.currentLeaderEpoch != nil {
            let end = log.endOffset(forEpoch: lastFetchedEpoch)
            if end.epoch < lastFetchedEpoch || end.endOffset < fetch.fetchOffset { return true }
        }
        let endOffset = request.replicaID == nil ? partition.highWatermark : log.logEndOffset
        guard fetch.fetchOffset < endOffset else { return false }
        let minBytes = max(1, request.minBytes)
        if minBytes <= 1 { return true }
        do {
            let read = try log.read(
                from: fetch.fetchOffset, maxBytes: fetch.partitionMaxBytes, upperBound: endOffset, minOneMessage: false)
            accumulated += read.records.count
        } catch {
            return true
        }
        return accumulated >= minBytes
    }

    /// Answers the parked fetches whose wait is over with whatever they find now.
    func expireDelayedFetches(now: Instant) {
        guard delayedFetches.contains(where: { $0.deadline <= now }) else { return }
        let parked = delayedFetches
        delayedFetches = parked.filter { $0.deadline > now }
        for fetch in parked where fetch.deadline <= now {
            let (answers, _) = serveFetch(fetch.fetches, request: fetch.request, now: now)
            answerFetch(fetch, answers: answers, now: now)
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
