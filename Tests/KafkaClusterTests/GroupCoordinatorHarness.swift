import KafkaCluster
import KafkaCore

/// Drives one `GroupCoordinator` in virtual time: hands out request tokens, collects every
/// answer (immediate and durable, as if each append committed at once) and the records written.
struct GroupCoordinatorHarness {
    var coordinator: GroupCoordinator
    var now = Instant.zero
    var nextToken: UInt64 = 0
    /// Every record the coordinator asked to append, in order: the `__consumer_offsets` partition.
    var log: [GroupCoordinatorRecord] = []
    /// Every answer so far, by request.
    var replies: [GroupRequestToken: GroupResponse] = [:]

    /// A loaded coordinator where every group id maps to its single partition.
    init(seed: UInt64 = 1, config: GroupCoordinatorConfig = GroupCoordinatorConfig(offsetsTopicPartitionCount: 1)) {
        coordinator = GroupCoordinator(partition: 0, config: config, seed: seed)
        coordinator.load(records: [], now: now)
    }

    mutating func token() -> GroupRequestToken {
        nextToken += 1
        return GroupRequestToken(nextToken)
    }

    mutating func apply(_ result: GroupResult) {
        precondition(result.durableResponses.isEmpty || !result.records.isEmpty, "durable answers without records")
        coordinator.checkInvariants()
        log += result.records
        for reply in result.responses + result.durableResponses {
            precondition(replies[reply.token] == nil, "\(reply.token) answered twice")
            replies[reply.token] = reply.response
        }
    }

    mutating func advance(by duration: Duration) {
        now = now + duration
        apply(coordinator.tick(now: now))
    }

    /// Ticks deadline by deadline until `instant`.
    mutating func run(until instant: Instant) {
        while let deadline = coordinator.nextDeadline, deadline <= instant {
            now = max(now, deadline)
            apply(coordinator.tick(now: now))
        }
        now = instant
        apply(coordinator.tick(now: now))
    }

    static func protocols(_ names: [String] = ["range"], metadata: [UInt8] = [1]) -> [JoinGroupProtocol] {
        names.map { JoinGroupProtocol(name: $0, metadata: metadata) }
    }

    @discardableResult
    mutating func join(
        _ group: String = "g", memberID: String = "", instance: String? = nil,
        protocols: [JoinGroupProtocol] = protocols(), session: Duration = .seconds(10),
        rebalance: Duration = .seconds(30), protocolType: String = "consumer", clientID: String = "client"
    ) -> GroupRequestToken {
        let token = token()
        let request = JoinGroupRequest(
            groupID: group, sessionTimeout: session, rebalanceTimeout: rebalance, memberID: memberID,
            groupInstanceID: instance, protocolType: protocolType, protocols: protocols, clientID: clientID)
        apply(coordinator.handleJoinGroup(request, token: token, now: now))
        return token
    }

    @discardableResult
    mutating func sync(
        _ group: String = "g", generation: Int32, memberID: String, instance: String? = nil,
        assignments: [SyncGroupAssignment] = []
    ) -> GroupRequestToken {
        let token = token()
        let request = SyncGroupRequest(
            groupID: group, generationID: generation, memberID: memberID, groupInstanceID: instance,
            assignments: assignments)
        apply(coordinator.handleSyncGroup(request, token: token, now: now))
        return token
    }

    mutating func heartbeat(
        _ group: String = "g", generation: Int32, memberID: String, instance: String? = nil
    )
        -> KafkaError
    {
        let request = HeartbeatRequest(
            groupID: group, generationID: generation, memberID: memberID, groupInstanceID: instance)
        return coordinator.handleHeartbeat(request, now: now).error
    }

    mutating func leave(_ members: [LeaveGroupMember], group: String = "g") -> LeaveGroupResponse? {
        let token = token()
        apply(coordinator.handleLeaveGroup(LeaveGroupRequest(groupID: group, members: members), token: token, now: now))
        guard case .leaveGroup(let response)? = replies[token] else { return nil }
        return response
    }

    mutating func commit(
        _ offsets: [(TopicPartition, Int64)], group: String = "g", generation: Int32 = -1, memberID: String = ""
    ) -> [KafkaError] {
        let token = token()
        let request = OffsetCommitRequest(
            groupID: group, generationID: generation, memberID: memberID,
            partitions: offsets.map { OffsetCommitPartition($0.0, committedOffset: Offset($0.1)) })
        apply(coordinator.handleOffsetCommit(request, token: token, now: now))
        guard case .offsetCommit(let response)? = replies[token] else { return [] }
        return response.partitions.map(\.error)
    }

    func joinResponse(_ token: GroupRequestToken) -> JoinGroupResponse? {
        guard case .joinGroup(let response)? = replies[token] else { return nil }
        return response
    }

    func syncResponse(_ token: GroupRequestToken) -> SyncGroupResponse? {
        guard case .syncGroup(let response)? = replies[token] else { return nil }
        return response
    }

    func group(_ id: String = "g") -> ClassicGroup? { coordinator.groups[id] }

    /// A dynamic member's two-step join; returns its member id and the parked join's token.
    mutating func joinDynamic(
        _ group: String = "g", protocols: [JoinGroupProtocol] = protocols()
    ) -> (
        String, GroupRequestToken
    ) {
        let first = join(group, protocols: protocols)
        let memberID = joinResponse(first)?.memberID ?? ""
        precondition(joinResponse(first)?.error == .memberIDRequired, "expected MEMBER_ID_REQUIRED")
        return (memberID, join(group, memberID: memberID, protocols: protocols))
    }

    /// Forms a Stable group of `count` dynamic members and returns their ids (leader first).
    mutating func stableGroup(_ group: String = "g", count: Int) -> [String] {
        var members: [(String, GroupRequestToken)] = []
        for _ in 0..<count { members.append(joinDynamic(group)) }
        // Members joining during the initial delay extend it once: 3s, then 3s more.
        run(until: now + .seconds(6))
        let generation = joinResponse(members[0].1)?.generationID ?? -1
        let leader = joinResponse(members[0].1)?.leader ?? ""
        let assignments = members.map { SyncGroupAssignment(memberID: $0.0, assignment: Array($0.0.utf8.prefix(4))) }
        sync(group, generation: generation, memberID: leader, assignments: assignments)
        for (memberID, _) in members where memberID != leader {
            sync(group, generation: generation, memberID: memberID)
        }
        return members.map(\.0)
    }
}
