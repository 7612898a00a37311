import KafkaCore

extension GroupCoordinator {
    /// The earliest instant at which `tick(now:)` has something to do, if any.
    public var nextDeadline: Instant? {
        guard status == .active else { return nil }
        var next = nextOffsetsRetentionCheck
        func consider(_ deadline: Instant?) {
            guard let deadline else { return }
            if let current = next, current <= deadline { return }
            next = deadline
        }
        for group in groups.values {
            for pending in group.pendingMembers { consider(pending.deadline) }
            for member in group.members where !member.isParked { consider(member.sessionDeadline) }
            consider(group.joinDeadline)
            consider(group.syncDeadline)
        }
        return next
    }

    /// Fires every deadline at or before `now`, group by group in id order: pending members that
    /// did not rejoin, expired sessions, the end of a join phase (or an extension of the initial
    /// delay), missed syncs, and the periodic offset-expiry check.
    public mutating func tick(now: Instant) -> GroupResult {
        var result = GroupResult()
        guard status == .active else { return result }
        for groupID in sortedGroupIDs {
            guard var group = groups[groupID] else { continue }
            expireDeadlines(of: &group, now: now, result: &result)
            groups[groupID] = group
        }
        if let check = nextOffsetsRetentionCheck, check <= now {
            expireOffsets(now: now, result: &result)
            nextOffsetsRetentionCheck = now + config.offsetsRetentionCheckInterval
        }
        return result
    }

    private func expireDeadlines(of group: inout ClassicGroup, now: Instant, result: inout GroupResult) {
        let pendingBefore = group.pendingMembers.count
        group.pendingMembers.removeAll { $0.deadline <= now }
        if group.pendingMembers.count != pendingBefore { group.maybeCompleteJoin(now: now, result: &result) }
        // One member at a time: each removal may end a join phase, which renews the sessions.
        while let expired = group.members.first(where: { !$0.isParked && $0.sessionDeadline <= now }) {
            group.removeMember(expired.memberID, now: now, result: &result)
            let reason = RebalanceReason.heartbeatExpired(expired.memberID)
            group.membersChanged(reason: reason, now: now, config: config, result: &result)
        }
        if group.state == .preparingRebalance, let deadline = group.joinDeadline, deadline <= now {
            if let remaining = group.initialDelayRemaining, group.newMemberAdded, remaining > .zero,
                config.initialRebalanceDelay > .zero
            {
                // KIP-134: a member joined during the delay, so wait once more, within the
                // rebalance timeout.
                let delay = min(config.initialRebalanceDelay, remaining)
                group.newMemberAdded = false
                group.initialDelayRemaining = remaining - delay
                group.joinDeadline = now + delay
            } else {
                group.completeJoin(now: now, result: &result)
            }
        }
        if group.state == .completingRebalance || group.state == .stable, let deadline = group.syncDeadline,
            deadline <= now
        {
            let unsynced = group.unsyncedMemberIDs
            for memberID in unsynced {
                group.removeMember(memberID, now: now, result: &result)
            }
            group.membersChanged(
                reason: RebalanceReason.syncExpired(unsynced), now: now, config: config, result: &result)
        }
    }
}
