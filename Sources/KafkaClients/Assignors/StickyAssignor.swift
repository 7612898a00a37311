import KafkaCore

/// Kafka's `StickyAssignor` ("sticky", EAGER): a balanced assignment that keeps as many of the
/// members' previously owned partitions as balance allows (see `StickyAssignmentBuilder`).
///
/// Ownership comes from each subscription's `ownedPartitions` and `generationID` (subscription
/// version 1 and 2), not from the user-data encoding older Java clients used.
public struct StickyAssignor: PartitionAssignor {
    public var name: String { "sticky" }
    public var rebalanceProtocol: RebalanceProtocol { .eager }

    public init() {}

    public func assign(members: [AssignorMember], partitionsPerTopic: [String: Int32]) -> [String: Assignment] {
        let input = AssignorInput(members: members, partitionsPerTopic: partitionsPerTopic)
        return input.assignments(StickyAssignmentBuilder(input: input).assignment())
    }
}
