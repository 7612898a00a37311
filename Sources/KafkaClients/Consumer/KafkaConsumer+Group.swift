import KafkaCore

/// The classic group protocol, client side (Kafka's `AbstractCoordinator` and
/// `ConsumerCoordinator`): JoinGroup, the leader's assignment, SyncGroup, heartbeats, LeaveGroup.
extension KafkaConsumer {
    /// The JoinGroup timeout: the coordinator may park the join for the whole rebalance timeout.
    var joinTimeout: Duration { max(config.requestTimeout, config.maxPollInterval + .milliseconds(5000)) }

    // MARK: Timeouts

    /// Client-side session expiry (no heartbeat answered for `session.timeout.ms`: look for the
    /// coordinator again) and `max.poll.interval.ms` (leave the group until the next poll).
    mutating func checkSessionAndPollTimeouts(at now: Instant) {
        guard memberState == .stable else { return }
        if lastHeartbeatAckAt + config.sessionTimeout <= now { markCoordinatorUnknown(at: now) }
        guard let lastPollAt, lastPollAt + config.maxPollInterval <= now else { return }
        // Static members never send LeaveGroup: the coordinator removes them after their
        // session timeout unless they come back first.
        sendLeaveGroupIfDynamic(at: now, reason: "consumer poll timeout has expired.")
        losePartitions()
        resetGeneration(keepMemberID: false)
        memberState = .pollTimedOut
    }

    // MARK: Join

    /// Asks for a rejoin (heartbeat REBALANCE_IN_PROGRESS, a changed subscription or metadata,
    /// a COOPERATIVE revocation).
    mutating func requestRejoin(at now: Instant, after delay: Duration = .zero) {
        guard !isClosing else { return }
        switch memberState {
        case .failed, .unsubscribed, .pollTimedOut:
            return
        case .needsJoin, .joining, .syncing, .stable:
            if memberState == .joining || memberState == .syncing { groupRequestInFlight = nil }
            memberState = .needsJoin
            rejoinAt = now + delay
        }
    }

    mutating func joinIfDue(at now: Instant) {
        guard memberState == .needsJoin, !isClosing, let groupID = config.groupID, let coordinator, metadataReady,
            rejoinAt <= now, groupRequestInFlight == nil
        else { return }
        if !joinPrepared { prepareJoin(at: now) }
        // Kafka commits synchronously before it rejoins; wait for that commit to finish.
        guard commitsPending == 0 else { return }
        let owned = rebalanceProtocol == .cooperative ? assignment : []
        let subscriptionBytes = Subscription(topics: subscription, ownedPartitions: owned, generationID: generationID)
            .encoded()
        let request = JoinGroupRequest(
            groupID: groupID, sessionTimeout: config.sessionTimeout, rebalanceTimeout: config.maxPollInterval,
            memberID: memberID, groupInstanceID: config.groupInstanceID, protocolType: "consumer",
            protocols: config.partitionAssignmentStrategy.map {
                JoinGroupProtocol(name: $0, metadata: subscriptionBytes)
            },
            clientID: config.clientID)
        counters.joinGroupRequestsSent += 1
        memberState = .joining
        groupRequestInFlight = call(
            .joinGroup(request), to: coordinator, context: .joinGroup, at: now, timeout: joinTimeout)
    }

    /// `onJoinPrepare`: commit the consumed positions (auto-commit), then under EAGER revoke
    /// every partition.
    private mutating func prepareJoin(at now: Instant) {
        joinPrepared = true
        if config.enableAutoCommit && generationID >= 0 {
            enqueueCommit(nil, isAutoCommit: true, retryUntil: now + config.maxPollInterval, at: now)
        }
        if rebalanceProtocol == .eager {
            for topicPartition in assignment { drop(topicPartition) }
        }
    }

    mutating func handleJoin(_ answer: JoinGroupResponse, id: UInt64, at now: Instant) {
        guard groupRequestInFlight == id, memberState == .joining else { return }
        groupRequestInFlight = nil
        switch answer.error {
        case .none:
            memberID = answer.memberID
            generationID = answer.generationID
            protocolName = answer.protocolName
            isLeader = answer.leader == answer.memberID
            sync(assignments: isLeader && !answer.skipAssignment ? assign(answer.members) : [], at: now)
        case .memberIDRequired:
            memberID = answer.memberID
            requestRejoin(at: now)
        case .unknownMemberID:
            resetGeneration(keepMemberID: false)
            requestRejoin(at: now)
        case .illegalGeneration:
            resetGeneration(keepMemberID: true)
            requestRejoin(at: now)
        case .rebalanceInProgress:
            requestRejoin(at: now)
        case .coordinatorLoadInProgress:
            requestRejoin(at: now, after: config.retryBackoff)
        case .notCoordinator, .coordinatorNotAvailable, .requestTimedOut, .networkException:
            requestRejoin(at: now, after: config.retryBackoff)
            markCoordinatorUnknown(at: now)
        default:
            failGroup(answer.error)
        }
    }

    /// The leader's assignment: the chosen assignor over every member's subscription and the
    /// partition counts in the leader's metadata.
    private mutating func assign(_ members: [JoinGroupResponseMember]) -> [SyncGroupAssignment] {
        guard let name = protocolName, let assignor = Assignors.named(name) else {
            failGroup(.inconsistentGroupProtocol)
            return []
        }
        let assignorMembers = members.map { member in
            let subscription: Subscription
            do {
                subscription = try Subscription(decoding: member.metadata)
            } catch {
                // A member whose subscription cannot be read gets nothing rather than stopping the group.
                subscription = Subscription(topics: [])
            }
            return AssignorMember(
                memberID: member.memberID, groupInstanceID: member.groupInstanceID, subscription: subscription)
        }
        var counts: [String: Int32] = [:]
        for topic in Set(assignorMembers.flatMap(\.subscription.topics)).sorted() {
            if let count = metadata.partitionCount(of: topic) {
                counts[topic] = count
            } else {
                metadata.add(topic: topic)
            }
        }
        assignedPartitionCounts = counts
        let result = assignor.assign(members: assignorMembers, partitionsPerTopic: counts)
        return result.keys.sorted().compactMap { memberID in
            result[memberID].map { SyncGroupAssignment(memberID: memberID, assignment: $0.encoded()) }
        }
    }

    private mutating func sync(assignments: [SyncGroupAssignment], at now: Instant) {
        guard let groupID = config.groupID, let coordinator, memberState == .joining else { return }
        let request = SyncGroupRequest(
            groupID: groupID, generationID: generationID, memberID: memberID, groupInstanceID: config.groupInstanceID,
            protocolType: "consumer", protocolName: protocolName, assignments: assignments)
        memberState = .syncing
        groupRequestInFlight = call(
            .syncGroup(request), to: coordinator, context: .syncGroup, at: now, timeout: joinTimeout)
    }

    mutating func handleSync(_ answer: SyncGroupResponse, id: UInt64, at now: Instant) {
        guard groupRequestInFlight == id, memberState == .syncing else { return }
        groupRequestInFlight = nil
        switch answer.error {
        case .none:
            let assigned: [TopicPartition]
            do {
                assigned = try Assignment(decoding: answer.assignment).partitions
            } catch {
                requestRejoin(at: now, after: config.retryBackoff)
                return
            }
            complete(with: Array(Set(assigned)).sorted(), at: now)
        case .unknownMemberID:
            resetGeneration(keepMemberID: false)
            losePartitions()
            requestRejoin(at: now)
        case .illegalGeneration:
            resetGeneration(keepMemberID: true)
            losePartitions()
            requestRejoin(at: now)
        case .rebalanceInProgress:
            requestRejoin(at: now)
        case .coordinatorLoadInProgress, .notCoordinator, .coordinatorNotAvailable, .requestTimedOut,
            .networkException:
            requestRejoin(at: now, after: config.retryBackoff)
            markCoordinatorUnknown(at: now)
        default:
            failGroup(answer.error)
        }
    }

    /// `onJoinComplete`: takes the new assignment. Under COOPERATIVE, partitions the assignment
    /// drops are revoked (their positions committed first with auto-commit) and the member
    /// rejoins at once so they can move.
    private mutating func complete(with assigned: [TopicPartition], at now: Instant) {
        let revoked = assignment.filter { !assigned.contains($0) }
        if !revoked.isEmpty && config.enableAutoCommit {
            let positions = consumedPositions().filter { revoked.contains($0.topicPartition) }
            if !positions.isEmpty {
                commitQueue.append(
                    QueuedCommit(partitions: positions, isAutoCommit: true, retryUntil: nil, notBefore: now))
            }
        }
        for topicPartition in revoked { drop(topicPartition) }
        for topicPartition in assigned where partitions[topicPartition] == nil { add(topicPartition) }
        memberState = .stable
        joinPrepared = false
        counters.rebalances += 1
        lastHeartbeatAckAt = now
        nextHeartbeatAt = now + config.heartbeatInterval
        if lastPollAt == nil || lastPollAt.map({ $0 + config.maxPollInterval <= now }) == true { lastPollAt = now }
        if rebalanceProtocol == .cooperative && !revoked.isEmpty { requestRejoin(at: now) }
    }

    // MARK: Heartbeat

    mutating func heartbeatIfDue(at now: Instant) {
        guard memberState == .stable, let groupID = config.groupID, let coordinator, heartbeatInFlight == nil,
            nextHeartbeatAt <= now
        else { return }
        counters.heartbeatsSent += 1
        nextHeartbeatAt = now + config.heartbeatInterval
        let request = HeartbeatRequest(
            groupID: groupID, generationID: generationID, memberID: memberID, groupInstanceID: config.groupInstanceID)
        heartbeatInFlight = call(.heartbeat(request), to: coordinator, context: .heartbeat, at: now)
    }

    mutating func handleHeartbeat(_ answer: HeartbeatResponse, id: UInt64, at now: Instant) {
        guard heartbeatInFlight == id else { return }
        heartbeatInFlight = nil
        guard memberState == .stable else { return }
        switch answer.error {
        case .none:
            lastHeartbeatAckAt = now
        case .rebalanceInProgress:
            lastHeartbeatAckAt = now
            requestRejoin(at: now)
        case .unknownMemberID:
            resetGeneration(keepMemberID: false)
            losePartitions()
            requestRejoin(at: now)
        case .illegalGeneration:
            resetGeneration(keepMemberID: true)
            losePartitions()
            requestRejoin(at: now)
        case .notCoordinator, .coordinatorNotAvailable, .requestTimedOut, .networkException:
            markCoordinatorUnknown(at: now)
        case .coordinatorLoadInProgress:
            break
        default:
            failGroup(answer.error)
        }
    }

    /// The leader rejoins when a subscribed topic's partition count differs from the one it
    /// assigned with (Kafka's metadata snapshot check).
    mutating func rejoinIfMetadataChanged(at now: Instant) {
        guard memberState == .stable, isLeader else { return }
        // Any changed count rejoins the same way, so the topics need no order (and no sorted copy).
        let changed = assignedPartitionCounts.contains { topic, assigned in
            metadata.partitionCount(of: topic).map { $0 != assigned } ?? false
        }
        if changed { requestRejoin(at: now) }
    }

    // MARK: Leaving and resets

    /// LeaveGroup with `reason` (KIP-800), worded as Kafka's consumer words it.
    mutating func sendLeaveGroupIfDynamic(at now: Instant, reason: String) {
        guard !isStaticMember, !memberID.isEmpty, let groupID = config.groupID, let coordinator else { return }
        counters.leaveGroupRequestsSent += 1
        let leaving = LeaveGroupMember(memberID: memberID, reason: reason)
        call(
            .leaveGroup(LeaveGroupRequest(groupID: groupID, members: [leaving])), to: coordinator,
            context: .leaveGroup, at: now)
    }

    /// Forgets the generation (and the member id when the coordinator no longer knows it).
    mutating func resetGeneration(keepMemberID: Bool) {
        generationID = -1
        protocolName = nil
        isLeader = false
        if !keepMemberID { memberID = "" }
        heartbeatInFlight = nil
        joinPrepared = false
    }

    /// `onPartitionsLost`: the partitions may already belong to another member, so nothing is
    /// committed for them.
    mutating func losePartitions() {
        for topicPartition in assignment { drop(topicPartition) }
        commitQueue.removeAll { $0.isAutoCommit }
    }

    mutating func failGroup(_ error: KafkaError) {
        memberState = .failed(error)
        fatalError = .groupFailed(error)
        groupRequestInFlight = nil
        heartbeatInFlight = nil
        for topicPartition in assignment { drop(topicPartition) }
    }
}
