import KafkaCore

extension GroupCoordinator {
    /// DescribeGroups: state, assignor and members; metadata and assignments only while Stable.
    /// An unknown group is described as Dead, as Kafka's classic coordinator does.
    public func handleDescribeGroups(_ request: DescribeGroupsRequest) -> DescribeGroupsResponse {
        DescribeGroupsResponse(
            groups: request.groupIDs.map { groupID in
                if let error = availabilityError(for: groupID) { return DescribedGroup(error: error, groupID: groupID) }
                guard let group = groups[groupID] else {
                    return DescribedGroup(
                        error: .none, groupID: groupID, groupState: ClassicGroupState.dead.description)
                }
                let isStable = group.state == .stable
                return DescribedGroup(
                    error: .none, groupID: groupID, groupState: group.state.description,
                    protocolType: group.protocolType ?? "", protocolData: isStable ? group.protocolName ?? "" : "",
                    members: group.members.map { member in
                        DescribedGroupMember(
                            memberID: member.memberID, groupInstanceID: member.groupInstanceID,
                            clientID: member.clientID, clientHost: member.clientHost,
                            memberMetadata: isStable ? member.metadata(for: group.protocolName) : [],
                            memberAssignment: isStable ? member.assignment : [])
                    })
            })
    }

    /// ListGroups: this coordinator's groups, sorted by id, filtered by state names if given.
    public func handleListGroups(_ request: ListGroupsRequest) -> ListGroupsResponse {
        switch status {
        case .loading: return ListGroupsResponse(error: .coordinatorLoadInProgress)
        case .resigned: return ListGroupsResponse(error: .notCoordinator)
        case .active: break
        }
        let listed = sortedGroupIDs.compactMap { groupID -> ListedGroup? in
            guard let group = groups[groupID] else { return nil }
            let state = group.state.description
            guard request.statesFilter.isEmpty || request.statesFilter.contains(state) else { return nil }
            return ListedGroup(groupID: groupID, protocolType: group.protocolType ?? "", groupState: state)
        }
        return ListGroupsResponse(error: .none, groups: listed)
    }
}
