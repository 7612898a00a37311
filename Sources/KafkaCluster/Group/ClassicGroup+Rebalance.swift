import KafkaCore

/// The rebalance steps shared by joins, leaves, syncs and deadlines (Kafka's
/// `prepareRebalance`, `maybeCompleteJoinPhase`, `completeClassicGroupJoin`, `removeMember`).
extension ClassicGroup {
    /// Starts a rebalance for `reason`, or joins the one in progress
    /// (`maybePrepareRebalanceOrCompleteJoin`).
    mutating func rebalanceOrCompleteJoin(
        reason: String, now: Instant, config: GroupCoordinatorConfig, result: inout GroupResult
    ) {
        if canRebalance {
            prepareRebalance(reason: reason, now: now, config: config, result: &result)
        } else {
            maybeCompleteJoin(now: now, result: &result)
        }
    }

    /// Moves to PreparingRebalance: parked syncs learn `REBALANCE_IN_PROGRESS`, assignments are
    /// dropped, and the join phase gets its deadline — the initial delay when leaving Empty
    /// (KIP-134), the rebalance timeout otherwise. `reason` is remembered as the rebalance cause,
    /// in the words Kafka's coordinator logs ("Preparing to rebalance group … (reason: …)").
    mutating func prepareRebalance(
        reason: String, now: Instant, config: GroupCoordinatorConfig, result: inout GroupResult
    ) {
        precondition(canRebalance, "group \(groupID) cannot start a rebalance in \(state)")
        rebalanceCause = reason
        // Restarting from CompletingRebalance continues the same pause: members have consumed
        // nothing since the group left Stable.
        if state != .completingRebalance || rebalanceStartedAt == nil { rebalanceStartedAt = now }
        if state == .completingRebalance {
            for index in members.indices {
                if let token = members[index].awaitingSync {
                    result.respond(token, .syncGroup(SyncGroupResponse(error: .rebalanceInProgress)))
                    members[index].awaitingSync = nil
                    members[index].sessionDeadline = now + members[index].sessionTimeout
                }
                members[index].assignment = []
            }
        }
        unsyncedMemberIDs = []
        syncDeadline = nil
        let isInitial = state == .empty
        transition(to: .preparingRebalance, now: now)
        if isInitial {
            let timeout = rebalanceTimeout
            initialDelayRemaining =
                timeout > config.initialRebalanceDelay ? timeout - config.initialRebalanceDelay : .zero
            newMemberAdded = false
            joinDeadline = now + config.initialRebalanceDelay
        } else {
            joinDeadline = now + rebalanceTimeout
            maybeCompleteJoin(now: now, result: &result)
        }
    }

    /// Completes the join phase early when every member has rejoined — except during the
    /// initial delay, which always runs its course.
    mutating func maybeCompleteJoin(now: Instant, result: inout GroupResult) {
        guard state == .preparingRebalance, hasAllMembersJoined, previousState != .empty else { return }
        completeJoin(now: now, result: &result)
    }

    /// Ends the join phase (all rejoined, or the deadline passed): dynamic members that did not
    /// rejoin are removed, the generation advances, the assignor is chosen and every parked join
    /// is answered — the leader's with every member's subscription.
    mutating func completeJoin(now: Instant, result: inout GroupResult) {
        precondition(state == .preparingRebalance, "group \(groupID) completes a join phase in \(state)")
        for member in members where member.awaitingJoin == nil && member.groupInstanceID == nil {
            removeMember(member.memberID, now: now, result: &result)
        }
        initialDelayRemaining = nil
        newMemberAdded = false
        if !members.isEmpty && !members.contains(where: { $0.awaitingJoin != nil }) {
            // Only static members that have not rejoined are left: wait for them (or for their
            // sessions to expire) for another rebalance timeout, as Kafka does.
            joinDeadline = now + rebalanceTimeout
            return
        }
        if let leaderID, let leader = index(of: leaderID), members[leader].awaitingJoin == nil {
            self.leaderID = members.first { $0.awaitingJoin != nil }?.memberID
        }
        joinDeadline = nil
        generation += 1
        guard !members.isEmpty else {
            protocolName = nil
            transition(to: .empty, now: now)
            result.records.append(metadataRecord())
            return
        }
        protocolName = selectProtocol()
        transition(to: .completingRebalance, now: now)
        unsyncedMemberIDs = members.map(\.memberID)
        syncDeadline = now + rebalanceTimeout
        for index in members.indices {
            guard let token = members[index].awaitingJoin else { continue }
            members[index].awaitingJoin = nil
            members[index].sessionDeadline = now + members[index].sessionTimeout
            result.respond(token, .joinGroup(joinResponse(for: members[index].memberID)))
        }
    }

    /// The successful JoinGroup answer for `memberID` in the current generation.
    func joinResponse(for memberID: String, skipAssignment: Bool = false) -> JoinGroupResponse {
        let isLeader = memberID == leaderID
        let described =
            isLeader
            ? members.map {
                JoinGroupResponseMember(
                    memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, metadata: $0.metadata(for: protocolName)
                )
            } : []
        return JoinGroupResponse(
            error: .none, generationID: generation, protocolType: protocolType, protocolName: protocolName,
            leader: leaderID ?? "", skipAssignment: skipAssignment && isLeader, memberID: memberID, members: described)
    }

    /// Removes a member without changing the state; its parked requests learn
    /// `UNKNOWN_MEMBER_ID`, and leadership moves to the first remaining member that rejoined
    /// (or the first remaining member).
    mutating func removeMember(_ memberID: String, now: Instant, result: inout GroupResult) {
        guard let index = index(of: memberID) else {
            preconditionFailure("group \(groupID) removes unknown member \(memberID)")
        }
        let member = members.remove(at: index)
        if let token = member.awaitingJoin {
            result.respond(token, .joinGroup(JoinGroupResponse(error: .unknownMemberID, memberID: memberID)))
        }
        if let token = member.awaitingSync {
            result.respond(token, .syncGroup(SyncGroupResponse(error: .unknownMemberID)))
        }
        unsyncedMemberIDs.removeAll { $0 == memberID }
        if unsyncedMemberIDs.isEmpty { syncDeadline = nil }
        if leaderID == memberID {
            leaderID = (members.first { $0.awaitingJoin != nil } ?? members.first)?.memberID
        }
    }

    /// After members left or expired: a settled group rebalances for `reason`, a rebalancing one
    /// may now be complete.
    mutating func membersChanged(
        reason: String, now: Instant, config: GroupCoordinatorConfig, result: inout GroupResult
    ) {
        switch state {
        case .stable, .completingRebalance: prepareRebalance(reason: reason, now: now, config: config, result: &result)
        case .preparingRebalance: maybeCompleteJoin(now: now, result: &result)
        case .empty, .dead: break
        }
    }
}
