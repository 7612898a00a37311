/// DescribeGroups: state, assignor and members of some groups (`kafka-consumer-groups --describe`).
public struct DescribeGroupsRequest: Hashable, Sendable {
    public var groupIDs: [String]

    public init(groupIDs: [String]) {
        self.groupIDs = groupIDs
    }
}

/// One description per requested group, in request order.
public struct DescribeGroupsResponse: Hashable, Sendable {
    public var groups: [DescribedGroup]

    public init(groups: [DescribedGroup]) {
        self.groups = groups
    }
}

/// One group. An unknown group is described as `Dead` with no members and no error, as Kafka's
/// classic coordinator does.
public struct DescribedGroup: Hashable, Sendable {
    public var error: KafkaError
    public var groupID: String
    /// Kafka's state name: `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Stable`, `Dead`.
    public var groupState: String
    public var protocolType: String
    /// The chosen assignor while Stable, empty otherwise.
    public var protocolData: String
    public var members: [DescribedGroupMember]

    public init(
        error: KafkaError, groupID: String, groupState: String = "", protocolType: String = "",
        protocolData: String = "", members: [DescribedGroupMember] = []
    ) {
        self.error = error
        self.groupID = groupID
        self.groupState = groupState
        self.protocolType = protocolType
        self.protocolData = protocolData
        self.members = members
    }
}

/// One member; metadata and assignment are filled in only while the group is Stable.
public struct DescribedGroupMember: Hashable, Sendable {
    public var memberID: String
    public var groupInstanceID: String?
    public var clientID: String
    public var clientHost: String
    public var memberMetadata: [UInt8]
    public var memberAssignment: [UInt8]

    public init(
        memberID: String, groupInstanceID: String?, clientID: String, clientHost: String, memberMetadata: [UInt8],
        memberAssignment: [UInt8]
    ) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.clientID = clientID
        self.clientHost = clientHost
        self.memberMetadata = memberMetadata
        self.memberAssignment = memberAssignment
    }
}
