import KafkaCore

/// A leader's incremental fetch sessions (Kafka's `FetchSessionCache` and
/// `FetchManager.newContext`, KIP-227), in memory only: a restarted broker has none, and its
/// fetchers' next incremental requests get `FETCH_SESSION_ID_NOT_FOUND` and start over.
///
/// The cache holds at most `maxEntries` sessions (`max.incremental.fetch.session.cache.slots`).
/// When it is full, a new session may evict one idle for longer than `evictionTime`
/// (`min.incremental.fetch.session.eviction.ms`), else the least valuable one it outranks: a
/// follower outranks a consumer, then more partitions outrank fewer; a follower session younger
/// than `evictionTime` is evictable only by another follower's.
///
/// Session ids come from a seeded generator (Kafka draws them at random), never 0 and never one
/// in use; nothing iterates the dictionary in an order that could show.
struct FetchSessionCache {
    let maxEntries: Int
    let evictionTime: Duration
    private(set) var sessions: [Int32: FetchSession] = [:]
    private var ids: SeededGenerator
    /// Sessions evicted to make room, for the read model and tests.
    private(set) var evictions = 0
    /// The session each follower's last incremental fetch named, by broker id: its next fetch
    /// names the same one, found without hashing the id (see `filed`).
    private var followerSessions: [FetchSession?] = []

    init(maxEntries: Int, evictionTime: Duration, seed: UInt64) {
        precondition(maxEntries >= 0, "fetch session cache of \(maxEntries) slots")
        self.maxEntries = maxEntries
        self.evictionTime = evictionTime
        ids = SeededGenerator(seed: seed)
    }

    /// Kafka's `FetchManager.newContext`: how to serve `request`, and the partitions to read.
    ///
    /// A full fetch closes the session it names; with epoch 0 it asks for a new one. An
    /// incremental fetch must name a session of this fetcher at the epoch the session expects;
    /// it updates the session's partitions, and reads all of them.
    ///
    /// `session` is the incremental fetch's session (what `session(for:of:)` answers for the
    /// context right after), handed back so that the serve needs no second lookup.
    mutating func newContext(
        for request: FetchRequest, now: Instant
    ) -> (FetchContext, [FetchPartition], session: FetchSession?) {
        let metadata = request.session
        if metadata.isFull {
            if metadata.sessionID != FetchMetadata.invalidSessionID { remove(metadata.sessionID) }
            return (metadata.epoch == FetchMetadata.finalEpoch ? .sessionless : .full, request.partitions, nil)
        }
        guard let session = filed(metadata.sessionID, known: lastSession(of: request.replicaID)),
            session.replicaID == request.replicaID
        else {
            return (.error(.fetchSessionIDNotFound), [], nil)
        }
        if let replicaID = request.replicaID { remember(session, of: replicaID) }
        guard session.epoch == metadata.epoch else { return (.error(.invalidFetchSessionEpoch), [], nil) }
        session.update(request.partitions, forgetting: request.forgottenPartitions)
        if session.isEmpty {
            remove(session.id)
            return (.sessionless, request.partitions, nil)
        }
        session.epoch = FetchMetadata.nextEpoch(after: session.epoch)
        session.lastUsedTime = now
        return (.incremental(sessionID: session.id, epoch: session.epoch), session.fetches, session)
    }

    /// This broker's replicas of the partitions an incremental fetch in `context` reads (in the
    /// order `newContext` gave them), `nil` for any other context.
    func replicas(for context: FetchContext, in table: PartitionTable) -> [Partition?]? {
        guard case .incremental(let sessionID, _) = context else { return nil }
        return sessions[sessionID]?.replicas(in: table)
    }

    /// The session of `replicaID` an incremental fetch in `context` reads, `nil` for any other
    /// context, when the session id now names another fetcher's session (evicted and reused
    /// while a fetch was parked: its read memos would answer for the wrong fetcher), or when the
    /// session moved past the context's epoch (a parked fetch whose answer will be an error,
    /// read in full: its partitions may not be the session's, whose quiet clock then must not
    /// advance).
    ///
    /// `known` is a session the caller found before (see `filed`).
    @inline(__always)
    func session(for context: FetchContext, of replicaID: BrokerID?, known: FetchSession? = nil) -> FetchSession? {
        guard case .incremental(let sessionID, let epoch) = context, let session = filed(sessionID, known: known),
            session.replicaID == replicaID, session.epoch == epoch
        else { return nil }
        return session
    }

    /// `sessions[sessionID]`, without the lookup when `known` is still in the cache under that
    /// id: a session leaves the cache once (`remove`) and never comes back, so an open session
    /// is the one its id names.
    @inline(__always)
    private func filed(_ sessionID: Int32, known: FetchSession?) -> FetchSession? {
        if let known, known.isCached, known.id == sessionID { return known }
        return sessions[sessionID]
    }

    /// The session `replicaID`'s last incremental fetch named, if any (it may have left the cache
    /// since: `filed` checks).
    private func lastSession(of replicaID: BrokerID?) -> FetchSession? {
        guard let replicaID, replicaID.rawValue >= 0, Int(replicaID.rawValue) < followerSessions.count else {
            return nil
        }
        return followerSessions[Int(replicaID.rawValue)]
    }

    /// Notes `session` as the one `replicaID`'s last incremental fetch named.
    private mutating func remember(_ session: FetchSession, of replicaID: BrokerID) {
        guard replicaID.rawValue >= 0 else { return }
        let index = Int(replicaID.rawValue)
        if index >= followerSessions.count {
            followerSessions.append(contentsOf: repeatElement(nil, count: index + 1 - followerSessions.count))
        }
        if followerSessions[index] !== session { followerSessions[index] = session }
    }

    /// Takes the session `id` out of the cache, for good.
    private mutating func remove(_ id: Int32) {
        guard let removed = sessions.removeValue(forKey: id) else { return }
        removed.isCached = false
        if let replicaID = removed.replicaID, lastSession(of: replicaID) === removed {
            followerSessions[Int(replicaID.rawValue)] = nil
        }
    }

    /// Kafka's `updateAndGenerateResponseData`: the answer to a request served in `context`,
    /// from the answers for the partitions read (`fetched`, in the same order). `known` is a
    /// session the caller found before (see `filed`).
    mutating func response(
        _ context: FetchContext, fetched: [FetchPartition], reads: FetchReads, replicaID: BrokerID?,
        known: FetchSession? = nil, now: Instant
    ) -> FetchResponse {
        func all() -> [FetchPartitionResponse] { reads.responses(for: fetched) }
        switch context {
        case .sessionless:
            return FetchResponse(partitions: all())
        case .error(let error):
            return FetchResponse(error: error, partitions: [])
        case .full:
            let sessionID = createSession(replicaID: replicaID, fetches: fetched, reads: reads, now: now)
            return FetchResponse(sessionID: sessionID, partitions: all())
        case .incremental(let sessionID, let epoch):
            guard let session = filed(sessionID, known: known) else {
                return FetchResponse(error: .fetchSessionIDNotFound, partitions: [])
            }
            // Another request of the session came in while this one was parked.
            guard session.epoch == epoch else {
                return FetchResponse(error: .invalidFetchSessionEpoch, sessionID: sessionID, partitions: [])
            }
            return FetchResponse(sessionID: sessionID, partitions: session.incrementalAnswers(reads))
        }
    }

    /// `response(_:fetched:reads:replicaID:now:)` from whole answers, in the order of `fetched`.
    mutating func response(
        _ context: FetchContext, fetched: [FetchPartition], answers: [FetchPartitionResponse], replicaID: BrokerID?,
        now: Instant
    ) -> FetchResponse {
        for (fetch, answer) in zip(fetched, answers) {
            precondition(
                fetch.topicPartition == answer.topicPartition,
                "answer for \(answer.topicPartition) where \(fetch.topicPartition) was read")
        }
        return response(
            context, fetched: fetched, reads: FetchReads(answers), replicaID: replicaID, now: now)
    }

    /// `createSession(replicaID:fetches:reads:now:)` from whole answers.
    mutating func createSession(
        replicaID: BrokerID?, fetches: [FetchPartition], answers: [FetchPartitionResponse], now: Instant
    ) -> Int32 {
        createSession(replicaID: replicaID, fetches: fetches, reads: FetchReads(answers), now: now)
    }

    /// Kafka's `maybeCreateSession`: the new session's id, or 0 when the cache is full and
    /// nothing may be evicted.
    mutating func createSession(
        replicaID: BrokerID?, fetches: [FetchPartition], reads: FetchReads, now: Instant
    ) -> Int32 {
        guard maxEntries > 0 else { return FetchMetadata.invalidSessionID }
        if sessions.count >= maxEntries && !evictOne(privileged: replicaID != nil, size: fetches.count, now: now) {
            return FetchMetadata.invalidSessionID
        }
        let id = newSessionID()
        sessions[id] = FetchSession(
            id: id, replicaID: replicaID, fetches: fetches, cached: reads.reads.map(CachedPartition.init(answered:)),
            now: now)
        return id
    }

    /// Kafka's `tryEvict`: the session idle longest if idle past `evictionTime`, else the least
    /// valuable evictable session if the new one is worth at least as much.
    private mutating func evictOne(privileged: Bool, size: Int, now: Instant) -> Bool {
        let stalest = sessions.values.min { ($0.lastUsedTime, $0.id) < ($1.lastUsedTime, $1.id) }
        if let stalest, now - stalest.lastUsedTime > evictionTime {
            remove(stalest.id)
            evictions += 1
            return true
        }
        let evictable = sessions.values.filter { session in
            let old = now - session.creationTime > evictionTime
            return old || (privileged && !session.privileged)
        }
        func rank(_ session: FetchSession) -> (Int, Int, Int32) {
            (session.privileged ? 1 : 0, session.fetches.count, session.id)
        }
        guard let cheapest = evictable.min(by: { rank($0) < rank($1) }) else { return false }
        // Kafka's `EvictableKey` of the new session has id 0: it must outrank, not tie.
        guard ((privileged ? 1 : 0), size, 0) >= rank(cheapest) else { return false }
        remove(cheapest.id)
        evictions += 1
        return true
    }

    /// A positive id not in use (Kafka's `newSessionId`).
    private mutating func newSessionID() -> Int32 {
        while true {
            let id = Int32(truncatingIfNeeded: ids.next() & 0x7FFF_FFFF)
            if id != FetchMetadata.invalidSessionID && sessions[id] == nil { return id }
        }
    }

    /// Every session holds partitions and a positive id, and the cache keeps its bound.
    func checkInvariants() {
        precondition(sessions.count <= maxEntries, "\(sessions.count) fetch sessions over \(maxEntries) slots")
        for (id, session) in sessions {
            precondition(id > 0 && id == session.id, "fetch session \(session.id) filed under \(id)")
            precondition(session.epoch > 0, "fetch session \(id) at epoch \(session.epoch)")
        }
    }
}
