import KafkaCore

/// `group NAME topic T[,T…] members N [assignor A] [rate N/s] [commit auto|manual] [static]
/// [offset earliest|latest] [start T]`: a consumer group of identical members.
public struct GroupSpec: Sendable, Hashable {
    /// `group.id`; members are `NAME-1` … `NAME-N` (their `client.id`, and with `static` their
    /// `group.instance.id`).
    public var name: String
    /// `topic orders` or `topic orders,payments`: the subscription.
    public var topics: [String]
    /// `members N` (default 1; 0 is allowed for a group that `add-consumer` starts later).
    public var members: Int
    /// `assignor A` (default `range`, Kafka's default).
    public var assignor: Assignor
    /// `rate N/s`: records each member processes per second; nil for as fast as they arrive.
    public var recordsPerSecondPerMember: Double?
    /// `commit auto [every 5s]` (the default) or `commit manual`.
    public var commit: CommitMode
    /// `static`: members keep a `group.instance.id`, so a restart within the session timeout
    /// does not rebalance.
    public var staticMembership: Bool
    /// `offset earliest|latest`: `auto.offset.reset` (default `earliest`, so a group reads what was
    /// written before it joined).
    public var offsetReset: OffsetReset
    /// `start T`: when the members start (default at once, once the topics exist).
    public var start: Duration
    /// The 1-based line of the declaration.
    public var line: Int

    public init(
        name: String, topics: [String], members: Int = 1, assignor: Assignor = .range,
        recordsPerSecondPerMember: Double? = nil, commit: CommitMode = .auto(interval: .seconds(5)),
        staticMembership: Bool = false, offsetReset: OffsetReset = .earliest, start: Duration = .zero,
        line: Int = 0
    ) {
        self.name = name
        self.topics = topics
        self.members = members
        self.assignor = assignor
        self.recordsPerSecondPerMember = recordsPerSecondPerMember
        self.commit = commit
        self.staticMembership = staticMembership
        self.offsetReset = offsetReset
        self.start = start
        self.line = line
    }

    /// The partition assignment strategy, by the name members list in JoinGroup.
    public enum Assignor: String, Sendable, Hashable, CaseIterable {
        case range
        case roundRobin = "roundrobin"
        case sticky
        case cooperativeSticky = "cooperative-sticky"
    }

    /// How members commit their offsets.
    public enum CommitMode: Sendable, Hashable {
        /// `enable.auto.commit=true` with `auto.commit.interval.ms` = `interval`.
        case auto(interval: Duration)
        /// The application commits after processing each poll's records.
        case manual
    }

    /// Where a member starts when its group has no committed offset (`auto.offset.reset`).
    public enum OffsetReset: String, Sendable, Hashable, CaseIterable {
        case earliest
        case latest
    }
}
