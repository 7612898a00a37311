import KafkaCore

/// One group member as the leader sees it in the JoinGroup response.
public struct AssignorMember: Hashable, Sendable {
    /// The member id the coordinator gave this member.
    public var memberID: String
    /// The member's `group.instance.id` when it is a static member (KIP-345).
    public var groupInstanceID: String?
    /// The member's decoded subscription (topics, owned partitions, generation).
    public var subscription: Subscription

    public init(memberID: String, groupInstanceID: String? = nil, subscription: Subscription) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.subscription = subscription
    }

    /// Kafka's `MemberInfo` order: static members first, by `group.instance.id`, then dynamic
    /// members by member id. Static members keep their place across restarts (new member id,
    /// same instance id), so their assignment stays put. Equal instance ids fall back to the
    /// member id so the order is total.
    public static func assignmentOrder(_ lhs: AssignorMember, _ rhs: AssignorMember) -> Bool {
        switch (lhs.groupInstanceID, rhs.groupInstanceID) {
        case (let left?, let right?):
            left != right ? left < right : lhs.memberID < rhs.memberID
        case (.some, nil):
            true
        case (nil, .some):
            false
        case (nil, nil):
            lhs.memberID < rhs.memberID
        }
    }
}
