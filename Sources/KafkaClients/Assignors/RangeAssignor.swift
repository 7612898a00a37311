import KafkaCore

/// Kafka's `RangeAssignor` ("range"): each topic on its own, its partitions cut into contiguous
/// ranges over the members subscribed to it, sorted by `AssignorMember.assignmentOrder`.
///
/// With `n` partitions and `m` members, each member gets `n / m` and the first `n % m` get one
/// more. Members in the same position get the same partition numbers of every topic they share,
/// which keeps co-partitioned topics together.
public struct RangeAssignor: PartitionAssignor {
    public var name: String { "range" }
    public var rebalanceProtocol: RebalanceProtocol { .eager }

    public init() {}

    public func assign(members: [AssignorMember], partitionsPerTopic: [String: Int32]) -> [String: Assignment] {
        let input = AssignorInput(members: members, partitionsPerTopic: partitionsPerTopic)
        var assigned: [String: [TopicPartition]] = [:]
        let topics = Set(input.partitions.map(\.topic)).sorted()
        for topic in topics {
            let consumers = input.members.filter { input.isSubscribed($0.memberID, to: topic) }
            let partitionCount = Int(partitionsPerTopic[topic] ?? 0)
            let perMember = partitionCount / consumers.count
            let withExtra = partitionCount % consumers.count
            for (index, member) in consumers.enumerated() {
                let start = perMember * index + min(index, withExtra)
                let length = perMember + (index < withExtra ? 1 : 0)
                assigned[member.memberID, default: []] += (start..<(start + length)).map {
                    TopicPartition(topic, Int32($0))
                }
            }
        }
        return input.assignments(assigned)
    }
}
