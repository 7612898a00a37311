import KafkaCore

extension GroupCoordinator {
    /// SyncGroup (Kafka's `classicGroupSync`). Followers are parked until the leader's sync
    /// arrives; the leader's sync stores the assignments, writes the group metadata record, moves
    /// the group to Stable and answers every parked sync once the record is durable. In Stable a
    /// late follower gets its assignment at once.
    public mutating func handleSyncGroup(
        _ request: SyncGroupRequest, token: GroupRequestToken, now: Instant
    )
        -> GroupResult
    {
        var result = GroupResult()
        func fail(_ error: KafkaError) -> GroupResult {
            result.respond(token, .syncGroup(SyncGroupResponse(error: error)))
            return result
        }
        if let error = availabilityError(for: request.groupID) { return fail(error) }
        guard var group = groups[request.groupID] else { return fail(.unknownMemberID) }
        if let error = Self.memberError(request.memberID, instanceID: request.groupInstanceID, in: group) {
            return fail(error)
        }
        guard let index = group.index(of: request.memberID) else { return fail(.unknownMemberID) }
        guard request.generationID == group.generation else { return fail(.illegalGeneration) }
        if let type = request.protocolType, type != group.protocolType { return fail(.inconsistentGroupProtocol) }
        if let name = request.protocolName, name != group.protocolName { return fail(.inconsistentGroupProtocol) }
        switch group.state {
        case .empty, .dead:
            return fail(.unknownMemberID)
        case .preparingRebalance:
            return fail(.rebalanceInProgress)
        case .stable:
            markSynced(request.memberID, in: &group)
            group.members[index].sessionDeadline = now + group.members[index].sessionTimeout
            result.respond(token, .syncGroup(syncResponse(group.members[index], in: group)))
        case .completingRebalance:
            if let previous = group.members[index].awaitingSync {
                result.respond(previous, .syncGroup(SyncGroupResponse(error: .rebalanceInProgress)))
            }
            group.members[index].awaitingSync = token
            markSynced(request.memberID, in: &group)
            if request.memberID == group.leaderID {
                completeSync(request.assignments, group: &group, now: now, result: &result)
            }
        }
        groups[request.groupID] = group
        return result
    }

    private func markSynced(_ memberID: String, in group: inout ClassicGroup) {
        group.unsyncedMemberIDs.removeAll { $0 == memberID }
        if group.unsyncedMemberIDs.isEmpty { group.syncDeadline = nil }
    }

    private func syncResponse(_ member: ClassicGroupMember, in group: ClassicGroup) -> SyncGroupResponse {
        SyncGroupResponse(
            error: .none, protocolType: group.protocolType, protocolName: group.protocolName,
            assignment: member.assignment)
    }

    /// The leader's assignments arrived: members it left out get an empty assignment, as in Kafka.
    private func completeSync(
        _ assignments: [SyncGroupAssignment], group: inout ClassicGroup, now: Instant, result: inout GroupResult
    ) {
        for index in group.members.indices {
            let memberID = group.members[index].memberID
            group.members[index].assignment = assignments.last { $0.memberID == memberID }?.assignment ?? []
        }
        group.transition(to: .stable, now: now)
        result.records.append(group.metadataRecord())
        for index in group.members.indices {
            guard let parked = group.members[index].awaitingSync else { continue }
            group.members[index].awaitingSync = nil
            group.members[index].sessionDeadline = now + group.members[index].sessionTimeout
            result.respondWhenDurable(parked, .syncGroup(syncResponse(group.members[index], in: group)))
        }
    }
}
