/// ListGroups: the groups one coordinator holds, optionally only those in some states (KIP-518).
public struct ListGroupsRequest: Hashable, Sendable {
    /// Kafka's state names (`Stable`, `Empty`, …); empty means every state.
    public var statesFilter: [String]

    public init(statesFilter: [String] = []) {
        self.statesFilter = statesFilter
    }
}

/// The groups, sorted by id.
public struct ListGroupsResponse: Hashable, Sendable {
    public var error: KafkaError
    public var groups: [ListedGroup]

    public init(error: KafkaError, groups: [ListedGroup] = []) {
        self.error = error
        self.groups = groups
    }
}

/// One group in a ListGroups answer.
public struct ListedGroup: Hashable, Sendable {
    public var groupID: String
    public var protocolType: String
    public var groupState: String

    public init(groupID: String, protocolType: String, groupState: String) {
        self.groupID = groupID
        self.protocolType = protocolType
        self.groupState = groupState
    }
}
