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

    public init(
        groupID: String, state: String, generation: Int32, protocolName: String?, coordinator: BrokerID?,
        members: [GroupMemberSnapshot], partitions: [GroupPartitionLag], status: LagStatus = .ok,
        consumeRate: Double = 0, arriveRate: Double = 0, rebalances: [RebalanceSnapshot] = []
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

    public init(memberID: String, clientID: String, groupInstanceID: String?) {
        self.memberID = memberID
        self.clientID = clientID
        self.groupInstanceID = groupInstanceID
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

    public init(
        topicPartition: TopicPartition, committedOffset: Offset, highWatermark: Offset?,
        commitTimestampMilliseconds: Int64 = -1
    ) {
        self.topicPartition = topicPartition
        self.committedOffset = committedOffset
        self.highWatermark = highWatermark
        self.commitTimestampMilliseconds = commitTimestampMilliseconds
    }

    /// `HW − committed` (never negative), `nil` when the high watermark is unknown.
    public var lag: Int64? { highWatermark.map { max(0, $0.distance(from: committedOffset)) } }
    public var status: LagStatus = .ok
}

/// One rebalance of a group: the generation it produced, who joined and left, and how long
/// consumption paused (from leaving Stable to being Stable again).
public struct RebalanceSnapshot: Hashable, Sendable {
    public var generation: Int32
    public var startedAt: Instant
    public var pause: Duration?
    public var joined: [String]
    public var left: [String]

    public init(generation: Int32, startedAt: Instant, pause: Duration?, joined: [String], left: [String]) {
        self.generation = generation
        self.startedAt = startedAt
        self.pause = pause
        self.joined = joined
        self.left = left
    }
}
