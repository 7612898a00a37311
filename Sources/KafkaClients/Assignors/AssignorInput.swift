import KafkaCore

/// An assignor's input, checked and put in a fixed order, so no assignor's result depends on
/// the order of the members array or of a dictionary.
struct AssignorInput {
    /// The members in `AssignorMember.assignmentOrder`.
    let members: [AssignorMember]
    /// Each member's subscribed topics that have metadata, by member id.
    let topicsByMember: [String: Set<String>]
    /// Every partition of a subscribed topic with metadata, sorted by topic then number.
    let partitions: [TopicPartition]

    init(members: [AssignorMember], partitionsPerTopic: [String: Int32]) {
        self.members = members.sorted(by: AssignorMember.assignmentOrder)
        var topicsByMember: [String: Set<String>] = [:]
        for member in self.members {
            precondition(
                topicsByMember[member.memberID] == nil, "member id \(member.memberID) appears twice in the group")
            topicsByMember[member.memberID] = Set(
                member.subscription.topics.filter { partitionsPerTopic[$0] != nil })
        }
        self.topicsByMember = topicsByMember
        let subscribed = Set(topicsByMember.values.joined()).sorted()
        partitions = subscribed.flatMap { topic in
            let count = partitionsPerTopic[topic] ?? 0
            precondition(count >= 0, "topic \(topic) has a negative partition count \(count)")
            return (0..<count).map { TopicPartition(topic, $0) }
        }
    }

    /// Whether `memberID` subscribes to `topic` (and the topic has metadata).
    func isSubscribed(_ memberID: String, to topic: String) -> Bool {
        topicsByMember[memberID]?.contains(topic) ?? false
    }

    /// Wraps each member's partitions, sorted, with an empty assignment for members that got none.
    func assignments(_ partitionsByMember: [String: [TopicPartition]]) -> [String: Assignment] {
        var result: [String: Assignment] = [:]
        for member in members {
            result[member.memberID] = Assignment(partitions: (partitionsByMember[member.memberID] ?? []).sorted())
        }
        return result
    }
}
