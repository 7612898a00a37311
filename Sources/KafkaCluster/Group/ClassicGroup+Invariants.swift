import KafkaCore

extension ClassicGroup {
    /// Traps with the offending values if the group's state is inconsistent.
    public func checkInvariants() {
        let ids = members.map(\.memberID)
        precondition(Set(ids).count == ids.count, "group \(groupID): duplicate member ids \(ids)")
        let instances = members.compactMap(\.groupInstanceID)
        precondition(Set(instances).count == instances.count, "group \(groupID): duplicate instance ids \(instances)")
        precondition(generation >= 0, "group \(groupID): negative generation \(generation)")
        precondition(
            (leaderID == nil) == members.isEmpty, "group \(groupID): leader \(String(describing: leaderID)), \(ids)")
        if let leaderID {
            precondition(ids.contains(leaderID), "group \(groupID): leader \(leaderID) is not a member of \(ids)")
        }
        for pending in pendingMembers {
            precondition(!ids.contains(pending.memberID), "group \(groupID): \(pending.memberID) pending and joined")
        }
        for member in members {
            precondition(
                member.protocols.isEmpty == false, "group \(groupID): member \(member.memberID) without protocols")
            precondition(
                member.awaitingJoin == nil || state == .preparingRebalance,
                "group \(groupID): \(member.memberID) has a parked join in \(state)")
            precondition(
                member.awaitingSync == nil || state == .completingRebalance,
                "group \(groupID): \(member.memberID) has a parked sync in \(state)")
        }
        precondition(
            unsyncedMemberIDs.allSatisfy(ids.contains), "group \(groupID): unsynced \(unsyncedMemberIDs) not in \(ids)")
        precondition(
            (joinDeadline != nil) == (state == .preparingRebalance),
            "group \(groupID): join deadline \(String(describing: joinDeadline)) in \(state)")
        precondition(
            initialDelayRemaining == nil || state == .preparingRebalance,
            "group \(groupID): initial delay running in \(state)")
        checkStateInvariants(ids: ids)
    }

    private func checkStateInvariants(ids: [String]) {
        switch state {
        case .empty, .dead:
            precondition(members.isEmpty, "group \(groupID): \(state) with members \(ids)")
            precondition(unsyncedMemberIDs.isEmpty && syncDeadline == nil, "group \(groupID): sync pending in \(state)")
        case .preparingRebalance:
            precondition(syncDeadline == nil, "group \(groupID): sync deadline while preparing a rebalance")
        case .completingRebalance, .stable:
            precondition(!members.isEmpty, "group \(groupID): \(state) without members")
            precondition(generation > 0, "group \(groupID): \(state) in generation \(generation)")
            guard let protocolName else { preconditionFailure("group \(groupID): \(state) without a protocol") }
            for member in members {
                precondition(
                    member.protocols.contains { $0.name == protocolName },
                    "group \(groupID): \(member.memberID) does not support the chosen \(protocolName)")
            }
            precondition(
                (syncDeadline != nil) == !unsyncedMemberIDs.isEmpty,
                "group \(groupID): sync deadline \(String(describing: syncDeadline)), unsynced \(unsyncedMemberIDs)")
        }
        if state == .completingRebalance, let leaderID {
            precondition(
                unsyncedMemberIDs.contains(leaderID) || members.contains { $0.memberID == leaderID && $0.isParked },
                "group \(groupID): leader \(leaderID) synced but the group is still completing")
        }
    }
}
