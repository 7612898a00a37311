import KafkaCore

/// Kafka's `RoundRobinAssignor` ("roundrobin"): every subscribed partition, sorted by topic and
/// number, dealt in turn over the members in `AssignorMember.assignmentOrder`, skipping members
/// not subscribed to the partition's topic.
///
/// The dealer's position carries over between partitions (Kafka's `CircularIterator`), so with
/// equal subscriptions the counts differ by at most one.
public struct RoundRobinAssignor: PartitionAssignor {
    public var name: String { "roundrobin" }
    public var rebalanceProtocol: RebalanceProtocol { .eager }

    public init() {}

    public func assign(members: [AssignorMember], partitionsPerTopic: [String: Int32]) -> [String: Assignment] {
        let input = AssignorInput(members: members, partitionsPerTopic: partitionsPerTopic)
        var assigned: [String: [TopicPartition]] = [:]
        var next = 0
        for partition in input.partitions {
            // Some member subscribes to every listed partition's topic, so this stops within one lap.
            while !input.isSubscribed(input.members[next].memberID, to: partition.topic) {
                next = (next + 1) % input.members.count
            }
            assigned[input.members[next].memberID, default: []].append(partition)
            next = (next + 1) % input.members.count
        }
        return input.assignments(assigned)
    }
}
