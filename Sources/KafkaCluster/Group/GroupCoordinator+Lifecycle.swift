import KafkaCore

extension GroupCoordinator {
    /// Rebuilds the groups from the partition's records, oldest first (a new coordinator after a
    /// failover), and becomes active.
    ///
    /// The latest record per key wins and a tombstone deletes. A group with members comes back
    /// Stable in its stored generation with fresh sessions (`now + session timeout`), as in
    /// Kafka; a group without members comes back Empty, its state timestamp (the offset-expiry
    /// clock) taken from the record.
    public mutating func load(records: [GroupCoordinatorRecord], now: Instant) {
        precondition(status == .loading, "load on a coordinator that is \(status)")
        var stored: Set<String> = []
        for record in records {
            switch record {
            case .offsetCommit(let key, let value):
                var group = groups[key.groupID] ?? ClassicGroup(groupID: key.groupID, now: now)
                group.offsets[key.topicPartition] = value
                groups[key.groupID] = group
            case .groupMetadata(let groupID, let value?):
                stored.insert(groupID)
                groups[groupID] = Self.restore(groupID, value, offsets: groups[groupID]?.offsets ?? [:], now: now)
            case .groupMetadata(let groupID, nil):
                stored.remove(groupID)
                groups[groupID] = nil
            }
        }
        for groupID in sortedGroupIDs where !stored.contains(groupID) && groups[groupID]?.offsets.isEmpty == true {
            groups[groupID] = nil
        }
        status = .active
        nextOffsetsRetentionCheck = now + config.offsetsRetentionCheckInterval
    }

    private static func restore(
        _ groupID: String, _ value: GroupMetadataValue, offsets: [TopicPartition: OffsetCommitValue], now: Instant
    ) -> ClassicGroup {
        let stateTimestamp = value.currentStateTimestampMilliseconds
        var group = ClassicGroup(
            groupID: groupID, now: stateTimestamp >= 0 ? Instant(microseconds: stateTimestamp * 1000) : now)
        group.offsets = offsets
        group.generation = value.generation
        group.protocolType = value.protocolType.isEmpty ? nil : value.protocolType
        group.protocolName = value.protocolName
        group.members = value.members.map { stored in
            let session = Duration.milliseconds(Int64(stored.sessionTimeoutMilliseconds))
            return ClassicGroupMember(
                memberID: stored.memberID, groupInstanceID: stored.groupInstanceID, clientID: stored.clientID,
                clientHost: stored.clientHost, sessionTimeout: session,
                rebalanceTimeout: .milliseconds(Int64(stored.rebalanceTimeoutMilliseconds)),
                protocols: [JoinGroupProtocol(name: value.protocolName ?? "", metadata: stored.subscription)],
                assignment: stored.assignment, sessionDeadline: now + session)
        }
        if group.members.isEmpty {
            group.protocolName = nil
        } else {
            group.state = .stable
            group.previousState = .completingRebalance
            group.leaderID =
                group.members.contains { $0.memberID == value.leader } ? value.leader : group.members[0].memberID
        }
        return group
    }

    /// Gives up the partition (its leadership moved): every parked request is answered
    /// `NOT_COORDINATOR` and all state is dropped.
    public mutating func resign() -> GroupResult {
        var result = GroupResult()
        for groupID in sortedGroupIDs {
            guard let group = groups[groupID] else { continue }
            for member in group.members {
                if let token = member.awaitingJoin {
                    result.respond(
                        token, .joinGroup(JoinGroupResponse(error: .notCoordinator, memberID: member.memberID)))
                }
                if let token = member.awaitingSync {
                    result.respond(token, .syncGroup(SyncGroupResponse(error: .notCoordinator)))
                }
            }
        }
        groups = [:]
        status = .resigned
        nextOffsetsRetentionCheck = nil
        return result
    }
}
