import KafkaCore

/// One consumer group as the console shows it: the coordinator's view (state, generation,
/// members) and, per partition, the committed offset against the high watermark.
public struct GroupSnapshot: Hashable, Sendable {
    public var groupID: String
    /// `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Stable`, `Dead`.
    public var state: String
    public var generation: Int32
    /// The chosen assignor (`range`, `cooperative-sticky`…), when the group has one.
    public var protocolName: String?
    public var coordinator: BrokerID?
    public var members: [GroupMemberSnapshot]
    public var partitions: [GroupPartitionLag]
    /// Burrow-style status over the recent commits (see `LagEvaluator`).
    public var status: LagStatus
    /// Records consumed (committed) per second over the recent window, and records arriving.
    public var consumeRate: Double
    public var arriveRate: Double
    /// The latest rebalances, oldest first (a bounded history).
    public var rebalances: [RebalanceSnapshot]
    /// Why the coordinator last started a rebalance, in Kafka's words (`nil` before the first,
    /// and after a coordinator failover).
    public var rebalanceCause: String?
    /// When the coordinator last started a rebalance, and when the group entered its current
    /// state (`nil` when unknown): a Stable group's last pause is the difference.
    public var rebalanceStartedAt: Instant?
    public var stateEnteredAt: Instant?

    public init(
        groupID: String, state: String, generation: Int32, protocolName: String?, coordinator: BrokerID?,
        members: [GroupMemberSnapshot], partitions: [GroupPartitionLag], status: LagStatus = .ok,
        consumeRate: Double = 0, arriveRate: Double = 0, rebalances: [RebalanceSnapshot] = [],
        rebalanceCause: String? = nil, rebalanceStartedAt: Instant? = nil, stateEnteredAt: Instant? = nil
    ) {
        self.groupID = groupID
        self.state = state
        self.generation = generation
        self.protocolName = protocolName
        self.coordinator = coordinator
        self.members = members
        self.partitions = partitions
        self.status = status
        self.consumeRate = consumeRate
        self.arriveRate = arriveRate
        self.rebalances = rebalances
        self.rebalanceCause = rebalanceCause
        self.rebalanceStartedAt = rebalanceStartedAt
        self.stateEnteredAt = stateEnteredAt
    }

    /// Messages behind, over every partition with a commit.
    public var totalLag: Int64 { partitions.reduce(0) { $0 + ($1.lag ?? 0) } }

    /// The lag in seconds of consumption at the current rate (`nil` when nothing is consumed).
    public var lagSeconds: Double? {
        consumeRate > 0 ? Double(totalLag) / consumeRate : nil
    }

    /// How long until the lag is gone, at the current consume and arrival rates (kafkatop's
    /// "net rate" ETA); `nil` while arrivals outpace consumption.
    public var timeToDrain: Duration? {
        let net = consumeRate - arriveRate
        guard totalLag > 0 else { return .zero }
        guard net > 0 else { return nil }
        return .microseconds(Int64(Double(totalLag) / net * 1_000_000))
    }
}

/// A member of a group.
public struct GroupMemberSnapshot: Hashable, Sendable {
    public var memberID: String
    public var clientID: String
    public var groupInstanceID: String?
    /// The partitions the leader assigned it in the current generation, sorted (empty until
    /// the group is Stable).
    public var assignment: [TopicPartition]

    public init(memberID: String, clientID: String, groupInstanceID: String?, assignment: [TopicPartition] = []) {
        self.memberID = memberID
        self.clientID = clientID
        self.groupInstanceID = groupInstanceID
        self.assignment = assignment
    }
}

/// A group's position on one partition: committed offset, high watermark, and their gap.
public struct GroupPartitionLag: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var committedOffset: Offset
    public var highWatermark: Offset?
    /// When the offset was committed (the commit's own timestamp), to tell a new commit of the
    /// same offset from no commit.
    public var commitTimestampMilliseconds: Int64
    /// The owning consumer's position (the next offset its `poll()` returns), when a running
    /// consumer of the group owns the partition and knows it; Kafka keeps it in the client only.
    public var position: Offset?

    public init(
        topicPartition: TopicPartition, committedOffset: Offset, highWatermark: Offset?,
        commitTimestampMilliseconds: Int64 = -1, position: Offset? = nil
    ) {
        self.topicPartition = topicPartition
        self.committedOffset = committedOffset
        self.highWatermark = highWatermark
        self.commitTimestampMilliseconds = commitTimestampMilliseconds
        self.position = position
    }

    /// `HW − committed` (never negative), `nil` when the high watermark is unknown: the group's
    /// lag, as `kafka-consumer-groups --describe` shows it.
    public var lag: Int64? { highWatermark.map { max(0, $0.distance(from: committedOffset)) } }

    /// `HW − position` (never negative): the consumer's lag (its `records-lag` metric), `nil`
    /// when either is unknown.
    public var consumerLag: Int64? {
        guard let highWatermark, let position else { return nil }
        return max(0, highWatermark.distance(from: position))
    }
    public var status: LagStatus = .ok
}

/// One rebalance of a group: the generation it produced, why it started, who joined and left,
/// which partitions moved, and how long consumption paused (from leaving Stable to being Stable
/// again).
public struct RebalanceSnapshot: Hashable, Sendable {
    public var generation: Int32
    public var startedAt: Instant
    /// `nil` until the group is Stable again (it stays `nil` if the group emptied).
    public var pause: Duration?
    /// Client ids of the members that joined and left, sorted.
    public var joined: [String]
    public var left: [String]
    /// Why the coordinator started it, in Kafka's words (`nil` when unknown).
    public var cause: String?
    /// Per member, the partitions gained and lost between the previous Stable assignment and
    /// this generation's; `nil` until this generation's assignment is known (Stable or Empty).
    public var assignmentChanges: [AssignmentChange]?

    public init(
        generation: Int32, startedAt: Instant, pause: Duration?, joined: [String], left: [String],
        cause: String? = nil, assignmentChanges: [AssignmentChange]? = nil
    ) {
        self.generation = generation
        self.startedAt = startedAt
        self.pause = pause
        self.joined = joined
        self.left = left
        self.cause = cause
        self.assignmentChanges = assignmentChanges
    }

    /// Partitions that changed owner (each one lost by someone or gained by someone).
    public var movedPartitions: Int {
        Set((assignmentChanges ?? []).flatMap { $0.gained + $0.lost }).count
    }
}
