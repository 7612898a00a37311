import KafkaCore

/// The classic group coordinator for the groups of one `__consumer_offsets` partition, on the
/// broker that leads it (Kafka's `GroupMetadataManager` + `OffsetMetadataManager` for one shard).
///
/// Pure and deterministic: every operation takes `now` and returns a `GroupResult` (answers now,
/// records to append, answers once those are durable); `tick(now:)` fires deadlines, and
/// `nextDeadline` says when to call it next. Membership and rebalance state live in memory and
/// change as operations run; what must survive a failover (each group's last stable
/// membership, committed offsets, deletions) is written as records, and `load(records:now:)`
/// rebuilds a new coordinator from them.
///
/// Lifecycle: `loading` (every request answered `COORDINATOR_LOAD_IN_PROGRESS`) → `load` →
/// `active` → `resign` (everything answered `NOT_COORDINATOR`). Groups of other partitions are
/// always `NOT_COORDINATOR`.
public struct GroupCoordinator: Sendable {
    /// Where the coordinator is in its life.
    public enum Status: Hashable, Sendable {
        /// Replaying the partition; requests get `COORDINATOR_LOAD_IN_PROGRESS`.
        case loading
        case active
        /// Leadership of the partition moved away; requests get `NOT_COORDINATOR`.
        case resigned
    }

    /// The `__consumer_offsets` partition this coordinator owns.
    public let partition: Int32
    public let config: GroupCoordinatorConfig
    public internal(set) var status: Status = .loading
    /// Every group, by id; iterate through `sortedGroupIDs`.
    public internal(set) var groups: [String: ClassicGroup] = [:]
    /// When expired offsets are looked for next (`offsets.retention.check.interval.ms`).
    public internal(set) var nextOffsetsRetentionCheck: Instant?
    /// Draws the random part of member ids.
    var random: SeededGenerator

    /// A coordinator in `loading`; `seed` makes its member ids reproducible.
    public init(partition: Int32, config: GroupCoordinatorConfig = GroupCoordinatorConfig(), seed: UInt64) {
        precondition(
            partition >= 0 && partition < config.offsetsTopicPartitionCount,
            "partition \(partition) outside __consumer_offsets' \(config.offsetsTopicPartitionCount) partitions")
        self.partition = partition
        self.config = config
        self.random = SeededGenerator(seed: seed).stream("group-coordinator-\(partition)")
    }

    /// Group ids in sorted order: the only order in which groups are visited.
    public var sortedGroupIDs: [String] { groups.keys.sorted() }

    /// The error for a request about `groupID` that this coordinator cannot serve, if any.
    func availabilityError(for groupID: String) -> KafkaError? {
        if coordinatorPartition(for: groupID, partitionCount: config.offsetsTopicPartitionCount) != partition {
            return .notCoordinator
        }
        switch status {
        case .loading: return .coordinatorLoadInProgress
        case .resigned: return .notCoordinator
        case .active:
            // Records store the id as a Kafka STRING, so it must fit in 32767 bytes.
            return groupID.isEmpty || groupID.utf8.count > Int(Int16.max) ? .invalidGroupID : nil
        }
    }

    /// `prefix-` and a UUID-like string (version-4 layout) from the seeded generator.
    mutating func newMemberID(prefix: String) -> String {
        let high = random.next()
        let low = random.next()
        func hex(_ value: UInt64, digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        let uuid = [
            hex(high >> 32, digits: 8), hex((high >> 16) & 0xffff, digits: 4), hex(0x4000 | (high & 0x0fff), digits: 4),
            hex(0x8000 | ((low >> 48) & 0x3fff), digits: 4), hex(low & 0xffff_ffff_ffff, digits: 12),
        ]
        return prefix + "-" + uuid.joined(separator: "-")
    }

    /// Checks every group's invariants and that each group belongs to this partition.
    public func checkInvariants() {
        for groupID in sortedGroupIDs {
            guard let group = groups[groupID] else { continue }
            precondition(group.groupID == groupID, "group stored under \(groupID) is \(group.groupID)")
            precondition(
                coordinatorPartition(for: groupID, partitionCount: config.offsetsTopicPartitionCount) == partition,
                "group \(groupID) does not belong to partition \(partition)")
            precondition(group.state != .dead, "dead group \(groupID) still held")
            group.checkInvariants()
        }
        precondition(
            status != .active || nextOffsetsRetentionCheck != nil, "an active coordinator without a retention check")
    }
}
