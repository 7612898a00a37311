import KafkaCluster
import KafkaCore
import Testing

@Suite struct GroupMembershipEdgeTests {
    @Test("a new member joining during CompletingRebalance restarts the rebalance; parked syncs are told")
    func joinDuringCompletingRebalance() {
        var harness = GroupCoordinatorHarness()
        let (a, _) = harness.joinDynamic()
        let (b, _) = harness.joinDynamic()
        harness.run(until: .zero + .seconds(6))
        #expect(harness.group()?.state == .completingRebalance)
        let parked = harness.sync(generation: 1, memberID: b)
        let (c, joinC) = harness.joinDynamic()
        #expect(harness.group()?.state == .preparingRebalance)
        #expect(harness.syncResponse(parked)?.error == .rebalanceInProgress)
        let joinA = harness.join(memberID: a)
        let joinB = harness.join(memberID: b)
        #expect(harness.joinResponse(joinA)?.generationID == 2, "everyone rejoined: no need to wait")
        #expect(harness.joinResponse(joinA)?.members.map(\.memberID) == [a, b, c])
        #expect(harness.joinResponse(joinB)?.leader == a && harness.joinResponse(joinC)?.generationID == 2)
    }

    @Test("a static member replaced while its join is parked: the old join is fenced, the new one takes its place")
    func staticReplacementDuringRebalance() {
        var harness = GroupCoordinatorHarness()
        let first = harness.join(instance: "i1")
        let second = harness.join(instance: "i1")
        #expect(harness.joinResponse(first)?.error == .fencedInstanceID)
        #expect(harness.group()?.members.count == 1)
        harness.run(until: .zero + .seconds(3))
        let response = harness.joinResponse(second)
        #expect(response?.error == KafkaError.none && response?.leader == response?.memberID)
        #expect(response?.memberID == harness.group()?.members.first?.memberID)
    }

    @Test("a static member rejoining Stable with changed subscriptions triggers a rebalance")
    func staticRestartWithChangedMetadata() {
        var harness = GroupCoordinatorHarness()
        let join = harness.join(instance: "i1")
        harness.run(until: .zero + .seconds(3))
        let memberID = harness.joinResponse(join)?.memberID ?? ""
        harness.sync(generation: 1, memberID: memberID, instance: "i1")
        #expect(harness.group()?.state == .stable)
        let restart = harness.join(instance: "i1", protocols: GroupCoordinatorHarness.protocols(metadata: [5]))
        #expect(harness.joinResponse(restart)?.generationID == 2, "sole member: the join phase ends at once")
        #expect(harness.heartbeat(generation: 1, memberID: memberID, instance: "i1") == .fencedInstanceID)
    }

    @Test("the static no-rebalance join answer waits for its group metadata record")
    func durableStaticJoin() {
        var harness = GroupCoordinatorHarness()
        let join = harness.join(instance: "i1")
        harness.run(until: .zero + .seconds(3))
        harness.sync(generation: 1, memberID: harness.joinResponse(join)?.memberID ?? "", instance: "i1")
        let token = harness.token()
        let request = JoinGroupRequest(
            groupID: "g", sessionTimeout: .seconds(10), rebalanceTimeout: .seconds(30), groupInstanceID: "i1",
            protocols: GroupCoordinatorHarness.protocols(), clientID: "client")
        let result = harness.coordinator.handleJoinGroup(request, token: token, now: harness.now)
        #expect(result.responses.isEmpty && result.records.count == 1)
        #expect(result.durableResponses.map(\.token) == [token])
    }

    @Test("group.max.size counts members and pending members")
    func maxSize() {
        var harness = GroupCoordinatorHarness(
            config: GroupCoordinatorConfig(offsetsTopicPartitionCount: 1, groupMaxSize: 1))
        _ = harness.joinDynamic()
        let refused = harness.join()
        #expect(harness.joinResponse(refused)?.error == .groupMaxSizeReached)
    }

    @Test("a second join while one is parked answers the first with REBALANCE_IN_PROGRESS")
    func duplicateParkedJoin() {
        var harness = GroupCoordinatorHarness()
        let (a, first) = harness.joinDynamic()
        let second = harness.join(memberID: a)
        #expect(harness.joinResponse(first)?.error == .rebalanceInProgress)
        harness.run(until: .zero + .seconds(3))
        #expect(harness.joinResponse(second)?.generationID == 1)
    }
}

@Suite struct GroupLimitTests {
    @Test("strings too long for a record are refused instead of trapping in the encoder")
    func oversizedStrings() {
        var harness = GroupCoordinatorHarness()
        let long = String(repeating: "x", count: 32_767)
        let join = harness.join(clientID: long)
        #expect(harness.joinResponse(join)?.error == .invalidRequest)
        let longGroup = harness.join(long + "x")
        #expect(harness.joinResponse(longGroup)?.error == .invalidGroupID)
        #expect(harness.commit([(TopicPartition(long + "x", 0), 1)]) == [.invalidRequest])
        #expect(harness.log.isEmpty)
    }
}
