import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// The group coordinator on the brokers, driven with raw requests: finding it, a group forming,
/// offsets committed into `__consumer_offsets` and surviving the coordinator's broker.
@Suite struct ClusterGroupCoordinatorTests {
    /// Asks any live broker for the group's coordinator until one is available. (A broker whose
    /// metadata lags may still name a dead coordinator; a real client would find its connection
    /// refused and ask again, which is what this does.)
    func coordinator(of group: String, in cluster: inout SimulatedCluster) -> BrokerID? {
        for _ in 0..<60 {
            guard let broker = cluster.anyLiveBroker else { return nil }
            let id = cluster.send(.findCoordinator(FindCoordinatorRequest(key: group)), to: broker)
            if case .findCoordinator(let answer)? = cluster.awaitResponse(id, timeout: .seconds(5)),
                answer.error == .none,
                let coordinator = answer.coordinator, cluster.isUp(coordinator)
            {
                return coordinator
            }
            cluster.run(for: .milliseconds(500), checking: true)
        }
        return nil
    }

    func join(
        _ group: String, memberID: String, via coordinator: BrokerID, in cluster: inout SimulatedCluster
    ) -> JoinGroupResponse? {
        let request = JoinGroupRequest(
            groupID: group, sessionTimeout: .seconds(10), rebalanceTimeout: .seconds(30), memberID: memberID,
            groupInstanceID: nil, protocolType: "consumer",
            protocols: [JoinGroupProtocol(name: "range", metadata: [0, 1, 2])], clientID: "test",
            clientHost: "/127.0.0.1")
        let id = cluster.send(.joinGroup(request), to: coordinator)
        guard case .joinGroup(let response)? = cluster.awaitResponse(id, timeout: .seconds(60), checking: true) else {
            return nil
        }
        return response
    }

    @Test(
        "a group forms through FindCoordinator, JoinGroup and SyncGroup; its committed offsets survive the coordinator's broker"
    )
    func offsetsSurviveCoordinatorFailover() throws {
        let seed: UInt64 = 81
        var cluster = startedCluster(seed: seed, brokers: 4)
        let group = "inventory"
        let first = try #require(coordinator(of: group, in: &cluster))
        let offsetsPartition = TopicPartition("__consumer_offsets", coordinatorPartition(for: group))
        #expect(cluster.leader(of: offsetsPartition) == first)
        #expect(cluster.registration(offsetsPartition)?.replicas.count == 3)
        // KIP-394: the first join without a member id is told to come back with one.
        let required = try #require(join(group, memberID: "", via: first, in: &cluster))
        #expect(required.error == .memberIDRequired && !required.memberID.isEmpty, "\(required)")
        let joined = try #require(join(group, memberID: required.memberID, via: first, in: &cluster))
        #expect(joined.error == .none && joined.leader == required.memberID && joined.generationID == 1, "\(joined)")
        let sync = SyncGroupRequest(
            groupID: group, generationID: joined.generationID, memberID: joined.memberID, groupInstanceID: nil,
            protocolType: "consumer", protocolName: joined.protocolName,
            assignments: [SyncGroupAssignment(memberID: joined.memberID, assignment: [9, 9])])
        let syncID = cluster.send(.syncGroup(sync), to: first)
        guard case .syncGroup(let synced)? = cluster.awaitResponse(syncID, checking: true) else {
            Issue.record("seed \(seed): no SyncGroup answer")
            return
        }
        #expect(synced.error == .none && synced.assignment == [9, 9], "\(synced)")
        let committed = TopicPartition("orders", 0)
        let commit = OffsetCommitRequest(
            groupID: group, generationID: joined.generationID, memberID: joined.memberID, groupInstanceID: nil,
            partitions: [OffsetCommitPartition(committed, committedOffset: Offset(42))])
        let commitID = cluster.send(.offsetCommit(commit), to: first)
        guard case .offsetCommit(let commitAnswer)? = cluster.awaitResponse(commitID, checking: true) else {
            Issue.record("seed \(seed): no OffsetCommit answer")
            return
        }
        #expect(commitAnswer.partitions.map(\.error) == [.none], "\(commitAnswer)")
        // The coordinator's broker dies; the partition's new leader loads the group and offsets.
        cluster.kill(first)
        cluster.awaitFailover(of: offsetsPartition, awayFrom: first)
        let second = try #require(coordinator(of: group, in: &cluster))
        #expect(second != first)
        let fetchID = cluster.send(
            .offsetFetch(OffsetFetchRequest(groupID: group, partitions: [committed])), to: second)
        guard case .offsetFetch(let fetched)? = cluster.awaitResponse(fetchID, checking: true) else {
            Issue.record("seed \(seed): no OffsetFetch answer")
            return
        }
        #expect(fetched.partitions.first?.committedOffset == Offset(42), "seed \(seed): \(fetched)")
        let describeID = cluster.send(.describeGroups(DescribeGroupsRequest(groupIDs: [group])), to: second)
        if case .describeGroups(let described)? = cluster.awaitResponse(describeID) {
            #expect(described.groups.first?.members.map(\.memberID) == [joined.memberID], "\(described)")
        }
        // The old coordinator no longer answers for the group once it is back as a follower.
        cluster.restart(first)
        cluster.eventually("rejoin", within: .seconds(60)) { $0.isr(offsetsPartition).contains(first) }
        let staleID = cluster.send(.offsetFetch(OffsetFetchRequest(groupID: group, partitions: [committed])), to: first)
        if case .offsetFetch(let stale)? = cluster.awaitResponse(staleID) {
            #expect(stale.error == .notCoordinator || cluster.leader(of: offsetsPartition) == first, "\(stale)")
        }
        cluster.expectHealthy(seed)
    }
}
