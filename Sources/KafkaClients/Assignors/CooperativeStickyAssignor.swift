import KafkaCore

/// Kafka's `CooperativeStickyAssignor` ("cooperative-sticky", COOPERATIVE, KIP-429): the sticky
/// assignment, minus every partition that would reach a member while another member still
/// claims it.
///
/// Such a partition stays unassigned this round. Its owner sees it missing from its assignment,
/// revokes it and rejoins at once; the next rebalance, with the partition no longer claimed,
/// hands it to its new owner. The result therefore always passes Kafka's
/// `ConsumerCoordinator.validateCooperativeAssignment`: no partition is both added to one member
/// and revoked from another, so no partition ever has two owners at once.
public struct CooperativeStickyAssignor: PartitionAssignor {
    public var name: String { "cooperative-sticky" }
    public var rebalanceProtocol: RebalanceProtocol { .cooperative }

    public init() {}

    public func assign(members: [AssignorMember], partitionsPerTopic: [String: Int32]) -> [String: Assignment] {
        let input = AssignorInput(members: members, partitionsPerTopic: partitionsPerTopic)
        var claimants: [TopicPartition: Set<String>] = [:]
        for member in input.members {
            for partition in member.subscription.ownedPartitions {
                claimants[partition, default: []].insert(member.memberID)
            }
        }
        var assigned = StickyAssignmentBuilder(input: input).assignment()
        for member in input.members {
            let owned = Set(member.subscription.ownedPartitions)
            assigned[member.memberID]?.removeAll { partition in
                !owned.contains(partition) && !(claimants[partition] ?? []).subtracting([member.memberID]).isEmpty
            }
        }
        return input.assignments(assigned)
    }
}
