/// How members hand partitions over during a rebalance.
public enum RebalanceProtocol: String, Hashable, Sendable {
    /// Every member revokes all of its partitions before rejoining; consumption stops until
    /// SyncGroup returns.
    case eager
    /// Members keep their partitions while rejoining (KIP-429); a partition that moves is first
    /// revoked by its owner, and assigned to its new owner only in the next rebalance.
    case cooperative
}

/// A client-side assignor: the group leader runs it on every member's subscription and sends
/// the result in SyncGroup (reference §5.3).
///
/// Implementations are pure functions of their input: equal inputs give equal output whatever
/// the order of the members array or of the dictionary, because members are sorted
/// (`AssignorMember.assignmentOrder`) and partitions are listed by topic name and number.
public protocol PartitionAssignor: Sendable {
    /// The name members list in JoinGroup (`range`, `roundrobin`, `sticky`, `cooperative-sticky`).
    var name: String { get }
    /// How a group using this assignor rebalances.
    var rebalanceProtocol: RebalanceProtocol { get }

    /// Assigns the partitions of the subscribed topics among `members`.
    ///
    /// - Parameters:
    ///   - members: every member of the generation; member ids must be distinct.
    ///   - partitionsPerTopic: partition counts from metadata; subscribed topics missing here are
    ///     skipped (the leader has no metadata for them yet).
    /// - Returns: one entry per member id (empty when it gets nothing), partitions sorted.
    func assign(members: [AssignorMember], partitionsPerTopic: [String: Int32]) -> [String: Assignment]
}

/// The assignors Flightdeck's clients know, by their protocol names.
public enum Assignors {
    /// Every built-in assignor, in Kafka's documentation order.
    public static let all: [any PartitionAssignor] = [
        RangeAssignor(), RoundRobinAssignor(), StickyAssignor(), CooperativeStickyAssignor(),
    ]

    /// The built-in assignor called `name`, if there is one.
    public static func named(_ name: String) -> (any PartitionAssignor)? {
        all.first { $0.name == name }
    }
}
