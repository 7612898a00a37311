import KafkaCore

/// What one rebalance changed for one member: the partitions it gained and lost between the
/// group's previous Stable assignment and the new one. A member that left loses everything it
/// had; a member that joined gains everything it got; members whose assignment did not change
/// are not listed.
public struct AssignmentChange: Hashable, Sendable {
    public var memberID: String
    public var clientID: String
    /// Sorted.
    public var gained: [TopicPartition]
    /// Sorted.
    public var lost: [TopicPartition]

    public init(memberID: String, clientID: String, gained: [TopicPartition], lost: [TopicPartition]) {
        self.memberID = memberID
        self.clientID = clientID
        self.gained = gained
        self.lost = lost
    }

    /// The changes from `before` to `after` (each member's assignment by member id, with its
    /// client id), sorted by client id then member id, members without a change left out.
    public static func between(
        _ before: [String: (clientID: String, partitions: [TopicPartition])],
        _ after: [String: (clientID: String, partitions: [TopicPartition])]
    ) -> [AssignmentChange] {
        let memberIDs = Set(before.keys).union(after.keys)
        let changes = memberIDs.compactMap { memberID -> AssignmentChange? in
            let old = Set(before[memberID]?.partitions ?? [])
            let new = Set(after[memberID]?.partitions ?? [])
            guard old != new else { return nil }
            let clientID = after[memberID]?.clientID ?? before[memberID]?.clientID ?? ""
            return AssignmentChange(
                memberID: memberID, clientID: clientID, gained: new.subtracting(old).sorted(),
                lost: old.subtracting(new).sorted())
        }
        return changes.sorted { ($0.clientID, $0.memberID) < ($1.clientID, $1.memberID) }
    }
}
