/// SyncGroup (classic protocol): the leader sends every member's assignment; followers send none
/// and wait for theirs.
public struct SyncGroupRequest: Hashable, Sendable {
    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    public var groupInstanceID: String?
    /// When set, must match the group's (`INCONSISTENT_GROUP_PROTOCOL` otherwise).
    public var protocolType: String?
    /// When set, must match the chosen assignor (`INCONSISTENT_GROUP_PROTOCOL` otherwise).
    public var protocolName: String?
    /// The leader's assignments; empty from followers.
    public var assignments: [SyncGroupAssignment]

    public init(
        groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil,
        protocolType: String? = nil, protocolName: String? = nil, assignments: [SyncGroupAssignment] = []
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignments = assignments
    }
}

/// One member's assignment as the leader computed it (opaque bytes for the coordinator).
public struct SyncGroupAssignment: Hashable, Sendable {
    public var memberID: String
    public var assignment: [UInt8]

    public init(memberID: String, assignment: [UInt8]) {
        self.memberID = memberID
        self.assignment = assignment
    }
}

/// The member's assignment for the generation, or the error.
public struct SyncGroupResponse: Hashable, Sendable {
    public var error: KafkaError
    public var protocolType: String?
    public var protocolName: String?
    public var assignment: [UInt8]

    public init(error: KafkaError, protocolType: String? = nil, protocolName: String? = nil, assignment: [UInt8] = []) {
        self.error = error
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignment = assignment
    }
}
