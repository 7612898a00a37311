import KafkaCore

/// Answers: metadata, the coordinator, commits, offset lookups and fetched records.
extension KafkaConsumer {
    public mutating func handle(_ response: ClientResponse, id: UInt64, from broker: BrokerID, at now: Instant) {
        lastTick = now
        guard let entry = inFlight.complete(id, from: broker) else {
            step(at: now)
            return
        }
        switch (entry.context, response) {
        case (.metadata, .metadata(let answer)):
            metadata.update(with: answer, at: now)
            metadataReady = true
        case (.findCoordinator, .findCoordinator(let answer)):
            if answer.error == .none, let found = answer.coordinator {
                coordinator = found
                // A new coordinator starts a new session clock; heartbeat at once to learn
                // whether it still knows the member.
                lastHeartbeatAckAt = now
                nextHeartbeatAt = now
            } else {
                coordinatorRetryAt = now + config.retryBackoff
            }
        case (.joinGroup, .joinGroup(let answer)):
            handleJoin(answer, id: id, at: now)
        case (.syncGroup, .syncGroup(let answer)):
            handleSync(answer, id: id, at: now)
        case (.heartbeat, .heartbeat(let answer)):
            handleHeartbeat(answer, id: id, at: now)
        case (.leaveGroup, .leaveGroup):
            break
        case (.offsetCommit, .offsetCommit(let answer)):
            let error = answer.partitions.first { $0.error != .none }?.error ?? .none
            finishCommit(id: id, error: error, at: now)
        case (.offsetFetch(let asked), .offsetFetch(let answer)):
            handleCommitted(answer, asked: asked, id: id, at: now)
        case (.listOffsets, .listOffsets(let answer)):
            handleListOffsets(answer, id: id, at: now)
        case (.fetch(let asked), .fetch(let answer)):
            fetchInFlightByBroker[broker] = nil
            handleFetch(answer, asked: asked, id: id, at: now)
        default:
            fail(entry, error: .unknownServerError, at: now)
        }
        step(at: now)
    }

    /// A request that got no usable answer: timed out, disconnected, or answered wrongly.
    mutating func fail(_ entry: InFlightRequests<Pending>.Entry, error: KafkaError, at now: Instant) {
        switch entry.context {
        case .metadata:
            metadata.failed(at: now)
        case .findCoordinator:
            coordinatorRetryAt = now + config.retryBackoff
        case .joinGroup:
            handleJoin(JoinGroupResponse(error: error), id: entry.id, at: now)
        case .syncGroup:
            handleSync(SyncGroupResponse(error: error), id: entry.id, at: now)
        case .heartbeat:
            handleHeartbeat(HeartbeatResponse(error: error), id: entry.id, at: now)
        case .leaveGroup:
            break
        case .offsetCommit:
            finishCommit(id: entry.id, error: error, at: now)
        case .offsetFetch(let asked):
            handleCommitted(OffsetFetchResponse(error: error), asked: asked, id: entry.id, at: now)
        case .listOffsets(let asked):
            handleListOffsets(
                ListOffsetsResponse(partitions: asked.map { ListOffsetsPartitionResponse($0, error: error) }),
                id: entry.id, at: now)
        case .fetch(let asked):
            fetchInFlightByBroker[entry.broker] = nil
            handleFetch(
                FetchResponse(partitions: asked.map { FetchPartitionResponse($0, error: error) }), asked: asked,
                id: entry.id, at: now)
        }
    }

    /// Errors after which the client's view of a partition's leader or the coordinator is stale.
    static func refreshesMetadata(_ error: KafkaError) -> Bool {
        switch error {
        case .notLeaderOrFollower, .leaderNotAvailable, .unknownTopicOrPartition, .fencedLeaderEpoch,
            .unknownLeaderEpoch, .requestTimedOut, .networkException, .kafkaStorageError, .replicaNotAvailable:
            true
        default:
            false
        }
    }

    // MARK: Commits

    private mutating func finishCommit(id: UInt64, error: KafkaError, at now: Instant) {
        guard let (inFlightID, commit) = commitInFlight, inFlightID == id else { return }
        commitInFlight = nil
        switch error {
        case .none:
            for partition in commit.partitions { committed[partition.topicPartition] = partition.committedOffset }
            counters.commitsSucceeded += 1
            report(commit, error: .none, at: now)
            return
        case .notCoordinator, .coordinatorNotAvailable, .requestTimedOut, .networkException:
            markCoordinatorUnknown(at: now)
        case .unknownMemberID:
            resetGeneration(keepMemberID: false)
            losePartitions()
            requestRejoin(at: now)
        case .illegalGeneration:
            resetGeneration(keepMemberID: true)
            losePartitions()
            requestRejoin(at: now)
        default:
            break
        }
        let retriable: Bool =
            switch error {
            case .notCoordinator, .coordinatorNotAvailable, .coordinatorLoadInProgress, .requestTimedOut,
                .networkException:
                true
            default:
                false
            }
        if retriable, let until = commit.retryUntil, now < until {
            var again = commit
            again.notBefore = now + config.retryBackoff
            commitQueue.insert(again, at: 0)
            return
        }
        counters.commitsFailed += 1
        report(commit, error: error, at: now)
    }

    private mutating func report(_ commit: QueuedCommit, error: KafkaError, at now: Instant) {
        var offsets: [TopicPartition: Offset] = [:]
        for partition in commit.partitions { offsets[partition.topicPartition] = partition.committedOffset }
        precondition(commitResults.count < Self.commitResultLimit, "more than \(Self.commitResultLimit) commit results")
        commitResults.append(
            CommitResult(offsets: offsets, error: error, isAutoCommit: commit.isAutoCommit, completedAt: now))
    }

    // MARK: Positions

    private mutating func handleCommitted(
        _ answer: OffsetFetchResponse, asked: [TopicPartition], id: UInt64, at now: Instant
    ) {
        guard offsetFetchInFlight == id else { return }
        offsetFetchInFlight = nil
        switch answer.error {
        case .none:
            break
        case .notCoordinator, .coordinatorNotAvailable, .requestTimedOut, .networkException:
            markCoordinatorUnknown(at: now)
            return
        default:
            offsetFetchRetryAt = now + config.retryBackoff
            return
        }
        for partition in answer.partitions where asked.contains(partition.topicPartition) {
            let topicPartition = partition.topicPartition
            guard partitions[topicPartition]?.fetchState == .awaitingCommitted else { continue }
            guard partition.error == .none else {
                offsetFetchRetryAt = now + config.retryBackoff
                continue
            }
            if partition.committedOffset.rawValue >= 0 {
                committed[topicPartition] = partition.committedOffset
                partitions[topicPartition]?.seek(to: partition.committedOffset)
            } else {
                partitions[topicPartition]?.fetchState = .awaitingReset
            }
        }
    }

    private mutating func handleListOffsets(_ answer: ListOffsetsResponse, id: UInt64, at now: Instant) {
        for partition in answer.partitions {
            let topicPartition = partition.topicPartition
            guard let state = partitions[topicPartition], state.resetInFlight == id else { continue }
            partitions[topicPartition]?.resetInFlight = nil
            guard state.fetchState == .awaitingReset else { continue }
            if partition.error == .none && partition.offset.rawValue >= 0 {
                counters.offsetResets += 1
                partitions[topicPartition]?.seek(to: partition.offset)
            } else {
                if Self.refreshesMetadata(partition.error) { metadata.invalidateLeader(of: topicPartition) }
                partitions[topicPartition]?.retryAt = now + config.retryBackoff
            }
        }
    }

    // MARK: Fetches

    private mutating func handleFetch(_ answer: FetchResponse, asked: [TopicPartition], id: UInt64, at now: Instant) {
        for partition in answer.partitions where asked.contains(partition.topicPartition) {
            let topicPartition = partition.topicPartition
            guard var state = partitions[topicPartition], state.fetchInFlight == id else { continue }
            let fetchedAt = state.fetchedAt
            state.fetchInFlight = nil
            state.fetchedAt = nil
            // A seek or reset since the request makes its records stale.
            guard let position = state.position, fetchedAt == position, state.fetchState == .fetching else {
                partitions[topicPartition] = state
                continue
            }
            switch partition.error {
            case .none:
                state.highWatermark = partition.highWatermark
                state.lastStableOffset = partition.lastStableOffset
                state.logStartOffset = partition.logStartOffset
                take(partition.records, into: &state, from: position, of: topicPartition)
            case .offsetOutOfRange:
                state.fetchState = .awaitingReset
            default:
                if Self.refreshesMetadata(partition.error) { metadata.invalidateLeader(of: topicPartition) }
                state.retryAt = now + config.retryBackoff
            }
            partitions[topicPartition] = state
        }
    }

    /// Decodes whole batches in place, skipping records below the position (a batch may start
    /// before it) and control batches; the position moves past the last batch once all are
    /// returned. Records are buffered in chunks of `max.poll.records`, which `poll` hands over
    /// whole.
    ///
    /// Every batch's CRC is checked first (Kafka's `check.crcs=true`), then its records as they
    /// are decoded; a broken or compressed batch ends the fetch before it, so the position never
    /// skips a record.
    private mutating func take(
        _ bytes: [UInt8], into state: inout ConsumerPartitionState, from position: Offset,
        of topicPartition: TopicPartition
    ) {
        var end = position
        // The records are kept as where their keys and values lie in `bytes` (no copy per record).
        let records = RecordChunks.gather(chunkSize: config.maxPollRecords, fetchedBytes: bytes.count) { chunks in
            bytes.withUnsafeBytes { fetched in
                guard let base = fetched.baseAddress else { return }
                RecordBatch.forEachBatch(in: bytes) { batch in
                    let next = batch.nextOffset
                    guard next > position else { return true }
                    guard batch.isChecksumValid else { return false }
                    guard !batch.isControl else {
                        end = next
                        return true
                    }
                    // The records are checked while they are decoded (one pass); a broken one keeps
                    // its whole batch out.
                    do throws(RecordBatchError) {
                        guard let start = batch.buffer.baseAddress else { return false }
                        try chunks.append(batch, from: position, fetchStart: base.distance(to: start))
                    } catch {
                        return false
                    }
                    end = next
                    return true
                }
            }
            return end > position ? chunks.finish(topicPartition, fetched: bytes) : []
        }
        guard end > position else { return }
        if records.isEmpty {
            state.position = end
            return
        }
        state.buffered = records
        state.bufferEnd = end
        completedOrder.append(topicPartition)
    }
}
