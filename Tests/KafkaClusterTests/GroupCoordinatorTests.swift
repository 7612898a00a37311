import KafkaCluster
import KafkaCore
import Testing

@Suite struct GroupCoordinatorTests {
    @Test("the transition table allows exactly Kafka's transitions")
    func transitionTable() {
        let allowed: Set<[ClassicGroupState]> = [
            [.empty, .preparingRebalance], [.preparingRebalance, .completingRebalance], [.preparingRebalance, .empty],
            [.completingRebalance, .stable], [.completingRebalance, .preparingRebalance],
            [.stable, .preparingRebalance],
        ]
        for from in ClassicGroupState.allCases {
            for to in ClassicGroupState.allCases {
                let expected = to == .dead || allowed.contains([from, to])
                #expect(from.canTransition(to: to) == expected, "\(from) → \(to)")
            }
        }
    }

    @Test("a first join without a member id gets MEMBER_ID_REQUIRED and a clientId-UUID id")
    func memberIDRequired() {
        var harness = GroupCoordinatorHarness()
        let token = harness.join(clientID: "app")
        let response = harness.joinResponse(token)
        #expect(response?.error == .memberIDRequired)
        let memberID = response?.memberID ?? ""
        #expect(memberID.hasPrefix("app-") && memberID.count == 4 + 36, "\(memberID)")
        #expect(harness.group()?.pendingMembers.map(\.memberID) == [memberID])
        #expect(harness.group()?.state == .empty)
    }

    @Test("Empty → PreparingRebalance → CompletingRebalance → Stable, with the leader seeing every subscription")
    func firstRebalance() {
        var harness = GroupCoordinatorHarness()
        let (a, joinA) = harness.joinDynamic()
        #expect(harness.group()?.state == .preparingRebalance)
        let (b, joinB) = harness.joinDynamic()
        harness.advance(by: .milliseconds(2999))
        #expect(harness.joinResponse(joinA) == nil, "the initial delay holds the join phase open")
        harness.run(until: .zero + .seconds(6))
        let leaderResponse = harness.joinResponse(joinA)
        #expect(leaderResponse?.error == KafkaError.none && leaderResponse?.generationID == 1)
        #expect(leaderResponse?.leader == a && leaderResponse?.members.map(\.memberID) == [a, b])
        #expect(harness.joinResponse(joinB)?.members == [], "only the leader gets the members")
        #expect(harness.joinResponse(joinB)?.protocolName == "range")
        #expect(harness.group()?.state == .completingRebalance)
        let followerSync = harness.sync(generation: 1, memberID: b)
        #expect(harness.syncResponse(followerSync) == nil, "followers wait for the leader")
        let recordsBefore = harness.log.count
        let leaderSync = harness.sync(
            generation: 1, memberID: a,
            assignments: [
                SyncGroupAssignment(memberID: a, assignment: [1]), SyncGroupAssignment(memberID: b, assignment: [2]),
            ])
        #expect(harness.group()?.state == .stable)
        #expect(harness.syncResponse(leaderSync)?.assignment == [1])
        #expect(harness.syncResponse(followerSync)?.assignment == [2])
        #expect(harness.log.count == recordsBefore + 1)
        guard case .groupMetadata("g", let value?)? = harness.log.last else {
            Issue.record("no group metadata record: \(harness.log)")
            return
        }
        #expect(value.generation == 1 && value.leader == a && value.members.map(\.assignment) == [[1], [2]])
    }

    @Test("the leader's sync answers are durable: they wait for the group metadata record")
    func durableSync() {
        var harness = GroupCoordinatorHarness()
        let (a, _) = harness.joinDynamic()
        harness.run(until: .zero + .seconds(3))
        let token = harness.token()
        let result = harness.coordinator.handleSyncGroup(
            SyncGroupRequest(groupID: "g", generationID: 1, memberID: a), token: token, now: harness.now)
        #expect(result.responses.isEmpty)
        #expect(result.records.count == 1 && result.durableResponses.map(\.token) == [token])
    }

    @Test("each member joining during the initial delay extends it, never past the rebalance timeout")
    func initialDelayExtension() {
        var harness = GroupCoordinatorHarness()
        let (_, joinA) = harness.joinDynamic()
        harness.advance(by: .seconds(2))
        _ = harness.joinDynamic()
        harness.advance(by: .seconds(1))
        #expect(harness.joinResponse(joinA) == nil, "a member joined during the delay: extended to 6s")
        #expect(harness.group()?.joinDeadline == .zero + .seconds(6))
        harness.advance(by: .seconds(3))
        #expect(harness.joinResponse(joinA)?.generationID == 1)

        // A rebalance timeout of 4s caps the extensions: the 3s delay, then at most 1s more.
        var capped = GroupCoordinatorHarness()
        let first = capped.join(instance: "i1", rebalance: .seconds(4))
        capped.advance(by: .seconds(1))
        _ = capped.join(instance: "i2", rebalance: .seconds(4))
        capped.advance(by: .seconds(2))
        #expect(capped.group()?.joinDeadline == .zero + .seconds(4))
        capped.advance(by: .milliseconds(500))
        _ = capped.join(instance: "i3", rebalance: .seconds(4))
        capped.advance(by: .milliseconds(500))
        #expect(capped.joinResponse(first)?.generationID == 1, "no time left to extend")
    }

    @Test("a join from a member with changed metadata in Stable starts a rebalance; unchanged followers do not")
    func rejoinInStable() {
        var harness = GroupCoordinatorHarness()
        let ids = harness.stableGroup(count: 2)
        let again = harness.join(memberID: ids[1])
        #expect(harness.joinResponse(again)?.generationID == 1 && harness.group()?.state == .stable)
        let changed = harness.join(memberID: ids[1], protocols: GroupCoordinatorHarness.protocols(metadata: [9]))
        #expect(harness.joinResponse(changed) == nil && harness.group()?.state == .preparingRebalance)
        #expect(harness.heartbeat(generation: 1, memberID: ids[0]) == .rebalanceInProgress)
        let leaderJoin = harness.join(memberID: ids[0])
        #expect(harness.joinResponse(leaderJoin)?.generationID == 2, "all rejoined: the join phase ends at once")
        #expect(harness.joinResponse(changed)?.generationID == 2)
    }

    @Test("a member whose session expires is removed and the group rebalances; the last one leaves it Empty")
    func sessionExpiry() {
        var harness = GroupCoordinatorHarness()
        let ids = harness.stableGroup(count: 2)
        for _ in 0..<2 {
            harness.advance(by: .seconds(4))
            #expect(harness.heartbeat(generation: 1, memberID: ids[0]) == KafkaError.none)
        }
        harness.advance(by: .seconds(4))
        #expect(harness.group()?.state == .preparingRebalance, "b missed its 10s session")
        #expect(harness.heartbeat(generation: 1, memberID: ids[0]) == .rebalanceInProgress)
        #expect(harness.group()?.members.map(\.memberID) == [ids[0]])
        #expect(harness.heartbeat(generation: 1, memberID: ids[1]) == .unknownMemberID)
        harness.advance(by: .seconds(11))
        #expect(harness.group()?.state == .empty && harness.group()?.generation == 2)
        guard case .groupMetadata("g", let value?)? = harness.log.last else {
            Issue.record("no record for the Empty group")
            return
        }
        #expect(value.members.isEmpty && value.generation == 2 && value.protocolName == nil)
    }

    @Test("a static member restarting within its session timeout keeps its assignment without a rebalance")
    func staticRestart() {
        var harness = GroupCoordinatorHarness()
        let first = harness.join(instance: "i1")
        #expect(harness.joinResponse(first) == nil, "static members join directly")
        _ = harness.join(instance: "i2")
        harness.run(until: .zero + .seconds(6))
        guard let r1 = harness.joinResponse(first) else {
            Issue.record("no join response")
            return
        }
        let old = r1.memberID
        #expect(old.hasPrefix("i1-"))
        let other = harness.group()?.members[1].memberID ?? ""
        harness.sync(
            generation: 1, memberID: old, instance: "i1",
            assignments: [
                SyncGroupAssignment(memberID: old, assignment: [7]),
                SyncGroupAssignment(memberID: other, assignment: [8]),
            ])
        harness.advance(by: .seconds(5))
        _ = harness.heartbeat(generation: 1, memberID: other, instance: "i2")
        let restart = harness.join(instance: "i1")
        let response = harness.joinResponse(restart)
        #expect(response?.error == KafkaError.none && response?.generationID == 1)
        #expect(response?.memberID != old && response?.skipAssignment == true, "the leader keeps the old assignment")
        #expect(harness.group()?.state == .stable && harness.group()?.generation == 1)
        let newID = response?.memberID ?? ""
        let sync = harness.sync(generation: 1, memberID: newID, instance: "i1")
        #expect(harness.syncResponse(sync)?.assignment == [7])
        #expect(harness.heartbeat(generation: 1, memberID: old, instance: "i1") == .fencedInstanceID)
        #expect(harness.heartbeat(generation: 1, memberID: newID, instance: "i1") == KafkaError.none)
        guard case .groupMetadata(_, let value?)? = harness.log.last else {
            Issue.record("no record for the replacement")
            return
        }
        #expect(value.members.map(\.memberID) == [newID, other] && value.leader == newID)
    }

    @Test("a static member gone longer than its session timeout is removed and the group rebalances")
    func staticExpiry() {
        var harness = GroupCoordinatorHarness()
        let a = harness.join(instance: "i1")
        let b = harness.join(instance: "i2")
        harness.run(until: .zero + .seconds(6))
        let idA = harness.joinResponse(a)?.memberID ?? ""
        let idB = harness.joinResponse(b)?.memberID ?? ""
        harness.sync(generation: 1, memberID: idA, instance: "i1")
        harness.sync(generation: 1, memberID: idB, instance: "i2")
        for _ in 0..<4 {
            harness.advance(by: .seconds(3))
            _ = harness.heartbeat(generation: 1, memberID: idB, instance: "i2")
        }
        #expect(harness.group()?.state == .preparingRebalance)
        #expect(harness.group()?.members.compactMap(\.groupInstanceID) == ["i2"])
        #expect(harness.group()?.leaderID == idB)
    }

    @Test("the chosen assignor is supported by all members and wins the most first-choice votes")
    func protocolVote() {
        var harness = GroupCoordinatorHarness()
        let (_, a) = harness.joinDynamic(protocols: GroupCoordinatorHarness.protocols(["range", "roundrobin"]))
        _ = harness.joinDynamic(protocols: GroupCoordinatorHarness.protocols(["roundrobin", "range"]))
        _ = harness.joinDynamic(protocols: GroupCoordinatorHarness.protocols(["sticky", "roundrobin", "range"]))
        harness.run(until: .zero + .seconds(9))
        #expect(harness.joinResponse(a)?.protocolName == "roundrobin")
        let inconsistent = harness.join(protocols: GroupCoordinatorHarness.protocols(["sticky"]))
        #expect(harness.joinResponse(inconsistent)?.error == .inconsistentGroupProtocol)
        let wrongType = harness.join(protocolType: "connect")
        #expect(harness.joinResponse(wrongType)?.error == .inconsistentGroupProtocol)
    }

    @Test("session timeouts outside [6s, 30min] are INVALID_SESSION_TIMEOUT", arguments: [5999, 1_800_001] as [Int64])
    func invalidSessionTimeout(milliseconds: Int64) {
        var harness = GroupCoordinatorHarness()
        let token = harness.join(session: .milliseconds(milliseconds))
        #expect(harness.joinResponse(token)?.error == .invalidSessionTimeout)
        #expect(harness.group() == nil)
    }

    @Test("unknown members, stale generations and syncs during a rebalance get their error codes")
    func memberErrors() {
        var harness = GroupCoordinatorHarness()
        let noGroup = harness.join("nope", memberID: "ghost")
        #expect(harness.joinResponse(noGroup)?.error == .unknownMemberID)
        let ids = harness.stableGroup(count: 2)
        let ghost = harness.join(memberID: "ghost")
        #expect(harness.joinResponse(ghost)?.error == .unknownMemberID)
        #expect(harness.heartbeat(generation: 1, memberID: "ghost") == .unknownMemberID)
        #expect(harness.heartbeat(generation: 0, memberID: ids[0]) == .illegalGeneration)
        let stale = harness.sync(generation: 7, memberID: ids[0])
        #expect(harness.syncResponse(stale)?.error == .illegalGeneration)
        #expect(harness.heartbeat(generation: 1, memberID: ids[0], instance: "x") == .unknownMemberID)
        _ = harness.join(memberID: ids[0])
        let early = harness.sync(generation: 1, memberID: ids[1])
        #expect(harness.syncResponse(early)?.error == .rebalanceInProgress)
        #expect(harness.heartbeat("other", generation: 1, memberID: ids[0]) == .unknownMemberID)
        #expect(harness.heartbeat("", generation: 1, memberID: ids[0]) == .invalidGroupID)
    }

    @Test("groups of other partitions are NOT_COORDINATOR; while loading COORDINATOR_LOAD_IN_PROGRESS")
    func availability() {
        var loading = GroupCoordinator(partition: 13, seed: 1)
        let heartbeat = HeartbeatRequest(groupID: "my-group", generationID: 0, memberID: "m")
        #expect(loading.handleHeartbeat(heartbeat, now: .zero).error == .notCoordinator, "my-group is on partition 12")
        let mine = HeartbeatRequest(groupID: "g13", generationID: 0, memberID: "m")
        let ownGroup = (0..<1000).map { "g\($0)" }.first { coordinatorPartition(for: $0) == 13 } ?? ""
        var request = mine
        request.groupID = ownGroup
        #expect(loading.handleHeartbeat(request, now: .zero).error == .coordinatorLoadInProgress)
        #expect(loading.handleListGroups(ListGroupsRequest()).error == .coordinatorLoadInProgress)
        loading.load(records: [], now: .zero)
        #expect(loading.handleHeartbeat(request, now: .zero).error == .unknownMemberID)
        _ = loading.resign()
        #expect(loading.handleHeartbeat(request, now: .zero).error == .notCoordinator)
    }

    @Test("resigning answers parked joins and syncs with NOT_COORDINATOR")
    func resignAnswersParked() {
        var harness = GroupCoordinatorHarness()
        let (_, join) = harness.joinDynamic()
        harness.apply(harness.coordinator.resign())
        #expect(harness.joinResponse(join)?.error == .notCoordinator)
    }

    @Test("LeaveGroup removes members, fences mismatched static ids and reports unknown ones")
    func leaveGroup() {
        var harness = GroupCoordinatorHarness()
        let ids = harness.stableGroup(count: 2)
        let response = harness.leave([
            LeaveGroupMember(memberID: ids[1]), LeaveGroupMember(memberID: "ghost"),
            LeaveGroupMember(memberID: "x", groupInstanceID: "nope"),
        ])
        #expect(response?.error == KafkaError.none)
        #expect(response?.members.map(\.error) == [KafkaError.none, .unknownMemberID, .unknownMemberID])
        #expect(harness.group()?.state == .preparingRebalance)
        let join = harness.join(memberID: ids[0])
        #expect(harness.joinResponse(join)?.generationID == 2)

        var statics = GroupCoordinatorHarness()
        _ = statics.join(instance: "i1")
        let fenced = statics.leave([LeaveGroupMember(memberID: "wrong", groupInstanceID: "i1")])
        #expect(fenced?.members.map(\.error) == [.fencedInstanceID])
        let left = statics.leave([LeaveGroupMember(memberID: "", groupInstanceID: "i1")])
        #expect(left?.members.map(\.error) == [KafkaError.none] && statics.group()?.members.isEmpty == true)
    }

    @Test("members that do not rejoin within the rebalance timeout are removed")
    func rebalanceTimeout() {
        var harness = GroupCoordinatorHarness()
        let ids = harness.stableGroup(count: 2)
        let join = harness.join(memberID: ids[0])
        for _ in 0..<10 {
            harness.advance(by: .seconds(3))
            _ = harness.heartbeat(generation: 1, memberID: ids[1])
        }
        #expect(harness.joinResponse(join)?.generationID == 2 && harness.joinResponse(join)?.members.count == 1)
        #expect(harness.group()?.members.map(\.memberID) == [ids[0]])
    }

    @Test("members that do not sync within the rebalance timeout are removed and the group rebalances")
    func missedSync() {
        var harness = GroupCoordinatorHarness()
        let (a, _) = harness.joinDynamic()
        let (b, _) = harness.joinDynamic()
        harness.run(until: .zero + .seconds(6))
        let parked = harness.sync(generation: 1, memberID: b)
        harness.advance(by: .seconds(30))
        #expect(harness.syncResponse(parked)?.error == .rebalanceInProgress)
        #expect(harness.group()?.members.map(\.memberID) == [b] && harness.group()?.leaderID == b)
        _ = a
    }

    @Test("pending members that never rejoin are dropped after their session timeout")
    func pendingExpiry() {
        var harness = GroupCoordinatorHarness()
        _ = harness.join()
        #expect(harness.group()?.pendingMembers.count == 1)
        harness.advance(by: .seconds(10))
        #expect(harness.group()?.pendingMembers.isEmpty == true)
    }
}
