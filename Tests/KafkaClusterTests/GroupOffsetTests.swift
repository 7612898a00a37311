import KafkaCluster
import KafkaCore
import Testing

@Suite struct GroupOffsetTests {
    let tp0 = TopicPartition("orders", 0)
    let tp1 = TopicPartition("orders", 1)

    @Test("standalone commits with generation -1 create an Empty group; offsets may go backwards")
    func standaloneCommits() {
        var harness = GroupCoordinatorHarness()
        #expect(harness.commit([(tp0, 10), (tp1, 4)]) == [KafkaError.none, .none])
        #expect(harness.group()?.state == .empty && harness.group()?.protocolType == nil)
        #expect(harness.commit([(tp0, 3)]) == [KafkaError.none])
        let fetched = harness.coordinator.handleOffsetFetch(OffsetFetchRequest(groupID: "g", partitions: nil))
        #expect(fetched.partitions.map(\.committedOffset) == [Offset(3), Offset(4)])
        let missing = harness.coordinator.handleOffsetFetch(
            OffsetFetchRequest(groupID: "g", partitions: [TopicPartition("other", 0)]))
        #expect(missing.partitions.map(\.committedOffset) == [.none])
        let unknown = harness.coordinator.handleOffsetFetch(OffsetFetchRequest(groupID: "zz", partitions: [tp0]))
        #expect(unknown.error == KafkaError.none && unknown.partitions.map(\.committedOffset) == [.none])
        #expect(harness.log.count == 3)
    }

    @Test("commits are validated against the generation and the member")
    func commitValidation() {
        var harness = GroupCoordinatorHarness()
        #expect(harness.commit([(tp0, 1)], group: "fresh", generation: 3, memberID: "m") == [.illegalGeneration])
        let ids = harness.stableGroup(count: 2)
        #expect(harness.commit([(tp0, 1)]) == [.unknownMemberID], "generation -1 only while Empty")
        #expect(harness.commit([(tp0, 1)], generation: 1, memberID: "ghost") == [.unknownMemberID])
        #expect(harness.commit([(tp0, 1)], generation: 0, memberID: ids[0]) == [.illegalGeneration])
        #expect(harness.commit([(tp0, 5)], generation: 1, memberID: ids[1]) == [KafkaError.none])
        _ = harness.join(memberID: ids[0], protocols: GroupCoordinatorHarness.protocols(metadata: [2]))
        #expect(
            harness.commit([(tp0, 6)], generation: 1, memberID: ids[1]) == [KafkaError.none],
            "PreparingRebalance accepts commits from the previous generation")
        _ = harness.join(memberID: ids[1])
        #expect(harness.group()?.state == .completingRebalance)
        #expect(harness.commit([(tp0, 7)], generation: 2, memberID: ids[1]) == [.rebalanceInProgress])
    }

    @Test("commit answers wait for the records; too-large metadata is refused per partition")
    func durableCommit() {
        var harness = GroupCoordinatorHarness()
        let token = harness.token()
        let request = OffsetCommitRequest(
            groupID: "g",
            partitions: [
                OffsetCommitPartition(tp0, committedOffset: Offset(1)),
                OffsetCommitPartition(tp1, committedOffset: Offset(2), metadata: String(repeating: "x", count: 4097)),
            ])
        let result = harness.coordinator.handleOffsetCommit(request, token: token, now: .zero)
        #expect(result.responses.isEmpty && result.records.count == 1)
        guard case .offsetCommit(let response)? = result.durableResponses.first?.response else {
            Issue.record("no durable commit answer: \(result)")
            return
        }
        #expect(response.partitions.map(\.error) == [KafkaError.none, .offsetMetadataTooLarge])
        let failed = GroupResponse.offsetCommit(response).failed(
            with: GroupResponse.error(forAppendError: .notEnoughReplicas))
        #expect(
            failed
                == .offsetCommit(
                    OffsetCommitResponse(partitions: [
                        OffsetCommitPartitionResponse(tp0, error: .coordinatorNotAvailable),
                        OffsetCommitPartitionResponse(tp1, error: .coordinatorNotAvailable),
                    ])))
    }

    @Test("offsets of an Empty group expire a retention period after it became Empty, then the group is deleted")
    func offsetExpiry() {
        let config = GroupCoordinatorConfig(
            offsetsTopicPartitionCount: 1, offsetsRetention: .seconds(3600),
            offsetsRetentionCheckInterval: .seconds(60))
        var harness = GroupCoordinatorHarness(config: config)
        let ids = harness.stableGroup(count: 1)
        #expect(harness.commit([(tp0, 9)], generation: 1, memberID: ids[0]) == [KafkaError.none])
        #expect(harness.leave([LeaveGroupMember(memberID: ids[0])])?.error == KafkaError.none)
        #expect(harness.group()?.state == .empty)
        let emptySince = harness.now
        harness.run(until: emptySince + .seconds(3599))
        #expect(harness.group()?.offsets[tp0]?.committedOffset == Offset(9), "a consumer group's clock starts at Empty")
        harness.run(until: emptySince + .seconds(3660))
        #expect(harness.group() == nil)
        #expect(
            harness.log.suffix(2) == [
                .offsetCommit(OffsetCommitKey(groupID: "g", topicPartition: tp0), nil),
                .groupMetadata(groupID: "g", nil),
            ])

        var standalone = GroupCoordinatorHarness(config: config)
        _ = standalone.commit([(tp0, 1)])
        standalone.run(until: .zero + .seconds(1800))
        _ = standalone.commit([(tp1, 1)])
        standalone.run(until: .zero + .seconds(3660))
        #expect(standalone.group()?.offsets.keys.sorted() == [tp1], "standalone offsets expire one by one")
    }

    @Test("a new coordinator loading the partition's records reproduces groups and offsets")
    func loadAfterFailover() {
        var harness = GroupCoordinatorHarness()
        let ids = harness.stableGroup(count: 3)
        #expect(harness.commit([(tp0, 5), (tp1, 8)], generation: 1, memberID: ids[0]) == [KafkaError.none, .none])
        #expect(harness.commit([(tp0, 6)], generation: 1, memberID: ids[0]) == [KafkaError.none])
        _ = harness.commit([(tp0, 2)], group: "simple")
        _ = harness.commit([(tp0, 2)], group: "doomed")
        harness.log.append(.offsetCommit(OffsetCommitKey(groupID: "doomed", topicPartition: tp0), nil))

        // Round-trip through bytes, as a real failover reads them back from disk.
        let replayed = harness.log.compactMap { record -> GroupCoordinatorRecord? in
            do {
                return try GroupCoordinatorRecord(key: record.key, value: record.value)
            } catch {
                Issue.record("\(record) does not decode: \(error)")
                return nil
            }
        }
        var successor = GroupCoordinator(
            partition: 0, config: GroupCoordinatorConfig(offsetsTopicPartitionCount: 1), seed: 2)
        successor.load(records: replayed, now: harness.now)
        successor.checkInvariants()
        #expect(successor.sortedGroupIDs == ["g", "simple"])
        let original = harness.group()
        let loaded = successor.groups["g"]
        #expect(loaded?.state == .stable && loaded?.generation == original?.generation)
        #expect(loaded?.leaderID == original?.leaderID)
        #expect(loaded?.members.map(\.memberID) == original?.members.map(\.memberID))
        #expect(loaded?.members.map(\.assignment) == original?.members.map(\.assignment))
        #expect(loaded?.offsets == original?.offsets)
        let heartbeat = successor.handleHeartbeat(
            HeartbeatRequest(groupID: "g", generationID: 1, memberID: ids[1]), now: harness.now)
        #expect(heartbeat.error == KafkaError.none, "members carry on with the loaded generation")
        let fetched = successor.handleOffsetFetch(OffsetFetchRequest(groupID: "g", partitions: [tp0, tp1]))
        #expect(fetched.partitions.map(\.committedOffset) == [Offset(6), Offset(8)])
    }

    @Test("DescribeGroups and ListGroups report states, members and assignments")
    func describeAndList() {
        var harness = GroupCoordinatorHarness()
        let ids = harness.stableGroup(count: 2)
        _ = harness.commit([(tp0, 1)], group: "simple")
        let described = harness.coordinator.handleDescribeGroups(DescribeGroupsRequest(groupIDs: ["g", "unknown"]))
        #expect(described.groups.map(\.groupState) == ["Stable", "Dead"])
        #expect(described.groups[0].protocolData == "range" && described.groups[0].members.map(\.memberID) == ids)
        #expect(described.groups[0].members.map(\.memberAssignment) == ids.map { Array($0.utf8.prefix(4)) })
        let listed = harness.coordinator.handleListGroups(ListGroupsRequest())
        #expect(listed.groups.map(\.groupID) == ["g", "simple"])
        #expect(
            harness.coordinator.handleListGroups(ListGroupsRequest(statesFilter: ["Empty"])).groups.map(\.groupID) == [
                "simple"
            ])
    }
}
