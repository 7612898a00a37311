import KafkaCore

/// What the consumer does on its own: timeouts, metadata, the coordinator, commits, offset
/// lookups and fetches, in a fixed order.
extension KafkaConsumer {
    public mutating func tick(at now: Instant) { step(at: now) }

    public mutating func connectionClosed(to broker: BrokerID, at now: Instant) {
        let lost = inFlight.disconnect(from: broker)
        guard !lost.isEmpty else { return }
        for entry in lost { fail(entry, error: .networkException, at: now) }
        step(at: now)
    }

    mutating func step(at now: Instant) {
        lastTick = now
        for (entry, timedOut) in inFlight.expire(at: now) {
            if timedOut { counters.requestTimeouts += 1 }
            fail(entry, error: timedOut ? .requestTimedOut : .networkException, at: now)
        }
        // The per-partition steps below first scan the states in storage order (no key hashed; a
        // yes-or-no answer, so hash order decides nothing) and go through `assignment` only when
        // one has something to do: most steps find nothing.
        if partitions.values.contains(where: { $0.retryAt.map { $0 <= now } ?? false }) {
            for topicPartition in assignment {
                if let retryAt = partitions[topicPartition]?.retryAt, retryAt <= now {
                    partitions[topicPartition]?.retryAt = nil
                }
            }
        }
        checkSessionAndPollTimeouts(at: now)
        requestMetadataIfDue(at: now)
        findCoordinatorIfNeeded(at: now)
        sendCommitIfDue(at: now)
        joinIfDue(at: now)
        heartbeatIfDue(at: now)
        rejoinIfMetadataChanged(at: now)
        fetchCommittedIfNeeded(at: now)
        resetPositionsIfNeeded(at: now)
        sendFetches(at: now)
        finishClosingIfDone(at: now)
    }

    /// A `mutating get`, as `ClientStateMachine` asks: a plain getter of this large struct,
    /// reached through the protocol, was handed a copy of the whole consumer at every read.
    public var nextDeadline: Instant? {
        mutating get {
            guard !isClosed else { return inFlight.nextDeadline.flatMap { $0 > lastTick ? $0 : nil } }
            var earliest: Instant?
            func consider(_ instant: Instant?) {
                guard let instant, instant > lastTick else { return }
                earliest = earliest.map { min($0, instant) } ?? instant
            }
            consider(inFlight.nextDeadline)
            if !inFlight.contains(where: { if case .metadata = $0.context { true } else { false } }) {
                consider(metadata.nextUpdateAt)
            }
            if coordinator == nil && needsCoordinator { consider(coordinatorRetryAt) }
            if memberState == .needsJoin { consider(rejoinAt) }
            if memberState == .stable {
                consider(nextHeartbeatAt)
                consider(lastHeartbeatAckAt + config.sessionTimeout)
                if let lastPollAt { consider(lastPollAt + config.maxPollInterval) }
            }
            if let first = commitQueue.first { consider(first.notBefore) }
            consider(offsetFetchRetryAt)
            // The earliest is the same in any order: the states in storage order, no key hashed.
            for state in partitions.values { consider(state.retryAt) }
            consider(closeDeadline)
            return earliest
        }
    }

    // MARK: Metadata and coordinator

    private mutating func requestMetadataIfDue(at now: Instant) {
        guard !inFlight.contains(where: { if case .metadata = $0.context { true } else { false } }),
            let (broker, request) = metadata.makeRequest(at: now)
        else { return }
        counters.metadataRequestsSent += 1
        call(.metadata(request), to: broker, context: .metadata, at: now)
    }

    /// Whether anything waits for the coordinator: a group to join, commits, offset lookups.
    var needsCoordinator: Bool {
        guard config.groupID != nil, !isClosed else { return false }
        if !subscription.isEmpty, memberState != .unsubscribed, memberState != .pollTimedOut {
            if case .failed = memberState {} else { return true }
        }
        if commitsPending > 0 { return true }
        return partitions.values.contains { $0.fetchState == .awaitingCommitted }
    }

    private mutating func findCoordinatorIfNeeded(at now: Instant) {
        guard let groupID = config.groupID, coordinator == nil, needsCoordinator, coordinatorRetryAt <= now,
            !inFlight.contains(where: { if case .findCoordinator = $0.context { true } else { false } })
        else { return }
        counters.coordinatorLookups += 1
        // Any broker answers; take them in turn so a dead one is skipped next time.
        let broker = metadata.brokers[nextBroker % metadata.brokers.count]
        nextBroker += 1
        call(.findCoordinator(FindCoordinatorRequest(key: groupID)), to: broker, context: .findCoordinator, at: now)
    }

    /// Forgets the coordinator after an error or timeout and looks again after the backoff. A
    /// join or sync in flight to it is abandoned (its answer, if any, is ignored).
    mutating func markCoordinatorUnknown(at now: Instant) {
        guard coordinator != nil else { return }
        coordinator = nil
        coordinatorRetryAt = now + config.retryBackoff
        heartbeatInFlight = nil
        offsetFetchInFlight = nil
        if memberState == .joining || memberState == .syncing {
            groupRequestInFlight = nil
            memberState = .needsJoin
            rejoinAt = now + config.retryBackoff
        }
    }

    // MARK: Commits

    private mutating func sendCommitIfDue(at now: Instant) {
        guard let groupID = config.groupID, let coordinator, commitInFlight == nil, let commit = commitQueue.first,
            commit.notBefore <= now
        else { return }
        // The coordinator answers REBALANCE_IN_PROGRESS between join and sync: wait for the
        // assignment rather than fail.
        guard memberState != .syncing else { return }
        commitQueue.removeFirst()
        let request = OffsetCommitRequest(
            groupID: groupID, generationID: subscription.isEmpty ? -1 : generationID,
            memberID: subscription.isEmpty ? "" : memberID,
            groupInstanceID: subscription.isEmpty ? nil : config.groupInstanceID,
            partitions: commit.partitions)
        counters.commitsSent += 1
        let id = call(.offsetCommit(request), to: coordinator, context: .offsetCommit, at: now)
        commitInFlight = (id, commit)
    }

    // MARK: Positions

    /// OffsetFetch for partitions without a position, once the member owns them.
    private mutating func fetchCommittedIfNeeded(at now: Instant) {
        guard partitions.values.contains(where: { $0.fetchState == .awaitingCommitted }) else { return }
        let waiting = assignment.filter { partitions[$0]?.fetchState == .awaitingCommitted }
        guard !waiting.isEmpty else { return }
        guard let groupID = config.groupID else {
            for topicPartition in waiting { partitions[topicPartition]?.fetchState = .awaitingReset }
            return
        }
        guard let coordinator, offsetFetchInFlight == nil, offsetFetchRetryAt <= now,
            subscription.isEmpty || memberState == .stable
        else { return }
        let id = call(
            .offsetFetch(OffsetFetchRequest(groupID: groupID, partitions: waiting)), to: coordinator,
            context: .offsetFetch(waiting), at: now)
        offsetFetchInFlight = id
    }

    /// ListOffsets to each partition's leader for partitions to reset (`auto.offset.reset`).
    private mutating func resetPositionsIfNeeded(at now: Instant) {
        guard partitions.values.contains(where: { $0.isAwaitingResetRequest }) else { return }
        var byLeader: [BrokerID: [TopicPartition]] = [:]
        for topicPartition in assignment {
            guard let state = partitions[topicPartition], state.isAwaitingResetRequest else { continue }
            guard config.autoOffsetReset != .none else {
                partitions[topicPartition]?.fetchState = .resetFailed
                continue
            }
            guard let leader = metadata.leader(of: topicPartition) else { continue }
            byLeader[leader, default: []].append(topicPartition)
        }
        let timestamp =
            config.autoOffsetReset == .earliest
            ? ListOffsetsRequest.earliestTimestamp : ListOffsetsRequest.latestTimestamp
        for broker in byLeader.keys.sorted() {
            guard let members = byLeader[broker] else { continue }
            let request = ListOffsetsRequest(
                isolationLevel: config.isolationLevel,
                partitions: members.map {
                    ListOffsetsPartition($0, timestamp: timestamp, currentLeaderEpoch: metadata.leaderEpoch(of: $0))
                })
            let id = call(.listOffsets(request), to: broker, context: .listOffsets(members), at: now)
            for topicPartition in members { partitions[topicPartition]?.resetInFlight = id }
        }
    }

    // MARK: Fetches

    /// One Fetch per leader with none in flight, for every fetchable partition it leads.
    private mutating func sendFetches(at now: Instant) {
        guard !isClosing, partitions.values.contains(where: { $0.isFetchable }) else { return }
        // The fetchable partitions by leader, in the assignment's order, leaders in order: a few
        // leaders, kept in an array (a dictionary of them was allocated and hashed at every step,
        // mostly to send nothing while the leaders' fetches are in flight). The states are read in
        // place, not copied out of `partitions`.
        var byLeader: [(broker: BrokerID, members: [TopicPartition])] = []
        for topicPartition in assignment {
            guard let slot = partitions.index(forKey: topicPartition), partitions.values[slot].isFetchable,
                let leader = metadata.leader(of: topicPartition), fetchInFlightByBroker[leader] == nil
            else { continue }
            if let group = byLeader.firstIndex(where: { $0.broker == leader }) {
                byLeader[group].members.append(topicPartition)
            } else {
                byLeader.append((leader, [topicPartition]))
            }
        }
        byLeader.sort { $0.broker < $1.broker }
        for (broker, members) in byLeader {
            let fetchPartitions = members.compactMap { topicPartition -> FetchPartition? in
                guard let slot = partitions.index(forKey: topicPartition),
                    let position = partitions.values[slot].position
                else { return nil }
                return FetchPartition(
                    topicPartition, fetchOffset: position, currentLeaderEpoch: metadata.leaderEpoch(of: topicPartition),
                    partitionMaxBytes: config.maxPartitionFetchBytes)
            }
            let request = FetchRequest(
                maxWait: config.fetchMaxWait, minBytes: config.fetchMinBytes, maxBytes: config.fetchMaxBytes,
                isolationLevel: config.isolationLevel, partitions: fetchPartitions)
            counters.fetchRequestsSent += 1
            let id = call(
                .fetch(request), to: broker, context: .fetch(members), at: now,
                timeout: config.requestTimeout + config.fetchMaxWait)
            fetchInFlightByBroker[broker] = id
            for topicPartition in members {
                guard let slot = partitions.index(forKey: topicPartition) else { continue }
                partitions.values[slot].fetchInFlight = id
                partitions.values[slot].fetchedAt = partitions.values[slot].position
            }
        }
    }

    // MARK: Close

    private mutating func finishClosingIfDone(at now: Instant) {
        guard isClosing, !isClosed else { return }
        let deadlinePassed = closeDeadline.map { $0 <= now } ?? true
        guard commitsPending == 0 || deadlinePassed else { return }
        sendLeaveGroupIfDynamic(at: now, reason: "the consumer is being closed")
        for topicPartition in assignment { drop(topicPartition) }
        memberState = .unsubscribed
        commitQueue.removeAll()
        isClosed = true
    }

    @discardableResult
    mutating func call(
        _ request: ClientRequest, to broker: BrokerID, context: Pending, at now: Instant, timeout: Duration? = nil
    ) -> UInt64 {
        let id = inFlight.makeID()
        inFlight.add(id: id, to: broker, context: context, at: now, timeout: timeout ?? config.requestTimeout)
        calls.append(ClientCall(broker: broker, id: id, request: request))
        return id
    }
}
