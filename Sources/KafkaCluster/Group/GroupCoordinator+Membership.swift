import KafkaCore

extension GroupCoordinator {
    /// Heartbeat: pushes the member's session deadline out by its session timeout. During a
    /// rebalance the answer is `REBALANCE_IN_PROGRESS` (rejoin); a stale generation gets
    /// `ILLEGAL_GENERATION`, an unknown member `UNKNOWN_MEMBER_ID`.
    public mutating func handleHeartbeat(_ request: HeartbeatRequest, now: Instant) -> HeartbeatResponse {
        if let error = availabilityError(for: request.groupID) { return HeartbeatResponse(error: error) }
        guard var group = groups[request.groupID] else { return HeartbeatResponse(error: .unknownMemberID) }
        if let error = Self.memberError(request.memberID, instanceID: request.groupInstanceID, in: group) {
            return HeartbeatResponse(error: error)
        }
        guard let index = group.index(of: request.memberID) else { return HeartbeatResponse(error: .unknownMemberID) }
        guard request.generationID == group.generation else { return HeartbeatResponse(error: .illegalGeneration) }
        let error: KafkaError
        switch group.state {
        case .empty, .dead: return HeartbeatResponse(error: .unknownMemberID)
        case .preparingRebalance: error = .rebalanceInProgress
        case .completingRebalance, .stable: error = .none
        }
        group.members[index].sessionDeadline = now + group.members[index].sessionTimeout
        groups[request.groupID] = group
        return HeartbeatResponse(error: error)
    }

    /// LeaveGroup: removes each listed member (static ones by instance id, fenced when the
    /// member id does not match) and rebalances the group.
    public mutating func handleLeaveGroup(
        _ request: LeaveGroupRequest, token: GroupRequestToken, now: Instant
    )
        -> GroupResult
    {
        var result = GroupResult()
        if let error = availabilityError(for: request.groupID) {
            result.respond(token, .leaveGroup(LeaveGroupResponse(error: error)))
            return result
        }
        guard var group = groups[request.groupID] else {
            result.respond(token, .leaveGroup(LeaveGroupResponse(error: .unknownMemberID)))
            return result
        }
        var outcomes: [LeaveGroupMemberResponse] = []
        // The first member removed starts the rebalance, so its leave is the cause.
        var cause: String?
        for leaving in request.members {
            let (error, removed) = leave(leaving, group: &group, now: now, result: &result)
            if let removed, cause == nil { cause = RebalanceReason.leftGroup(removed, clientReason: leaving.reason) }
            outcomes.append(
                LeaveGroupMemberResponse(
                    memberID: leaving.memberID, groupInstanceID: leaving.groupInstanceID, error: error))
        }
        if let cause {
            group.membersChanged(reason: cause, now: now, config: config, result: &result)
        } else {
            // Only pending members left (or none): no rebalance, as in Kafka, but a join phase
            // that waited for them may now be complete.
            group.maybeCompleteJoin(now: now, result: &result)
        }
        groups[request.groupID] = group
        result.respond(token, .leaveGroup(LeaveGroupResponse(error: .none, members: outcomes)))
        return result
    }

    /// Removes one leaving member: the error for its outcome, and the id of the member removed
    /// (`nil` for a pending member, which never was in the group).
    private func leave(
        _ leaving: LeaveGroupMember, group: inout ClassicGroup, now: Instant, result: inout GroupResult
    ) -> (KafkaError, removed: String?) {
        if let instanceID = leaving.groupInstanceID {
            guard let index = group.index(ofInstance: instanceID) else { return (.unknownMemberID, nil) }
            let memberID = group.members[index].memberID
            guard leaving.memberID.isEmpty || leaving.memberID == memberID else { return (.fencedInstanceID, nil) }
            group.removeMember(memberID, now: now, result: &result)
            return (.none, memberID)
        }
        if let pending = group.pendingMembers.firstIndex(where: { $0.memberID == leaving.memberID }) {
            group.pendingMembers.remove(at: pending)
            return (.none, nil)
        }
        guard group.index(of: leaving.memberID) != nil else { return (.unknownMemberID, nil) }
        group.removeMember(leaving.memberID, now: now, result: &result)
        return (.none, leaving.memberID)
    }
}
