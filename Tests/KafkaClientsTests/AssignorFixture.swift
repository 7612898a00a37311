import KafkaClients
import KafkaCore

/// Builders and checks shared by the assignor suites.
enum AssignorFixture {
    static func tp(_ topic: String, _ partition: Int32) -> TopicPartition {
        TopicPartition(topic, partition)
    }

    static func member(
        _ id: String, _ topics: [String], instance: String? = nil, owned: [TopicPartition] = [],
        generation: Int32 = Subscription.unknownGeneration
    ) -> AssignorMember {
        AssignorMember(
            memberID: id, groupInstanceID: instance,
            subscription: Subscription(topics: topics, ownedPartitions: owned, generationID: generation))
    }

    /// Each member's partitions, for compact expectations.
    static func partitions(_ result: [String: Assignment]) -> [String: [TopicPartition]] {
        result.mapValues(\.partitions)
    }

    /// Problems with `result`: a partition of a subscribed topic unassigned or assigned twice, a
    /// partition given to a member not subscribed to its topic, or a member missing.
    static func validityProblems(
        _ result: [String: Assignment], members: [AssignorMember], partitionsPerTopic: [String: Int32]
    ) -> [String] {
        var problems: [String] = []
        var owners: [TopicPartition: [String]] = [:]
        for member in members {
            guard let assignment = result[member.memberID] else {
                problems.append("member \(member.memberID) has no entry")
                continue
            }
            for partition in assignment.partitions {
                owners[partition, default: []].append(member.memberID)
                if !member.subscription.topics.contains(partition.topic) {
                    problems.append("\(partition) given to \(member.memberID), which does not subscribe to it")
                }
            }
        }
        let subscribed = Set(members.flatMap(\.subscription.topics))
        for topic in subscribed.sorted() {
            for number in 0..<(partitionsPerTopic[topic] ?? 0) {
                let partition = TopicPartition(topic, number)
                let count = owners[partition]?.count ?? 0
                if count != 1 { problems.append("\(partition) assigned \(count) times") }
            }
        }
        return problems
    }

    /// A draw in `range` from the generator.
    static func draw(_ range: ClosedRange<Int>, _ generator: inout SeededGenerator) -> Int {
        range.lowerBound + Int(generator.next(below: UInt64(range.count)))
    }

    /// `values` in an order drawn from the generator (Fisher–Yates with the documented draw).
    static func shuffled<T>(_ values: [T], _ generator: inout SeededGenerator) -> [T] {
        var result = values
        for index in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(index, Int(generator.next(below: UInt64(index + 1))))
        }
        return result
    }
}
