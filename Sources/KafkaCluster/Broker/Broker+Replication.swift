import KafkaCore
import KafkaLog

extension Broker {
    /// Sends a replica fetch to every leader this broker follows that has none in flight.
    func fetchFromLeaders(now: Instant) {
        guard lifecycle != .starting && lifecycle != .stopped else { return }
        for fetcher in replicaFetchers where fetcher.isFollowing && fetcher.inFlight == nil {
            sendReplicaFetch(fetcher, replicas: replicas(of: fetcher), now: now)
        }
    }

    /// Kafka's `ReplicaFetcherThread.buildFetch`: the partitions ready to fetch (not backing
    /// off) go to the leader's fetch session handler, which sends the full list or only what
    /// changed since the last request. `replicas` are the fetcher's (`replicas(of:)`).
    private func sendReplicaFetch(_ fetcher: ReplicaFetcher, replicas: [Partition?], now: Instant) {
        let leader = fetcher.leader
        let data: FetchSessionHandler.RequestData
        if let altered = refreshSessionInPlace(fetcher, replicas: replicas, now: now) {
            data = FetchSessionHandler.RequestData(metadata: fetcher.handler.next, toSend: altered, toForget: [])
        } else {
            var fetches: [FetchPartition] = []
            fetches.reserveCapacity(replicas.count)
            for case let partition? in replicas {
                guard case .follower(_, let retryAt) = partition.role else { continue }
                if let retryAt, retryAt > now { continue }
                if retryAt != nil { partition.role = .follower(leader: leader, retryAt: nil) }
                fetches.append(fetchState(of: partition))
            }
            guard let built = fetcher.handler.build(fetches) else { return }
            data = built
        }
        let request = FetchRequest(
            replicaID: id, replicaEpoch: brokerEpoch, maxWait: config.replicaFetchWaitMax,
            minBytes: config.replicaFetchMinBytes, maxBytes: config.replicaFetchResponseMaxBytes,
            session: data.metadata, forgottenPartitions: data.toForget, partitions: data.toSend)
        let requestID = takeRequestID()
        fetcher.inFlight = ReplicaFetchInFlight(requestID: requestID, deadline: now + config.replicaSocketTimeout)
        send(.request(id: requestID, .fetch(request)), to: leader)
    }

    /// `fetcher.replicas(in: partitions)`, without passing the table (see
    /// `ResolvedReplicas.replicas(at:count:)`) while neither it nor the fetcher's partitions
    /// changed.
    private func replicas(of fetcher: ReplicaFetcher) -> [Partition?] {
        fetcher.replicas(at: partitions.generation) ?? fetcher.replicas(in: partitions)
    }

    /// What a follower asks of `partition`: from its log end, in its leader epoch.
    private func fetchState(of partition: Partition) -> FetchPartition {
        let log = partition.log
        return FetchPartition(
            partition.topicPartition, fetchOffset: log.logEndOffset, currentLeaderEpoch: partition.leaderEpoch,
            lastFetchedEpoch: log.latestEpoch, logStartOffset: log.logStartOffset,
            partitionMaxBytes: config.replicaFetchMaxBytes)
    }

    /// The usual case of `FetchSessionHandler.build`, without building the whole list: an
    /// incremental session that holds every followed partition, in order, none of them backing
    /// off. Updates the session's fetch states in place and returns those that changed; `nil`
    /// (nothing touched) when the case does not hold.
    ///
    /// A partition unchanged since its last refresh here (`RefreshStamps`) is not looked at: the
    /// check that the case holds lists the others, and only they are refreshed.
    private func refreshSessionInPlace(
        _ fetcher: ReplicaFetcher, replicas: [Partition?], now: Instant
    ) -> [FetchPartition]? {
        // The stamps leave the fetcher while they change, as the handler does below.
        var stamps = RefreshStamps()
        swap(&stamps, &fetcher.refreshStamps)
        defer { swap(&stamps, &fetcher.refreshStamps) }
        stamps.prepare(count: replicas.count, generation: partitions.generation)
        guard let changed = changedSinceRefresh(fetcher.handler, replicas: replicas, stamps: stamps, now: now) else {
            // The caller rebuilds the session: its entries may no longer be what was refreshed.
            stamps.invalidate()
            return nil
        }
        // The handler leaves the fetcher while it changes: its session list stays uniquely
        // referenced (changed in place), and the loop is not an exclusivity check per partition.
        var handler = FetchSessionHandler()
        swap(&handler, &fetcher.handler)
        defer { swap(&handler, &fetcher.handler) }
        let maxBytes = config.replicaFetchMaxBytes
        // Room for every change the refresh can find: a changed position below 64 each, and
        // every position from 64 on.
        let mostAltered = changed.nonzeroBitCount + max(0, replicas.count - 64)
        var altered: [FetchPartition] = []
        func refresh(_ index: Int) {
            guard let partition = replicas[index], !stamps.unchanged(index, partition) else { return }
            if case .follower(_, .some) = partition.role {
                partition.role = .follower(leader: fetcher.leader, retryAt: nil)
            }
            let log = partition.log
            if let changed = handler.refresh(
                at: index, fetchOffset: log.logEndOffset, currentLeaderEpoch: partition.leaderEpoch,
                lastFetchedEpoch: log.latestEpoch, logStartOffset: log.logStartOffset, partitionMaxBytes: maxBytes)
            {
                // One allocation for every change this refresh can find, not one per doubling.
                if altered.isEmpty { altered.reserveCapacity(mostAltered) }
                altered.append(changed)
            }
            stamps.record(index, partition)
        }
        // The changed positions below 64 one set bit after another, in order (not a test of
        // every position: most of a session's partitions are idle), then every position from 64.
        var bits = changed
        while bits != 0 {
            refresh(bits.trailingZeroBitCount)
            bits &= bits &- 1
        }
        for index in replicas.indices.dropFirst(64) { refresh(index) }
        // Every replica is as recorded now: nothing but the refreshes changed them since the check.
        stamps.settle(replicas)
        return altered
    }

    /// Whether `refreshSessionInPlace` applies (see there), a partition unchanged since its last
    /// refresh (`stamps`) still doing: `nil` when it does not, else the positions below 64 of the
    /// partitions changed since, as bits (the refresh looks at every position from 64 on).
    /// Refreshing one partition changes no other, so these are the ones the refresh finds changed.
    /// The positions of topics whose signal held since the last refresh are not looked at
    /// (`RefreshStamps.quiet`).
    private func changedSinceRefresh(
        _ handler: FetchSessionHandler, replicas: [Partition?], stamps: RefreshStamps, now: Instant
    ) -> UInt64? {
        let session = handler.sessionPartitions
        guard !handler.next.isFull, !replicas.isEmpty, session.count == replicas.count else { return nil }
        func changes(_ index: Int) -> Bool? {
            if let partition = replicas[index], stamps.unchanged(index, partition) { return false }
            guard let partition = replicas[index], case .follower(_, let retryAt) = partition.role,
                retryAt.map({ $0 <= now }) ?? true, session[index].topicPartition == partition.topicPartition
            else { return nil }
            return true
        }
        var unknown = TopicSignalGroups.positions(below: replicas.count) & ~stamps.quiet()
        var changed: UInt64 = 0
        while unknown != 0 {
            let index = unknown.trailingZeroBitCount
            unknown &= unknown &- 1
            guard let changes = changes(index) else { return nil }
            if changes { changed |= 1 &<< UInt64(index) }
        }
        for index in replicas.indices.dropFirst(64) where changes(index) == nil { return nil }
        return changed
    }

    /// When the next replica fetch is due: a fetch's timeout, or a partition's backoff ending.
    var nextReplicationDeadline: Instant? {
        var earliest: Instant?
        for fetcher in replicaFetchers where fetcher.isFollowing {
            if let inFlight = fetcher.inFlight {
                earliest = min(earliest ?? inFlight.deadline, inFlight.deadline)
                continue
            }
            for case let partition? in replicas(of: fetcher) {
                if case .follower(_, let retryAt?) = partition.role {
                    earliest = min(earliest ?? retryAt, retryAt)
                }
            }
        }
        return earliest
    }

    /// Gives up on fetches without an answer for `replica.socket.timeout.ms`; the next fetch
    /// to that leader is a full one (`FetchSessionHandler.handleError`).
    func expireReplicaFetches(now: Instant) {
        for fetcher in replicaFetchers {
            guard let inFlight = fetcher.inFlight, inFlight.deadline <= now else { continue }
            fetcher.inFlight = nil
            fetcher.handler.handleError()
        }
    }

    /// A leader answered a replica fetch: append what came, truncate where the logs diverge,
    /// back off partitions that failed; then fetch again. In an incremental session, partitions
    /// the answer leaves out have nothing new; an answer the session handler rejects (a session
    /// error) is dropped, and the next fetch is a full one.
    func handleReplicaFetchResponse(
        _ response: FetchResponse, id requestID: UInt64, from leader: BrokerID, now: Instant
    ) {
        guard let fetcher = replicaFetcher(for: leader), let inFlight = fetcher.inFlight,
            inFlight.requestID == requestID
        else { return }
        fetcher.inFlight = nil
        let accepted = fetcher.handler.handleResponse(response)
        // The followed replicas, resolved once for the answer and the next fetch: handling a
        // partition's answer changes neither the partition table nor the fetcher's partitions.
        let replicas = replicas(of: fetcher)
        if accepted {
            // Each answer's fields are read in place by index: `for answer in` copied every
            // answer out of the list (a retain and release of its topic name and records).
            let answers = response.partitions
            // The session's fetch states, read once per answer rather than once per partition (a
            // retain and release each): handling a partition's answer does not change the session.
            let session = fetcher.handler.sessionPartitions
            for position in answers.indices {
                guard let index = FetchSessionHandler.sentIndex(answers[position].topicPartition, in: session),
                    let partition = followedReplica(
                        answers[position].topicPartition, sessionIndex: index, in: replicas),
                    case .follower(let current, _) = partition.role, current == leader,
                    partition.leaderEpoch == session[index].currentLeaderEpoch,
                    partition.logEndOffset == session[index].fetchOffset
                else { continue }
                switch answers[position].error {
                case .none:
                    if let diverging = answers[position].divergingEpoch {
                        guard !config.plantedBugSkipsDivergenceTruncation else { continue }
                        truncateOnDivergence(partition, diverging, now: now)
                    } else {
                        appendFetched(
                            partition, records: answers[position].records,
                            highWatermark: answers[position].highWatermark,
                            logStartOffset: answers[position].logStartOffset, now: now)
                    }
                case .offsetOutOfRange:
                    resetOutOfRange(partition, answers[position], now: now)
                default:
                    partition.role = .follower(leader: leader, retryAt: now + config.replicaFetchBackoff)
                }
            }
        }
        if fetcher.isFollowing { sendReplicaFetch(fetcher, replicas: replicas, now: now) }
    }

    /// `partitions[topicPartition]`, found among the fetcher's resolved `replicas` when its
    /// followed list and session list agree at `sessionIndex` (the usual case): no lookup by
    /// topic name. (A resolved replica sits under its own topic partition, so one with that
    /// topic partition is the table's.)
    private func followedReplica(
        _ topicPartition: TopicPartition, sessionIndex: Int, in replicas: [Partition?]
    ) -> Partition? {
        if sessionIndex < replicas.count, let replica = replicas[sessionIndex],
            replica.topicPartition == topicPartition
        {
            return replica
        }
        return partitions[topicPartition]
    }

    /// Appends a fetch answer's `records` to the follower's log and takes the leader's
    /// `highWatermark` and `logStartOffset` from it.
    private func appendFetched(
        _ partition: Partition, records: [UInt8], highWatermark: Offset, logStartOffset: Offset, now: Instant
    ) {
        let log = partition.log
        if !records.isEmpty {
            let logEndOffset = log.logEndOffset
            do {
                // Usually the records are one whole batch past the log end (what the scan would
                // find alone, with nothing left over): appended without a scan or a list of one.
                // Anything else (several batches, a partial one) takes the scan, as it always did.
                let single: RecordBatch?
                do { single = try RecordBatch(bytes: records) } catch { single = nil }
                if let batch = single, batch.lastOffset >= logEndOffset {
                    _ = try log.appendAsFollower(batch, now: now)
                    partition.producers.record(batch)
                } else {
                    let scan = RecordBatch.batches(in: records, validating: false)
                    // Usually every batch is past the log end: then no filtered copy of the list.
                    let batches =
                        scan.batches.allSatisfy { $0.lastOffset >= logEndOffset }
                        ? scan.batches : scan.batches.filter { $0.lastOffset >= logEndOffset }
                    _ = try log.appendAsFollower(batches, now: now)
                    partition.producers.record(batches)
                }
                statistics.replicationBytesIn += records.count
            } catch {
                notice("\(partition.topicPartition): follower append failed: \(error)")
                partition.role = .follower(leader: partition.leader, retryAt: now + config.replicaFetchBackoff)
                return
            }
        }
        // The log's offsets read once each (calls into the log's module), not once per use.
        let localStartOffset = log.logStartOffset
        partition.highWatermark = max(localStartOffset, min(highWatermark, log.logEndOffset))
        if logStartOffset > localStartOffset {
            do {
                _ = try log.deleteRecords(before: logStartOffset, highWatermark: partition.highWatermark)
            } catch {
                notice("\(partition.topicPartition): cannot advance the log start offset: \(error)")
            }
            partition.highWatermark = max(partition.highWatermark, log.logStartOffset)
        }
    }

    /// Kafka's `getOffsetTruncationState` on a diverging epoch: keep what matches the leader's
    /// epoch, or step back to the end of our own earlier epoch and ask again (KIP-279).
    func truncateOnDivergence(_ partition: Partition, _ diverging: EpochEndOffset, now: Instant) {
        let log = partition.log
        let logEndOffset = log.logEndOffset
        let target: Offset
        if diverging.isUndefined {
            target = partition.highWatermark
        } else {
            let local = log.endOffset(forEpoch: diverging.epoch)
            if local.isUndefined {
                target = min(diverging.endOffset, logEndOffset)
            } else if local.epoch != diverging.epoch {
                target = min(local.endOffset, logEndOffset)
            } else {
                target = min(local.endOffset, diverging.endOffset, logEndOffset)
            }
        }
        truncate(partition, to: max(target, log.logStartOffset), now: now)
    }

    private func resetOutOfRange(_ partition: Partition, _ answer: FetchPartitionResponse, now: Instant) {
        let log = partition.log
        if log.logEndOffset < answer.logStartOffset {
            do {
                try log.truncateFully(startingAt: answer.logStartOffset, now: now)
                partition.producers = ProducerStateManager()
                partition.highWatermark = log.logStartOffset
            } catch {
                notice("\(partition.topicPartition): cannot restart the log at \(answer.logStartOffset): \(error)")
            }
        } else {
            truncate(
                partition, to: max(min(partition.highWatermark, answer.highWatermark), log.logStartOffset), now: now)
        }
    }

    /// Truncates a follower's log and brings its producer state and high watermark along.
    ///
    /// A target at or past the log end offset removes no records but still goes to the log, as
    /// Kafka's `UnifiedLog.truncateTo` does: the epoch cache loses its entries from the log end
    /// on. A broker that became leader of an epoch and wrote nothing in it before losing the
    /// leadership keeps that entry otherwise, so its `lastFetchedEpoch` stays above the new
    /// leader's and every fetch answers with the same diverging epoch: the follower never
    /// catches up and never rejoins the ISR (sweep seed 141).
    func truncate(_ partition: Partition, to offset: Offset, now: Instant) {
        let log = partition.log
        do {
            guard try log.truncate(to: offset) else { return }
            partition.producers = try ProducerStateManager.rebuild(from: log)
        } catch {
            notice("\(partition.topicPartition): truncation to \(offset) failed: \(error)")
        }
        partition.highWatermark = min(partition.highWatermark, log.logEndOffset)
        statistics.truncations += 1
    }
}
