/// LeaveGroup: one or more members leave (a consumer closing, or an admin removing static members).
public struct LeaveGroupRequest: Hashable, Sendable {
    public var groupID: String
    public var members: [LeaveGroupMember]

    public init(groupID: String, members: [LeaveGroupMember]) {
        self.groupID = groupID
        self.members = members
    }
}

/// A member to remove: by member id, or by instance id for static members (member id may be
/// empty then).
public struct LeaveGroupMember: Hashable, Sendable {
    public var memberID: String
    public var groupInstanceID: String?
    /// Why the member leaves, in the client's words (KIP-800, LeaveGroup v5+); the coordinator
    /// quotes it in the rebalance cause, `not provided` when `nil` or empty.
    public var reason: String?

    public init(memberID: String, groupInstanceID: String? = nil, reason: String? = nil) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.reason = reason
    }
}

/// A request-level error, and one outcome per member in request order.
public struct LeaveGroupResponse: Hashable, Sendable {
    public var error: KafkaError
    public var members: [LeaveGroupMemberResponse]

    public init(error: KafkaError, members: [LeaveGroupMemberResponse] = []) {
        self.error = error
        self.members = members
    }
}

/// One member's outcome.
public struct LeaveGroupMemberResponse: Hashable, Sendable {
    public var memberID: String
    public var groupInstanceID: String?
    public var error: KafkaError

    public init(memberID: String, groupInstanceID: String? = nil, error: KafkaError) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.error = error
    }
}
