import KafkaCore
import KafkaLog

extension Broker {
    /// Fetch from a consumer or a follower (Kafka's `ReplicaManager.fetchMessages`): the fetch
    /// session decides which partitions to read (`FetchSessionCache.newContext`); answered at
    /// once when there is an error, a divergence, or `minBytes` to return; otherwise parked
    /// until the log grows or `maxWait` passes.
    func handleFetch(_ request: FetchRequest, id: UInt64, from: NodeID, now: Instant) {
        statistics.fetchRequests += 1
        let (context, fetches, session) = fetchSessionCache.newContext(for: request, now: now)
        let resolved = session.map { replicas(of: $0) } ?? resolve(fetches)
        let (reads, ready) = serveFetch(
            fetches, replicas: resolved, request: request, session: session, ownFetches: true, now: now)
        if ready || request.maxWait <= .zero || fetches.isEmpty {
            answerFetch(
                request, context: context, session: session, fetches: fetches, reads: reads, id: id, to: from,
                now: now)
        } else {
            delayedFetches.append(
                DelayedFetch(
                    id: id, from: from, request: request, context: context, session: session, fetches: fetches,
                    replicas: resolved, generation: partitions.generation, deadline: now + request.maxWait))
        }
        spareFetchReads = reads
    }

    /// `session.replicas(in: partitions)`, without passing the table (see
    /// `ResolvedReplicas.replicas(at:count:)`) while neither it nor the session's partitions
    /// changed.
    private func replicas(of session: FetchSession) -> [Partition?] {
        session.replicas(at: partitions.generation) ?? session.replicas(in: partitions)
    }

    /// This broker's replica of each partition in `fetches`, in order.
    private func resolve(_ fetches: [FetchPartition]) -> [Partition?] {
        fetches.map { partitions[$0.topicPartition] }
    }

    /// The replicas a parked fetch reads: those it resolved, unless the table changed since.
    private func replicas(of parked: DelayedFetch) -> [Partition?] {
        parked.generation == partitions.generation ? parked.replicas : resolve(parked.fetches)
    }

    /// Sends the answer, which the fetch session trims to what the fetcher has not heard yet.
    /// `session` is the one the request was served with, if any (see `FetchSessionCache.filed`).
    private func answerFetch(
        _ request: FetchRequest, context: FetchContext, session: FetchSession?, fetches: [FetchPartition],
        reads: FetchReads, id: UInt64, to node: NodeID, now: Instant
    ) {
        let response = fetchSessionCache.response(
            context, fetched: fetches, reads: reads, replicaID: request.replicaID, known: session, now: now)
        if request.replicaID == nil { statistics.bytesOut += response.recordBytes }
        reply(.fetch(response), id: id, to: node)
    }

    /// Reads and answers a parked fetch.
    private func complete(_ parked: DelayedFetch, now: Instant) {
        let session = fetchSessionCache.session(
            for: parked.context, of: parked.request.replicaID, known: parked.session)
        let (reads, _) = serveFetch(
            parked.fetches, replicas: replicas(of: parked), request: parked.request, session: session,
            ownFetches: session === parked.session, now: now)
        answerFetch(
            parked.request, context: parked.context, session: parked.session, fetches: parked.fetches, reads: reads,
            id: parked.id, to: parked.from, now: now)
        spareFetchReads = reads
    }

    /// Reads every partition in `fetches` (whose replicas here are `replicas`, in the same
    /// order, as the partition table holds them now); `ready` when the answer should go now. The
    /// reads go into `spareFetchReads`'s storage, which the caller gives back once it answered.
    ///
    /// With the fetch `session` (an incremental fetch, or a parked one completing), a partition
    /// unchanged since the session's last read found it caught up is not read again: its
    /// `FetchReadMemo` matches, and the skip does what the read would (see there). For a
    /// follower in the ISR, whose remote replica joined the session's `QuietFetchClock` after
    /// that read, the skip does nothing: the clock's one advance at the end of the serve is the
    /// fetch of every such partition. A skip that does nothing (a consumer's, or a quiet
    /// follower's) of a partition whose session already told the fetcher the high watermark and
    /// log start offset the read would answer leaves no read at all (`FetchReads.skip`): the
    /// session's answer would leave it out and remember nothing new of it. (The session's
    /// answer is that of this serve: no other answer of the session at its epoch comes between.)
    ///
    /// `ownFetches` when `fetches` are the session's own at its current epoch: those of the
    /// request that moved it there, or those a fetch parked with this very session at that epoch
    /// (an update moves the epoch on; only this fetch's answer reorders them). Their memos then
    /// match on the replica's and log's stamps alone (`FetchReadMemo.matches(_:)`).
    private func serveFetch(
        _ fetches: [FetchPartition], replicas: [Partition?], request: FetchRequest, session: FetchSession?,
        ownFetches: Bool, now: Instant
    ) -> (FetchReads, ready: Bool) {
        precondition(fetches.count == replicas.count, "\(replicas.count) replicas for \(fetches.count) partitions")
        // Into the spare reads' storage, given back once answered (a nested read finds none).
        var reads = FetchReads()
        swap(&reads, &spareFetchReads)
        reads.reset(capacity: fetches.count)
        var bytes = 0
        var urgent = false
        var budget = request.maxBytes
        var memos = session?.takeMemos() ?? []
        // What the session last told the fetcher of each partition (`FetchSession.hasTold`, read
        // in place): no answer of the session comes between this serve and its own, so nothing
        // changes it meanwhile.
        let remembers = memos.count == fetches.count && session?.cached.count == fetches.count
        // A follower's session with its memos goes by its quiet clock.
        let quiet = remembers && request.replicaID != nil ? session?.quietFetches : nil
        // The first 64 partitions whose memo matches before any is read, found in a loop of
        // loads and compares only, so that the loads of the partitions' and logs' stamps (cache
        // misses, mostly) overlap instead of stalling one after the other. Each is checked again
        // when its turn comes if anything ran since (a read, a `followerFetched`), which may have
        // changed it; until then (the idle partitions, first in the session since those that
        // return records move to its end) the pre-pass's answer stands, the state it read being
        // untouched. Of those, `silent` are the ones skipped without a read (see above).
        // A serve of the session's own fetches starts from the positions an earlier one found
        // silent and that are silent still (`FetchSession.knownSilent(at:)`), and looks at the
        // others only.
        let generation = partitions.generation
        let known = remembers && ownFetches ? session?.knownSilent(at: generation) ?? 0 : 0
        var mayMatch = known
        var silent = known
        if remembers {
            let prefix: UInt64 = fetches.count >= 64 ? ~0 : (1 &<< UInt64(fetches.count)) &- 1
            var unknown = prefix & ~known
            while unknown != 0 {
                let index = unknown.trailingZeroBitCount
                unknown &= unknown &- 1
                if let partition = replicas[index],
                    ownFetches ? memos[index].matches(partition) : memos[index].matches(partition, fetches[index])
                {
                    mayMatch |= 1 &<< UInt64(index)
                    if request.replicaID == nil || memos[index].isQuiet,
                        session?.hasTold(
                            index, highWatermark: partition.highWatermark, logStartOffset: memos[index].logStartOffset)
                            == true
                    {
                        silent |= 1 &<< UInt64(index)
                    }
                }
            }
            if ownFetches {
                // Found nothing it did not know: what it knew still holds, as noted.
                if silent != known { session?.foundSilent(silent, in: replicas, generation: generation) }
            } else {
                // Its reads may rewrite memos of partitions the session's own serves found silent.
                session?.forgetSilent()
            }
        }
        var untouched = true
        var index = 0
        while index < fetches.count {
            defer { index += 1 }
            // While nothing ran, each run of silent partitions is passed over at once.
            if index < 64 && untouched && silent & (1 &<< UInt64(index)) != 0 {
                let run = (~(silent &>> UInt64(index))).trailingZeroBitCount
                reads.skip(run)
                index += run - 1
                continue
            }
            if remembers, index >= 64 || mayMatch & (1 &<< UInt64(index)) != 0, let partition = replicas[index],
                index < 64 && untouched
                    || (ownFetches ? memos[index].matches(partition) : memos[index].matches(partition, fetches[index]))
            {
                // Caught up, as at the last read: what its end does (`followerFetched`, with the
                // log's offsets from the memo, which its stamp keeps true), unless the remote is on
                // the quiet clock, whose advance below does it.
                if let replica = request.replicaID, !memos[index].isQuiet {
                    untouched = false
                    followerFetched(
                        partition, replica: replica, fetchOffset: fetches[index].fetchOffset,
                        leaderLogEndOffset: memos[index].logEndOffset, brokerEpoch: request.replicaEpoch,
                        inIsr: memos[index].inIsr, serving: quiet, resolvedAt: generation, now: now)
                } else if session?.hasTold(
                    index, highWatermark: partition.highWatermark, logStartOffset: memos[index].logStartOffset)
                    == true
                {
                    // The skip did nothing, and the session's answer would leave its read out.
                    reads.skip(1)
                    continue
                }
                reads.append(
                    FetchPartitionRead(
                        error: .none, highWatermark: partition.highWatermark,
                        lastStableOffset: partition.highWatermark, logStartOffset: memos[index].logStartOffset))
                continue
            }
            untouched = false
            var records: [UInt8] = []
            var caughtUp = false
            let partitionStamp = replicas[index]?.changeStamp ?? 0
            let logStamp = replicas[index]?.log.changeStamp ?? 0
            let inIsr = request.replicaID.map { replicas[index]?.isr.contains($0) ?? false } ?? false
            let read = readPartition(
                fetches, at: index, replica: replicas[index], request: request, budget: budget, records: &records,
                caughtUp: &caughtUp, inIsr: inIsr, serving: quiet, resolvedAt: generation, now: now)
            if remembers {
                if caughtUp, let partition = replicas[index] {
                    // A follower in the ISR, now at the log end, joins the quiet clock.
                    var isQuiet = false
                    if inIsr, let quiet, let replica = request.replicaID, let state = partition.leaderState {
                        isQuiet = state.joinQuiet(replica, quiet)
                    }
                    memos[index].record(
                        partition, fetches, at: index, partitionStamp: partitionStamp, logStamp: logStamp,
                        inIsr: inIsr, isQuiet: isQuiet)
                    // Read for fetches not the session's: no later read of the session may take it.
                    if !ownFetches { memos[index].fetchStateChanged() }
                } else {
                    memos[index] = FetchReadMemo()
                }
            }
            let count = records.count
            bytes += count
            budget = max(0, budget - count)
            if read.error != .none || read.divergingEpoch != nil { urgent = true }
            reads.append(read, records: consume records)
        }
        quiet?.advance(to: now, brokerEpoch: request.replicaEpoch)
        // Given back as the memos' last use (a `defer` kept them alive past the call: a retain and
        // release more per serve).
        session?.restoreMemos(memos)
        return (reads, urgent || bytes >= max(1, request.minBytes))
    }

    /// One partition of a Fetch (Kafka's `Partition.fetchRecords`): epoch checks, the
    /// divergence check for followers, the read (followers up to the log end, consumers up to
    /// the high watermark), and for followers the update of what the leader knows of them.
    ///
    /// Reads `fetches[index]`, whose replica here is `partition`, if any: the fields are read in
    /// place, so the fetch (and its topic name) is not copied for each partition read. The
    /// records read, if any, go to `records`; the returned read holds no reference. `inIsr` when
    /// the fetcher is in the partition's committed ISR (as read before the read, which changes
    /// no ISR: see `followerFetched`). `serving` is the quiet clock of the session served, if
    /// any (see `followerFetched`), and `generation` the partition table's when the serve
    /// began, at which its replicas were the table's. The checks and the read are the replica's
    /// (`Partition.readForFetch`).
    ///
    /// Inlined into `serveFetch`, its only caller: returned through memory, the read's fields,
    /// written one by one here and read back as wider words there, stalled every partition.
    @inline(__always)
    private func readPartition(
        _ fetches: [FetchPartition], at index: Int, replica partition: Partition?, request: FetchRequest, budget: Int,
        records: inout [UInt8], caughtUp: inout Bool, inIsr: Bool, serving: QuietFetchClock?,
        resolvedAt generation: UInt64, now: Instant
    ) -> FetchPartitionRead {
        guard let partition, partition.isLeader else {
            let error: KafkaError =
                image.partitions[fetches[index].topicPartition] == nil ? .unknownTopicOrPartition : .notLeaderOrFollower
            return FetchPartitionRead(error: error)
        }
        var leaderLogEndOffset = Offset.none
        if let refused = partition.readForFetch(
            fetches, at: index, replicaID: request.replicaID, maxBytes: request.maxBytes, budget: budget,
            records: &records, caughtUp: &caughtUp, leaderLogEndOffset: &leaderLogEndOffset)
        {
            return refused
        }
        if let replica = request.replicaID {
            followerFetched(
                partition, replica: replica, fetchOffset: fetches[index].fetchOffset,
                leaderLogEndOffset: leaderLogEndOffset, brokerEpoch: request.replicaEpoch, inIsr: inIsr,
                serving: serving, resolvedAt: generation, now: now)
        }
        return partition.fetchAnswer()
    }

    /// Answers parked fetches that include `topicPartition` if they now can complete (Kafka's
    /// purgatory `checkAndComplete` on the partition's key).
    func completeDelayedFetches(touching topicPartition: TopicPartition, now: Instant) {
        guard !delayedFetches.isEmpty else { return }
        completeDelayedFetches(touching: topicPartition, replica: partitions[topicPartition], now: now)
    }

    /// The same for a replica the caller looked up: no table lookup while the table's generation
    /// holds.
    func completeDelayedFetches(touching resolved: ResolvedReplica, now: Instant) {
        guard !delayedFetches.isEmpty else { return }
        completeDelayedFetches(
            touching: resolved.partition.topicPartition,
            replica: resolved.current(at: partitions.generation) ?? partitions[resolved.partition.topicPartition],
            now: now)
    }

    /// `replica` is the table's replica of `topicPartition` now (one lookup, then each parked
    /// fetch is searched by identity: see `position`).
    private func completeDelayedFetches(touching topicPartition: TopicPartition, replica: Partition?, now: Instant) {
        let generation = partitions.generation
        // The first parked fetch that can complete, found before the list is touched (`canComplete`
        // changes nothing): often none (a high watermark move no parked fetch waits for), and then
        // nothing moves; the fetches before it stay as they are.
        guard
            let start = delayedFetches.firstIndex(where: { fetch in
                fetch.position(of: topicPartition, replica: replica, generation: generation).map {
                    canComplete(fetch, first: $0, now: now)
                } ?? false
            })
        else { return }
        // The parked fetches leave the list while they are tried (a completion that moves a high
        // watermark finds none of them), and those that stay are packed at its front, in order:
        // no new list per call.
        var parked: [DelayedFetch] = []
        swap(&parked, &delayedFetches)
        complete(parked[start], now: now)
        var kept = start
        for index in parked.indices.dropFirst(start + 1) {
            let fetch = parked[index]
            guard let first = fetch.position(of: topicPartition, replica: replica, generation: generation),
                canComplete(fetch, first: first, now: now)
            else {
                parked.swapAt(kept, index)
                kept += 1
                continue
            }
            complete(fetch, now: now)
        }
        // The completed ones, usually one, popped off the end one by one (`removeSubrange` is a
        // generic replacement that costs more than a few pops).
        while parked.count > kept { parked.removeLast() }
        // Completing may park nothing new (the usual case): then no concatenation.
        delayedFetches = delayedFetches.isEmpty ? parked : parked + delayedFetches
    }

    /// Kafka's `DelayedFetch.tryComplete`, without reading records: complete when a partition
    /// is no longer led here in the fetched epoch, when the fetch offset fell out of the log or
    /// the log diverged from the fetcher's, or when the bytes waiting past the fetch offsets
    /// (up to the log end for followers, the high watermark for consumers) reach `minBytes`.
    ///
    /// With `minBytes` of 1 (Kafka's default for followers and consumers) any waiting batch is
    /// enough; a larger `minBytes` counts the bytes of the partitions that have some, by reading
    /// them, as this log keeps no byte positions for offsets.
    ///
    /// `first` is the index in `parked.fetches` of the partition that changed. The check is the
    /// parked fetch's (`DelayedFetch.mustComplete`), on the replicas it resolved while the table
    /// holds them.
    private func canComplete(_ parked: DelayedFetch, first: Int, now: Instant) -> Bool {
        parked.generation == partitions.generation
            ? parked.mustComplete(first: first, in: self)
            : parked.mustComplete(first: first, replicas: resolve(parked.fetches), in: self)
    }

    /// Answers the parked fetches whose wait is over with whatever they find now.
    func expireDelayedFetches(now: Instant) {
        guard delayedFetches.contains(where: { $0.deadline <= now }) else { return }
        let parked = delayedFetches
        delayedFetches = parked.filter { $0.deadline > now }
        for fetch in parked where fetch.deadline <= now { complete(fetch, now: now) }
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

extension DelayedFetch {
    /// `Broker.canComplete` on the replicas resolved when the fetch parked, the partition
    /// table's while its generation holds. A method of the parked fetch, kept out of line: its
    /// fetches and replicas are borrowed for the whole check, where the broker's method retained
    /// and released each list on every call.
    @inline(never)
    fileprivate func mustComplete(first: Int, in broker: Broker) -> Bool {
        mustComplete(first: first, replicas: replicas, in: broker)
    }

    /// `Broker.canComplete` on `replicas`, this broker's replicas of `fetches` now.
    fileprivate func mustComplete(first: Int, replicas: [Partition?], in broker: Broker) -> Bool {
        var accumulated = 0
        // The request's two fields `mustAnswer` reads, as plain values: passing the request would
        // retain its arrays for every partition looked at.
        let replicaID = request.replicaID
        let minBytes = request.minBytes
        // The partition that changed is the likeliest to complete the fetch: look at it first.
        if replicas[first]?.mustAnswer(fetches, at: first, replicaID, minBytes, accumulated: &accumulated) ?? true {
            return true
        }
        // The others: `replicas` are the table's current ones, and `mustAnswer` found one at `first`,
        // so a partition is the one that changed exactly when its replica is that one.
        // A follower's partition whose session memo matches (read in place) is one a read found
        // caught up with nothing changed since: `mustAnswer` finds it at the log end, in the same
        // epoch, without divergence, so `false`. (Not for consumers: their read's caught-up test
        // is against the high watermark bounded by the log end, `mustAnswer`'s against the high
        // watermark.)
        let current =
            replicaID == nil ? nil : broker.fetchSessionCache.session(for: context, of: replicaID, known: session)
        let memoCount = current?.memoCount ?? 0
        // The session's own fetches, as in `serveFetch`'s `ownFetches`.
        let ownFetches = current === session
        // Those its serves found silent and whose memos match still, without a look at each.
        let known =
            ownFetches && memoCount == fetches.count
            ? current?.knownSilent(at: broker.partitions.generation) ?? 0 : 0
        var index = 0
        while index < fetches.count {
            defer { index += 1 }
            if index < 64 && known & (1 &<< UInt64(index)) != 0 {
                index += (~(known &>> UInt64(index))).trailingZeroBitCount - 1
                continue
            }
            if replicas[index] === replicas[first] { continue }
            if index < memoCount, let current, let partition = replicas[index],
                current.memoMatches(index, partition, own: ownFetches, in: fetches)
            {
                continue
            }
            if replicas[index]?.mustAnswer(fetches, at: index, replicaID, minBytes, accumulated: &accumulated) ?? true {
                return true
            }
        }
        return false
    }
}

extension Partition {
    /// `Broker.readPartition` on this replica, led here: the epoch checks, the divergence
    /// check for followers and the read (followers up to the log end, consumers up to the high
    /// watermark) of `fetches[index]` for `replicaID` (`nil` for a consumer), within `budget` of
    /// the request's `maxBytes`. The answer when a check refuses the fetch, finds a divergence
    /// or the read fails; `nil` when it passed, with the records read in `records` (none and
    /// `caughtUp` when the fetch is at the end it may read to), and the log end offset from
    /// before the read in `leaderLogEndOffset`: the caller then does the follower's bookkeeping
    /// and answers `fetchAnswer()`. Most partitions of an incremental follower fetch are caught
    /// up (the fetch offset is the log end): they find the leader's own epoch without searching
    /// the epoch cache and nothing to read without calling the log.
    ///
    /// A method of the replica, kept out of line: the replica and its log are borrowed for the
    /// whole read, where in the broker's method each was retained and released around it.
    @inline(never)
    fileprivate func readForFetch(
        _ fetches: [FetchPartition], at index: Int, replicaID replica: BrokerID?, maxBytes: Int, budget: Int,
        records: inout [UInt8], caughtUp: inout Bool, leaderLogEndOffset: inout Offset
    ) -> FetchPartitionRead? {
        let currentLeaderEpoch = fetches[index].currentLeaderEpoch
        if let epoch = currentLeaderEpoch {
            if epoch < leaderEpoch { return FetchPartitionRead(error: .fencedLeaderEpoch) }
            if epoch > leaderEpoch { return FetchPartitionRead(error: .unknownLeaderEpoch) }
        }
        if let replica, !replicas.contains(replica) {
            return FetchPartitionRead(error: .notLeaderOrFollower)
        }
        let logEndOffset = log.logEndOffset
        let fetchOffset = fetches[index].fetchOffset
        if let lastFetchedEpoch = fetches[index].lastFetchedEpoch, replica != nil || currentLeaderEpoch != nil {
            // The latest epoch ends at the log end offset (`LeaderEpochCache.endOffset`).
            let end =
                lastFetchedEpoch != .none && lastFetchedEpoch == log.latestEpoch
                ? EpochEndOffset(epoch: lastFetchedEpoch, endOffset: logEndOffset)
                : log.endOffset(forEpoch: lastFetchedEpoch)
            if end.epoch < lastFetchedEpoch || end.endOffset < fetchOffset {
                return FetchPartitionRead(
                    error: .none, highWatermark: highWatermark, lastStableOffset: highWatermark,
                    logStartOffset: log.logStartOffset, divergingEpoch: end)
            }
        }
        let upperBound = replica == nil ? highWatermark : logEndOffset
        if fetchOffset >= min(upperBound, logEndOffset) && fetchOffset <= logEndOffset
            && fetchOffset >= log.logStartOffset && !log.isOffline
        {
            // Caught up: what `PartitionLog.read` answers (no records), without the call.
            caughtUp = true
        } else {
            do {
                records = try log.read(
                    from: fetchOffset, maxBytes: min(fetches[index].partitionMaxBytes, budget), upperBound: upperBound,
                    minOneMessage: budget == maxBytes
                ).records
            } catch {
                return FetchPartitionRead(
                    error: error.errorCode, highWatermark: highWatermark, lastStableOffset: highWatermark,
                    logStartOffset: log.logStartOffset)
            }
        }
        leaderLogEndOffset = logEndOffset
        return nil
    }

    /// The answer of a read that passed `readForFetch`, as the replica stands now (after the
    /// follower's bookkeeping, which may have moved the high watermark).
    @inline(never)
    fileprivate func fetchAnswer() -> FetchPartitionRead {
        FetchPartitionRead(
            error: .none, highWatermark: highWatermark, lastStableOffset: highWatermark,
            logStartOffset: log.logStartOffset)
    }

    /// One partition of `Broker.canComplete` (a partition no longer here must be answered at
    /// once): `true` when the parked fetch of `fetches[index]` (from `replicaID`, wanting
    /// `minBytes`) must be answered now.
    ///
    /// A method of the replica, kept out of line: there the replica and its log are borrowed
    /// for the whole check, where inlined into `canComplete` each was retained and released
    /// around the log's calls.
    @inline(never)
    fileprivate func mustAnswer(
        _ fetches: [FetchPartition], at index: Int, _ replicaID: BrokerID?, _ minBytes: Int, accumulated: inout Int
    ) -> Bool {
        guard isLeader else { return true }
        let currentLeaderEpoch = fetches[index].currentLeaderEpoch
        if let epoch = currentLeaderEpoch, epoch != leaderEpoch { return true }
        let logEndOffset = log.logEndOffset
        let fetchOffset = fetches[index].fetchOffset
        guard fetchOffset >= log.logStartOffset, fetchOffset <= logEndOffset else { return true }
        if let lastFetchedEpoch = fetches[index].lastFetchedEpoch, replicaID != nil || currentLeaderEpoch != nil {
            let end =
                lastFetchedEpoch != .none && lastFetchedEpoch == log.latestEpoch
                ? EpochEndOffset(epoch: lastFetchedEpoch, endOffset: logEndOffset)
                : log.endOffset(forEpoch: lastFetchedEpoch)
            if end.epoch < lastFetchedEpoch || end.endOffset < fetchOffset { return true }
        }
        let endOffset = replicaID == nil ? highWatermark : logEndOffset
        guard fetchOffset < endOffset else { return false }
        let minBytes = max(1, minBytes)
        if minBytes <= 1 { return true }
        do {
            let read = try log.read(
                from: fetchOffset, maxBytes: fetches[index].partitionMaxBytes, upperBound: endOffset,
                minOneMessage: false)
            accumulated += read.records.count
        } catch {
            return true
        }
        return accumulated >= minBytes
    }
}
