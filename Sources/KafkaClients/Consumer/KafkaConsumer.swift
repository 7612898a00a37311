import KafkaCore

/// Kafka's consumer as a state machine (`KafkaConsumer` + `ConsumerCoordinator` + `Fetcher` +
/// `SubscriptionState`), classic group protocol only. The application calls `subscribe` or
/// `assign`, then `poll` for records; requests come out of `takeCalls()` and answers go back in
/// with `handle`. Nothing blocks: `commitSync` queues a commit that is retried until it
/// succeeds, fails for good or `default.api.timeout.ms` passes; outcomes come out of
/// `takeCommitResults()`.
///
/// Group membership (`memberState`):
///
/// | state | event | next |
/// |---|---|---|
/// | unsubscribed | `subscribe` | needsJoin |
/// | needsJoin | coordinator known, metadata known, pre-join commit done | joining (JoinGroup sent) |
/// | joining | MEMBER_ID_REQUIRED | needsJoin, with the member id |
/// | joining | answer | syncing (the leader runs the assignor first) |
/// | syncing | assignment | stable; COOPERATIVE and something revoked: needsJoin |
/// | stable | heartbeat REBALANCE_IN_PROGRESS, subscription or leader's metadata changed | needsJoin |
/// | any | UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION | needsJoin, partitions lost (no commit) |
/// | stable | no poll for `max.poll.interval.ms` | pollTimedOut (LeaveGroup if dynamic) |
/// | pollTimedOut | `poll` | needsJoin |
/// | any | FENCED_INSTANCE_ID and other fatal errors | failed (`poll` throws) |
///
/// EAGER (any configured assignor is eager, the default): before JoinGroup the member commits its
/// positions (auto-commit) and revokes everything. COOPERATIVE: it keeps its partitions, reports
/// them as owned, revokes only what the new assignment drops and then rejoins at once.
///
/// Positions advance only when `poll` returns records, so auto-commit (every
/// `auto.commit.interval.ms`, inside `poll`, before records are returned) commits what earlier
/// polls returned: at-least-once.
public struct KafkaConsumer: ClientStateMachine {
    /// What an unanswered request was for.
    enum Pending {
        case metadata
        case findCoordinator
        case joinGroup
        case syncGroup
        case heartbeat
        case leaveGroup
        case offsetCommit
        case offsetFetch([TopicPartition])
        case listOffsets([TopicPartition])
        case fetch([TopicPartition])
    }

    /// Where the member is in the group protocol (see the table on `KafkaConsumer`).
    public enum MemberState: Hashable, Sendable {
        case unsubscribed
        case needsJoin
        case joining
        case syncing
        case stable
        case pollTimedOut
        case failed(KafkaError)
    }

    /// A commit waiting to be sent or answered.
    struct QueuedCommit {
        var partitions: [OffsetCommitPartition]
        var isAutoCommit: Bool
        /// Retriable failures send it again until then (commitSync); nil: one attempt.
        var retryUntil: Instant?
        var notBefore: Instant
    }

    public let config: ConsumerConfig
    public internal(set) var metadata: ClusterMetadataCache
    public internal(set) var counters = ConsumerCounters()
    public internal(set) var memberState = MemberState.unsubscribed
    public internal(set) var memberID = ""
    public internal(set) var generationID: Int32 = -1
    /// The assignor the group chose in the current generation.
    public internal(set) var protocolName: String?
    /// Whether this member led the latest generation (and ran the assignor).
    public internal(set) var isLeader = false
    /// The group coordinator, nil while unknown.
    public internal(set) var coordinator: BrokerID?
    /// The subscribed topics, sorted; empty when partitions are assigned by hand.
    public internal(set) var subscription: [String] = []
    /// The assigned partitions' state.
    public internal(set) var partitions: [TopicPartition: ConsumerPartitionState] = [:]
    /// The assigned partitions, sorted: the order every scan uses.
    public internal(set) var assignment: [TopicPartition] = []
    /// The latest offsets known committed (ours that succeeded, or read with OffsetFetch).
    public internal(set) var committed: [TopicPartition: Offset] = [:]
    /// Whether `close()` was called, and whether closing finished.
    public internal(set) var isClosing = false
    public internal(set) var isClosed = false

    var inFlight = InFlightRequests<Pending>()
    var calls: [ClientCall] = []
    var commitResults: [CommitResult] = []
    var commitQueue: [QueuedCommit] = []
    var commitInFlight: (id: UInt64, commit: QueuedCommit)?
    /// Partitions with buffered records, in the order their fetches completed.
    var completedOrder: [TopicPartition] = []
    var lastTick = Instant.zero
    var metadataReady = false
    var coordinatorRetryAt = Instant.zero
    var rejoinAt = Instant.zero
    /// Whether the pre-join step (commit, eager revocation) ran for the pending join.
    var joinPrepared = false
    var groupRequestInFlight: UInt64?
    var heartbeatInFlight: UInt64?
    var nextHeartbeatAt = Instant.zero
    var lastHeartbeatAckAt = Instant.zero
    var lastPollAt: Instant?
    var nextAutoCommitAt: Instant?
    var offsetFetchInFlight: UInt64?
    var offsetFetchRetryAt = Instant.zero
    var fetchInFlightByBroker: [BrokerID: UInt64] = [:]
    var closeDeadline: Instant?
    /// Partition counts the leader assigned with, to rejoin when they change.
    var assignedPartitionCounts: [String: Int32] = [:]
    var fatalError: ConsumerError?
    var nextBroker = 0

    /// Undrained commit results at most; a host that never drains them has a bug.
    public static let commitResultLimit = 100_000
    /// How long `commitSync` and `close` keep trying (`default.api.timeout.ms`).
    public static let defaultAPITimeout = Duration.milliseconds(60_000)

    /// A consumer with a validated configuration (`config.validate()` first if it may be bad).
    public init(config: ConsumerConfig) {
        do { try config.validate() } catch { preconditionFailure("invalid consumer configuration: \(error)") }
        self.config = config
        metadata = ClusterMetadataCache(
            bootstrap: config.bootstrap, maxAge: config.metadataMaxAge, retryBackoff: config.retryBackoff)
    }

    public var isStaticMember: Bool { config.groupInstanceID != nil }

    /// The protocol of the current generation's assignor, or the configured one before any.
    public var rebalanceProtocol: RebalanceProtocol {
        protocolName.flatMap(Assignors.named)?.rebalanceProtocol ?? config.rebalanceProtocol
    }

    // MARK: Application side

    /// Joins the group for `topics` (group management). Changing the topics later rejoins.
    public mutating func subscribe(_ topics: [String]) {
        precondition(config.groupID != nil, "subscribe needs a group.id")
        precondition(!subscription.isEmpty || assignment.isEmpty, "subscribe after assign: call one or the other")
        let sorted = Array(Set(topics)).sorted()
        precondition(!sorted.isEmpty, "subscribe to at least one topic")
        guard sorted != subscription else { return }
        subscription = sorted
        for topic in sorted { metadata.add(topic: topic) }
        if memberState == .unsubscribed { memberState = .needsJoin } else { requestRejoin(at: lastTick) }
    }

    /// Takes exactly `topicPartitions`, without a group: positions come from committed offsets
    /// (when `group.id` is set) or `auto.offset.reset`; commits go with generation -1.
    public mutating func assign(_ topicPartitions: [TopicPartition]) {
        precondition(subscription.isEmpty, "assign after subscribe: call one or the other")
        let wanted = Array(Set(topicPartitions)).sorted()
        for topicPartition in assignment where !wanted.contains(topicPartition) { drop(topicPartition) }
        for topicPartition in wanted where partitions[topicPartition] == nil { add(topicPartition) }
    }

    /// Records fetched since the last poll, at most `maxRecords` (and `max.poll.records`).
    /// Runs auto-commit first when due; throws what the application must act on.
    public mutating func poll(at now: Instant, maxRecords: Int? = nil) throws(ConsumerError) -> [ConsumerRecord] {
        let slices = try pollSlices(at: now, maxRecords: maxRecords)
        var records: [ConsumerRecord] = []
        records.reserveCapacity(slices.reduce(0) { $0 + $1.count })
        for slice in slices { records += slice }
        return records
    }

    /// `poll(at:maxRecords:)`, the records handed over as slices of the fetched chunks (in the
    /// order `poll` returns them) instead of gathered into one array: no record is built or copied
    /// until it is read.
    public mutating func pollSlices(
        at now: Instant, maxRecords: Int? = nil
    ) throws(ConsumerError) -> [FetchedRecords] {
        guard !isClosing else { throw .closed }
        if let fatalError { throw fatalError }
        lastPollAt = now
        if memberState == .pollTimedOut { memberState = .needsJoin }
        maybeAutoCommit(at: now)
        if partitions.values.contains(where: { $0.fetchState == .resetFailed }) {
            throw .noOffsetForPartition(assignment.filter { partitions[$0]?.fetchState == .resetFailed })
        }
        var remaining = min(maxRecords ?? config.maxPollRecords, config.maxPollRecords)
        var slices: [FetchedRecords] = []
        var count = 0
        var index = 0
        while remaining > 0 && index < completedOrder.count {
            // One lookup per partition; its state is then reached by position.
            guard let slot = partitions.index(forKey: completedOrder[index]), !partitions.values[slot].isPaused else {
                index += 1
                continue
            }
            let taken = partitions.values[slot].drain(limit: remaining, into: &slices)
            count += taken
            remaining -= taken
            if partitions.values[slot].buffered.isEmpty {
                completedOrder.remove(at: index)
            } else {
                index += 1
            }
        }
        counters.recordsConsumed += count
        step(at: now)
        return slices
    }

    /// Commits `offsets` (nil: every position consumed so far), retrying retriable errors for
    /// up to `default.api.timeout.ms`.
    public mutating func commitSync(_ offsets: [TopicPartition: Offset]? = nil, at now: Instant) {
        enqueueCommit(offsets, isAutoCommit: false, retryUntil: now + Self.defaultAPITimeout, at: now)
        step(at: now)
    }

    /// Commits `offsets` (nil: every position consumed so far) with one attempt.
    public mutating func commitAsync(_ offsets: [TopicPartition: Offset]? = nil, at now: Instant) {
        enqueueCommit(offsets, isAutoCommit: false, retryUntil: nil, at: now)
        step(at: now)
    }

    /// Commits not yet answered (queued or in flight).
    public var commitsPending: Int { commitQueue.count + (commitInFlight == nil ? 0 : 1) }

    /// The commit outcomes since the last call, in completion order.
    public mutating func takeCommitResults() -> [CommitResult] {
        // Nothing to take (the usual case): no new buffer (keeping the capacity of a buffer still
        // shared with the returned array allocates one).
        guard !commitResults.isEmpty else { return [] }
        defer { commitResults.removeAll(keepingCapacity: true) }
        return commitResults
    }

    /// Moves the position of an assigned partition; buffered records are dropped.
    public mutating func seek(_ topicPartition: TopicPartition, to offset: Offset) {
        precondition(offset.rawValue >= 0, "seek \(topicPartition) to a negative offset \(offset)")
        guard partitions[topicPartition] != nil else { preconditionFailure("seek on unassigned \(topicPartition)") }
        partitions[topicPartition]?.seek(to: offset)
        completedOrder.removeAll { $0 == topicPartition }
    }

    /// Stops fetching (and returning) these partitions until `resume`.
    public mutating func pause(_ topicPartitions: [TopicPartition]) {
        for topicPartition in topicPartitions { partitions[topicPartition]?.isPaused = true }
    }

    public mutating func resume(_ topicPartitions: [TopicPartition]) {
        for topicPartition in topicPartitions { partitions[topicPartition]?.isPaused = false }
    }

    /// The next offset `poll` returns for the partition, nil when unassigned or not yet known.
    public func position(of topicPartition: TopicPartition) -> Offset? { partitions[topicPartition]?.position }

    /// `records-lag` of an assigned partition (see `ConsumerPartitionState.lag`).
    public func lag(of topicPartition: TopicPartition) -> Int64? {
        partitions[topicPartition]?.lag(isolationLevel: config.isolationLevel)
    }

    /// The lag of every assigned partition whose lag is known, by partition.
    public var lagByPartition: [TopicPartition: Int64] {
        var result: [TopicPartition: Int64] = [:]
        for topicPartition in assignment { result[topicPartition] = lag(of: topicPartition) }
        return result
    }

    /// Commits the consumed positions (auto-commit), leaves the group (dynamic members) and stops.
    public mutating func close(at now: Instant) {
        guard !isClosing else { return }
        isClosing = true
        closeDeadline = now + Self.defaultAPITimeout
        if config.enableAutoCommit && canCommit {
            enqueueCommit(nil, isAutoCommit: true, retryUntil: now + Self.defaultAPITimeout, at: now)
        }
        step(at: now)
    }

    public mutating func takeCalls() -> [ClientCall] {
        guard !calls.isEmpty else { return [] }
        defer { calls.removeAll(keepingCapacity: true) }
        return calls
    }

    public mutating func takeCalls(_ body: (ClientCall) -> Void) {
        guard !calls.isEmpty else { return }
        for call in calls { body(call) }
        calls.removeAll(keepingCapacity: true)
    }

    // MARK: Assignment bookkeeping

    mutating func add(_ topicPartition: TopicPartition) {
        var state = ConsumerPartitionState()
        if config.groupID == nil { state.fetchState = .awaitingReset }
        partitions[topicPartition] = state
        assignment.append(topicPartition)
        assignment.sort()
        metadata.add(topic: topicPartition.topic)
    }

    mutating func drop(_ topicPartition: TopicPartition) {
        partitions[topicPartition] = nil
        assignment.removeAll { $0 == topicPartition }
        completedOrder.removeAll { $0 == topicPartition }
    }

    /// Whether commits can carry a valid identity: a member of a generation, or a standalone
    /// consumer with a group id.
    var canCommit: Bool {
        guard config.groupID != nil else { return false }
        return subscription.isEmpty || generationID >= 0
    }

    /// The consumed positions of the assigned partitions, for a commit.
    func consumedPositions() -> [OffsetCommitPartition] {
        assignment.compactMap { topicPartition in
            guard let state = partitions[topicPartition], let position = state.position else { return nil }
            return OffsetCommitPartition(
                topicPartition, committedOffset: position, committedLeaderEpoch: state.lastConsumedEpoch)
        }
    }

    mutating func enqueueCommit(
        _ offsets: [TopicPartition: Offset]?, isAutoCommit: Bool, retryUntil: Instant?, at now: Instant
    ) {
        let commitPartitions =
            offsets.map { dictionary in
                dictionary.keys.sorted().compactMap { topicPartition in
                    dictionary[topicPartition].map { OffsetCommitPartition(topicPartition, committedOffset: $0) }
                }
            } ?? consumedPositions()
        guard !commitPartitions.isEmpty, config.groupID != nil else { return }
        precondition(commitQueue.count < 10_000, "more than 10000 commits queued")
        commitQueue.append(
            QueuedCommit(
                partitions: commitPartitions, isAutoCommit: isAutoCommit, retryUntil: retryUntil, notBefore: now))
    }

    /// Auto-commit inside `poll`: the positions earlier polls returned, when they moved.
    mutating func maybeAutoCommit(at now: Instant) {
        guard config.enableAutoCommit, canCommit else { return }
        guard let due = nextAutoCommitAt else {
            nextAutoCommitAt = now + config.autoCommitInterval
            return
        }
        guard due <= now else { return }
        nextAutoCommitAt = now + config.autoCommitInterval
        let moved = consumedPositions().filter { committed[$0.topicPartition] != $0.committedOffset }
        guard !moved.isEmpty, commitsPending == 0 else { return }
        commitQueue.append(QueuedCommit(partitions: moved, isAutoCommit: true, retryUntil: nil, notBefore: now))
    }

    /// Checks the consumer's invariants (tests call it after every step).
    public func checkInvariants() {
        precondition(assignment == assignment.sorted(), "assignment out of order: \(assignment)")
        precondition(
            Set(assignment) == Set(partitions.keys),
            "assignment \(assignment) and partition states \(partitions.keys.sorted()) disagree")
        for topicPartition in assignment { partitions[topicPartition]?.checkInvariants(topicPartition) }
        for topicPartition in completedOrder {
            precondition(partitions[topicPartition] != nil, "\(topicPartition) has buffered records but is unassigned")
        }
        precondition(Set(completedOrder).count == completedOrder.count, "duplicate buffered partitions")
    }
}
