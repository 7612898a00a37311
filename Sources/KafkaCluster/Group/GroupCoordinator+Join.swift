import KafkaCore

extension GroupCoordinator {
    /// JoinGroup (Kafka's `classicGroupJoin`). A first join without a member id gets
    /// `MEMBER_ID_REQUIRED` and an id (dynamic members); a static member's join replaces the
    /// member holding its instance id; everything else joins (or starts) the rebalance and is
    /// parked until the join phase completes.
    public mutating func handleJoinGroup(
        _ request: JoinGroupRequest, token: GroupRequestToken, now: Instant
    )
        -> GroupResult
    {
        var result = GroupResult()
        func fail(_ error: KafkaError) -> GroupResult {
            result.respond(token, .joinGroup(JoinGroupResponse(error: error, memberID: request.memberID)))
            return result
        }
        if let error = availabilityError(for: request.groupID) { return fail(error) }
        guard Self.fitsRecords(request) else { return fail(.invalidRequest) }
        guard request.sessionTimeout >= config.minSessionTimeout, request.sessionTimeout <= config.maxSessionTimeout
        else { return fail(.invalidSessionTimeout) }
        let existing = groups[request.groupID]
        guard existing != nil || request.memberID.isEmpty else { return fail(.unknownMemberID) }
        var group = existing ?? ClassicGroup(groupID: request.groupID, now: now)
        guard group.supports(protocolType: request.protocolType, protocols: request.protocols) else {
            return fail(.inconsistentGroupProtocol)
        }
        if request.memberID.isEmpty {
            guard !group.isFull(maxSize: config.groupMaxSize) else { return fail(.groupMaxSizeReached) }
            joinWithoutMemberID(request, token: token, group: &group, now: now, result: &result)
        } else {
            joinWithMemberID(request, token: token, group: &group, now: now, result: &result)
        }
        groups[request.groupID] = group
        return result
    }

    private mutating func joinWithoutMemberID(
        _ request: JoinGroupRequest, token: GroupRequestToken, group: inout ClassicGroup, now: Instant,
        result: inout GroupResult
    ) {
        guard let instanceID = request.groupInstanceID else {
            // KIP-394: hand out an id and wait for the member to come back with it.
            let memberID = newMemberID(prefix: request.clientID)
            group.pendingMembers.append((memberID, now + request.sessionTimeout))
            result.respond(token, .joinGroup(JoinGroupResponse(error: .memberIDRequired, memberID: memberID)))
            return
        }
        let memberID = newMemberID(prefix: instanceID)
        if let index = group.index(ofInstance: instanceID) {
            replaceStaticMember(
                at: index, with: memberID, request, token: token, group: &group, now: now, result: &result)
        } else {
            addMember(memberID, request, token: token, group: &group, now: now, result: &result)
        }
    }

    private func joinWithMemberID(
        _ request: JoinGroupRequest, token: GroupRequestToken, group: inout ClassicGroup, now: Instant,
        result: inout GroupResult
    ) {
        func fail(_ error: KafkaError) {
            result.respond(token, .joinGroup(JoinGroupResponse(error: error, memberID: request.memberID)))
        }
        if let pending = group.pendingMembers.firstIndex(where: { $0.memberID == request.memberID }) {
            group.pendingMembers.remove(at: pending)
            addMember(request.memberID, request, token: token, group: &group, now: now, result: &result)
            return
        }
        if let error = Self.memberError(request.memberID, instanceID: request.groupInstanceID, in: group) {
            return fail(error)
        }
        guard let index = group.index(of: request.memberID) else { return fail(.unknownMemberID) }
        let unchanged = group.members[index].protocols == request.protocols
        switch group.state {
        case .empty, .dead:
            fail(.unknownMemberID)
        case .preparingRebalance:
            let reason = RebalanceReason.memberJoining(
                request.memberID, state: group.state, clientReason: request.reason)
            updateMember(at: index, request, reason: reason, token: token, group: &group, now: now, result: &result)
        case .completingRebalance where unchanged:
            // The join response was lost: send it again, the generation has not moved.
            group.members[index].sessionDeadline = now + group.members[index].sessionTimeout
            result.respond(token, .joinGroup(group.joinResponse(for: request.memberID)))
        case .stable where unchanged && group.leaderID != request.memberID:
            group.members[index].sessionDeadline = now + group.members[index].sessionTimeout
            result.respond(token, .joinGroup(group.joinResponse(for: request.memberID)))
        case .completingRebalance, .stable:
            let reason =
                group.state == .stable && group.leaderID == request.memberID
                ? RebalanceReason.leaderRejoined(request.memberID, state: group.state, clientReason: request.reason)
                : RebalanceReason.metadataUpdated(request.memberID, state: group.state, clientReason: request.reason)
            updateMember(at: index, request, reason: reason, token: token, group: &group, now: now, result: &result)
        }
    }

    /// Whether every string the group metadata record would store fits a Kafka `STRING`
    /// (32767 bytes), counting the 37 characters a generated member id adds to its prefix. Real
    /// clients cannot send longer ones; simulated ones must not crash the coordinator.
    static func fitsRecords(_ request: JoinGroupRequest) -> Bool {
        let limit = Int(Int16.max)
        let plain = [request.groupID, request.memberID, request.clientHost, request.protocolType]
        let prefixes = [request.clientID, request.groupInstanceID ?? ""]
        return plain.allSatisfy { $0.utf8.count <= limit } && prefixes.allSatisfy { $0.utf8.count + 37 <= limit }
            && request.protocols.allSatisfy { $0.name.utf8.count <= limit }
    }

    /// `FENCED_INSTANCE_ID` when the instance id belongs to another member id,
    /// `UNKNOWN_MEMBER_ID` when the member (or its instance id) is unknown.
    static func memberError(_ memberID: String, instanceID: String?, in group: ClassicGroup) -> KafkaError? {
        if let instanceID {
            guard let index = group.index(ofInstance: instanceID) else { return .unknownMemberID }
            return group.members[index].memberID == memberID ? nil : .fencedInstanceID
        }
        return group.index(of: memberID) == nil ? .unknownMemberID : nil
    }

    private func addMember(
        _ memberID: String, _ request: JoinGroupRequest, token: GroupRequestToken, group: inout ClassicGroup,
        now: Instant, result: inout GroupResult
    ) {
        if group.members.isEmpty { group.protocolType = request.protocolType }
        group.members.append(
            ClassicGroupMember(
                memberID: memberID, groupInstanceID: request.groupInstanceID, clientID: request.clientID,
                clientHost: request.clientHost, sessionTimeout: request.sessionTimeout,
                rebalanceTimeout: request.rebalanceTimeout, protocols: request.protocols, assignment: [],
                awaitingJoin: token, sessionDeadline: now + request.sessionTimeout))
        if group.leaderID == nil { group.leaderID = memberID }
        if group.initialDelayRemaining != nil { group.newMemberAdded = true }
        let reason = RebalanceReason.newMember(
            memberID, instanceID: request.groupInstanceID, clientReason: request.reason)
        group.rebalanceOrCompleteJoin(reason: reason, now: now, config: config, result: &result)
    }

    private func updateMember(
        at index: Int, _ request: JoinGroupRequest, reason: String, token: GroupRequestToken,
        group: inout ClassicGroup, now: Instant, result: inout GroupResult
    ) {
        if let previous = group.members[index].awaitingJoin {
            // A second join while one is parked: the older one is answered, the newer one waits.
            result.respond(
                previous, .joinGroup(JoinGroupResponse(error: .rebalanceInProgress, memberID: request.memberID)))
        }
        group.members[index].protocols = request.protocols
        group.members[index].sessionTimeout = request.sessionTimeout
        group.members[index].rebalanceTimeout = request.rebalanceTimeout
        group.members[index].clientID = request.clientID
        group.members[index].clientHost = request.clientHost
        group.members[index].awaitingJoin = token
        group.rebalanceOrCompleteJoin(reason: reason, now: now, config: config, result: &result)
    }

    /// A static member came back without its member id (KIP-345): the new id replaces the old,
    /// which is fenced. In Stable with unchanged protocols the member gets its old assignment
    /// without a rebalance, once the new membership is durable.
    private func replaceStaticMember(
        at index: Int, with memberID: String, _ request: JoinGroupRequest, token: GroupRequestToken,
        group: inout ClassicGroup, now: Instant, result: inout GroupResult
    ) {
        let old = group.members[index]
        if let parked = old.awaitingJoin {
            result.respond(parked, .joinGroup(JoinGroupResponse(error: .fencedInstanceID, memberID: old.memberID)))
        }
        if let parked = old.awaitingSync {
            result.respond(parked, .syncGroup(SyncGroupResponse(error: .fencedInstanceID)))
        }
        group.members[index].awaitingJoin = nil
        group.members[index].awaitingSync = nil
        group.members[index].memberID = memberID
        if group.leaderID == old.memberID { group.leaderID = memberID }
        group.unsyncedMemberIDs = group.unsyncedMemberIDs.map { $0 == old.memberID ? memberID : $0 }
        if group.state == .stable && old.protocols == request.protocols {
            group.members[index].sessionTimeout = request.sessionTimeout
            group.members[index].rebalanceTimeout = request.rebalanceTimeout
            group.members[index].sessionDeadline = now + request.sessionTimeout
            result.records.append(group.metadataRecord())
            result.respondWhenDurable(
                token, .joinGroup(group.joinResponse(for: memberID, skipAssignment: true)))
            return
        }
        var rejoin = request
        rejoin.memberID = memberID
        let instanceID = old.groupInstanceID ?? ""
        let reason =
            group.state == .stable
            ? RebalanceReason.staticMemberChangedProtocol(
                memberID, instanceID: instanceID, clientReason: request.reason)
            : RebalanceReason.staticMemberUpdated(memberID, instanceID: instanceID, clientReason: request.reason)
        updateMember(at: index, rejoin, reason: reason, token: token, group: &group, now: now, result: &result)
    }
}
