import KafkaCore

/// A follower's side of its incremental fetch session with one leader (Kafka's
/// `FetchSessionHandler`, KIP-227): builds full or incremental requests, keeps the session's
/// partitions as last sent, and reads the answers (a partition an incremental answer leaves out
/// has no news).
///
/// | next request | answer | then |
/// |---|---|---|
/// | full (epoch 0) | session id `s`, every partition | incremental in `s`, epoch 1 |
/// | full (epoch 0) | session id 0 (no room) | full again |
/// | incremental (`s`, `e`) | session id `s`, partitions of the session | incremental (`s`, `e + 1`) |
/// | incremental | session id 0 | full, new session |
/// | any | `FETCH_SESSION_ID_NOT_FOUND` | full, new session |
/// | any | another session error, or unexpected partitions | full, closing `s` |
/// | any | none (timeout) | full, closing `s` |
struct FetchSessionHandler: Sendable {
    /// The session and epoch the next request carries.
    private(set) var next: FetchMetadata = .initial
    /// The session's partitions in the order they joined, with the fetch state last sent.
    private(set) var sessionPartitions: [FetchPartition] = []

    /// A request to send: its session fields, the partitions it lists, those it forgets.
    struct RequestData: Sendable {
        var metadata: FetchMetadata
        var toSend: [FetchPartition]
        var toForget: [TopicPartition]
    }

    /// Kafka's `Builder.build`: the request for the partitions `wanted` now (in the order they
    /// should join the session), or `nil` when there is nothing to fetch and nothing to forget.
    ///
    /// A full request lists them all. An incremental one lists the partitions whose fetch state
    /// differs from what the session holds, new partitions, and forgets the ones not wanted.
    mutating func build(_ wanted: [FetchPartition]) -> RequestData? {
        if next.isFull {
            guard !wanted.isEmpty else { return nil }
            sessionPartitions = wanted
            return RequestData(metadata: next, toSend: wanted, toForget: [])
        }
        if !wanted.isEmpty && wanted.count == sessionPartitions.count, let altered = alteredInPlace(wanted) {
            sessionPartitions = wanted
            return RequestData(metadata: next, toSend: altered, toForget: [])
        }
        var taken = [Bool](repeating: false, count: wanted.count)
        var kept: [FetchPartition] = []
        var altered: [FetchPartition] = []
        var toForget: [TopicPartition] = []
        kept.reserveCapacity(sessionPartitions.count)
        // Both lists usually hold the same partitions in the same order: try the next position
        // before searching.
        var cursor = 0
        for previous in sessionPartitions {
            let index: Int
            if cursor < wanted.count && !taken[cursor] && wanted[cursor].topicPartition == previous.topicPartition {
                index = cursor
            } else if let found = wanted.indices.first(where: {
                !taken[$0] && wanted[$0].topicPartition == previous.topicPartition
            }) {
                index = found
            } else {
                toForget.append(previous.topicPartition)
                continue
            }
            taken[index] = true
            cursor = index + 1
            let current = wanted[index]
            if current != previous { altered.append(current) }
            kept.append(current)
        }
        let added = wanted.indices.filter { !taken[$0] }.map { wanted[$0] }
        guard !kept.isEmpty || !added.isEmpty || !toForget.isEmpty else { return nil }
        sessionPartitions = kept + added
        return RequestData(metadata: next, toSend: altered + added, toForget: toForget)
    }

    /// The usual case: `wanted` holds the session's partitions in the session's order, a few of
    /// them moved on; those few, or `nil` when the lists differ in partitions or order.
    private func alteredInPlace(_ wanted: [FetchPartition]) -> [FetchPartition]? {
        var altered: [FetchPartition] = []
        for index in wanted.indices {
            guard wanted[index].topicPartition == sessionPartitions[index].topicPartition else { return nil }
            if wanted[index] != sessionPartitions[index] { altered.append(wanted[index]) }
        }
        return altered
    }

    /// `build`'s usual case in place, one partition at a time: the session's partition at
    /// `index` takes this fetch state; it is returned when it changed (the request lists it),
    /// `nil` when it did not. The caller has checked that the session is incremental and holds
    /// exactly the partitions it wants, in order.
    mutating func refresh(
        at index: Int, fetchOffset: Offset, currentLeaderEpoch: LeaderEpoch?, lastFetchedEpoch: LeaderEpoch?,
        logStartOffset: Offset, partitionMaxBytes: Int
    ) -> FetchPartition? {
        let unchanged =
            sessionPartitions[index].fetchOffset == fetchOffset
            && sessionPartitions[index].currentLeaderEpoch == currentLeaderEpoch
            && sessionPartitions[index].lastFetchedEpoch == lastFetchedEpoch
            && sessionPartitions[index].logStartOffset == logStartOffset
            && sessionPartitions[index].partitionMaxBytes == partitionMaxBytes
        if unchanged { return nil }
        sessionPartitions[index].fetchOffset = fetchOffset
        sessionPartitions[index].currentLeaderEpoch = currentLeaderEpoch
        sessionPartitions[index].lastFetchedEpoch = lastFetchedEpoch
        sessionPartitions[index].logStartOffset = logStartOffset
        sessionPartitions[index].partitionMaxBytes = partitionMaxBytes
        return sessionPartitions[index]
    }

    /// The position in `sessionPartitions` of `topicPartition`'s fetch state (what the leader
    /// reads for it), if the session holds one: the caller reads the fields it needs in place.
    ///
    /// Searched from the end (a session holds each partition once, so either end finds the
    /// same): a follower's partitions are sorted by name, and the ones whose answers carry
    /// records are a busy topic's, after the ≈ 17 `__consumer_offsets` partitions a leader
    /// leads, which a search from the front passed over for every answered partition.
    func sentIndex(_ topicPartition: TopicPartition) -> Int? {
        Self.sentIndex(topicPartition, in: sessionPartitions)
    }

    /// `sentIndex(_:)` in `session`, a copy of `sessionPartitions` the caller holds.
    static func sentIndex(_ topicPartition: TopicPartition, in session: [FetchPartition]) -> Int? {
        session.lastIndex { $0.topicPartition == topicPartition }
    }

    /// Kafka's `handleResponse`: moves the session on; `false` when the answer must be ignored
    /// (a session error, or partitions that do not match the request).
    mutating func handleResponse(_ response: FetchResponse) -> Bool {
        if response.error != .none {
            next = response.error == .fetchSessionIDNotFound ? .initial : next.nextCloseExisting
            return false
        }
        if next.isFull {
            guard fullAnswerMatches(response) else {
                next = .initial
                return false
            }
            next =
                response.sessionID == FetchMetadata.invalidSessionID
                ? .initial : .newIncremental(sessionID: response.sessionID)
            return true
        }
        guard response.partitions.allSatisfy({ sentIndex($0.topicPartition) != nil }) else {
            next = next.nextCloseExisting
            return false
        }
        next = response.sessionID == FetchMetadata.invalidSessionID ? .initial : next.nextIncremental
        return true
    }

    /// Kafka's `handleError`: the request got no answer; the next one is full and closes the
    /// session, since the leader may or may not have moved its epoch on.
    mutating func handleError() {
        next = next.nextCloseExisting
    }

    /// Kafka's `verifyFullFetchResponsePartitions`: a full answer lists exactly the session's
    /// partitions.
    private func fullAnswerMatches(_ response: FetchResponse) -> Bool {
        response.partitions.count == sessionPartitions.count
            && response.partitions.allSatisfy { sentIndex($0.topicPartition) != nil }
    }
}
