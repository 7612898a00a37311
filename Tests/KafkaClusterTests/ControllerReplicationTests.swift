import KafkaCluster
import KafkaCore
import Testing

@Suite struct ControllerReplicationTests {
    @Test("topic placement is ReplicaAssignment's with start index and shift drawn from the seed")
    func placement() throws {
        var harness = ControllerHarness(seed: 77)
        harness.startBrokers(5)
        #expect(harness.createTopic("t", partitions: 10, replicationFactor: 3) == .none)
        var generator = SeededGenerator(seed: 77)
        let startIndex = Int(generator.next(below: 5))
        let shift = Int(generator.next(below: 5))
        let expected = try ReplicaAssignment(
            partitions: 10, replicationFactor: 3, brokers: ids(0, 1, 2, 3, 4), startIndex: startIndex, shift: shift)
        for (number, replicas) in expected.replicas.enumerated() {
            let partition = harness.partition("t", Int32(number))
            #expect(
                partition
                    == PartitionRegistration(replicas: replicas, isr: replicas, leader: replicas[0]))
        }
        #expect(harness.image.topics["t"]?.partitionCount == 10)
    }

    @Test("topic creation refuses duplicates, bad partition counts and too few unfenced brokers")
    func createTopicErrors() {
        var harness = ControllerHarness()
        harness.startBrokers(3)
        harness.fence(2)
        #expect(harness.createTopic("t", partitions: 1, replicationFactor: 3) == .invalidReplicationFactor)
        #expect(harness.createTopic("t", partitions: 0, replicationFactor: 1) == .invalidPartitions)
        #expect(harness.createTopic("t", partitions: 1, replicationFactor: 0) == .invalidReplicationFactor)
        #expect(harness.createTopic("t", partitions: 2, replicationFactor: 2) == .none)
        #expect(harness.createTopic("t", partitions: 2, replicationFactor: 2) == .topicAlreadyExists)
        #expect(harness.partition("t", 0)?.replicas.contains(BrokerID(2)) == false)
    }

    @Test("a name that differs from an existing topic's only in '.' versus '_' collides (INVALID_TOPIC_EXCEPTION)")
    func createTopicCollision() {
        var harness = ControllerHarness()
        harness.startBrokers(3)
        #expect(harness.createTopic("pay.ments", partitions: 1, replicationFactor: 1) == .none)
        #expect(harness.createTopic("pay_ments", partitions: 1, replicationFactor: 1) == .invalidTopicException)
        #expect(harness.createTopic("pay-ments", partitions: 1, replicationFactor: 1) == .none)
        #expect(harness.image.topics["pay_ments"] == nil)
    }

    @Test("fencing a leader elects the next ISR replica in assignment order and bumps the epochs")
    func fencingLeader() throws {
        var harness = ControllerHarness()
        harness.startBrokers(3)
        _ = harness.createTopic("t", partitions: 1, replicationFactor: 3)
        let before = try #require(harness.partition("t", 0))
        harness.fence(before.replicas[0].rawValue)
        let after = try #require(harness.partition("t", 0))
        #expect(after.leader == before.replicas[1])
        #expect(after.isr == Array(before.replicas.dropFirst()))
        #expect(after.leaderEpoch == LeaderEpoch(1))
        #expect(after.partitionEpoch == 1)
        #expect(harness.image == harness.replayed())
    }

    /// Two brokers, RF 2: the follower is fenced and comes back outside the ISR, then the
    /// leader, the last ISR member, is fenced.
    func lastReplicaStanding(unclean: Bool) throws -> (ControllerHarness, [BrokerID]) {
        var harness = ControllerHarness()
        harness.startBrokers(2)
        _ = harness.createTopic("t", partitions: 1, replicationFactor: 2, unclean: unclean)
        let replicas = try #require(harness.partition("t", 0)).replicas
        harness.fence(replicas[1].rawValue)
        #expect(harness.heartbeat(replicas[1].rawValue).isFenced == false)
        #expect(harness.partition("t", 0)?.isr == [replicas[0]])
        harness.fence(replicas[0].rawValue)
        return (harness, replicas)
    }

    @Test("fencing the last ISR member leaves the partition offline with that member in the ISR")
    func lastIsrMemberClean() throws {
        let (harness, replicas) = try lastReplicaStanding(unclean: false)
        let partition = try #require(harness.partition("t", 0))
        #expect(partition.leader == .noLeader)
        #expect(partition.isr == [replicas[0]])
        #expect(partition.leaderEpoch == LeaderEpoch(1))
        #expect(partition.leaderRecoveryState == .recovered)
    }

    @Test("with unclean election enabled the first live replica leads alone and RECOVERING")
    func lastIsrMemberUnclean() throws {
        let (harness, replicas) = try lastReplicaStanding(unclean: true)
        let partition = try #require(harness.partition("t", 0))
        #expect(partition.leader == replicas[1])
        #expect(partition.isr == [replicas[1]])
        #expect(partition.leaderEpoch == LeaderEpoch(1))
        #expect(partition.leaderRecoveryState == .recovering)
    }

    @Test("unfencing the last ISR member brings leadership back to the leaderless partition")
    func unfencingRestoresLeader() throws {
        var (harness, replicas) = try lastReplicaStanding(unclean: false)
        #expect(harness.heartbeat(replicas[0].rawValue).isFenced == false)
        let partition = try #require(harness.partition("t", 0))
        #expect(partition.leader == replicas[0])
        #expect(partition.leaderEpoch == LeaderEpoch(2))
        #expect(harness.image == harness.replayed())
    }

    @Test("AlterPartition checks epochs and leadership in Kafka's order and commits a valid ISR")
    func alterPartition() throws {
        var harness = ControllerHarness()
        harness.startBrokers(3)
        _ = harness.createTopic("t", partitions: 1, replicationFactor: 3)
        let tp = TopicPartition("t", 0)
        let initial = try #require(harness.partition("t", 0))
        let leader = initial.leader
        let follower = initial.replicas[1]
        let shrunk = initial.isr.filter { $0 != follower }
        func request(
            _ broker: BrokerID, leaderEpoch: Int32 = 0, partitionEpoch: Int32, isr: [BrokerID]
        )
            -> AlterPartitionRequest
        {
            AlterPartitionRequest(
                brokerID: broker, brokerEpoch: harness.epochs[broker] ?? -1, topicPartition: tp,
                leaderEpoch: LeaderEpoch(leaderEpoch), partitionEpoch: partitionEpoch, newIsr: isr)
        }
        let committed = harness.record(
            harness.controller.alterPartition(request(leader, partitionEpoch: 0, isr: shrunk)))
        #expect(committed.error == .none)
        #expect(committed.partition?.isr == shrunk)
        #expect(committed.partition?.partitionEpoch == 1)
        let stale = harness.controller.alterPartition(request(leader, partitionEpoch: 0, isr: initial.isr))
        #expect(stale.response.error == .invalidUpdateVersion)
        #expect(stale.records.isEmpty)
        let oldLeaderEpoch = request(leader, leaderEpoch: -1, partitionEpoch: 1, isr: initial.isr)
        #expect(harness.controller.alterPartition(oldLeaderEpoch).response.error == .fencedLeaderEpoch)
        let future = request(leader, leaderEpoch: 0, partitionEpoch: 2, isr: initial.isr)
        #expect(harness.controller.alterPartition(future).response.error == .notController)
        let notLeader = request(follower, partitionEpoch: 1, isr: initial.isr)
        #expect(harness.controller.alterPartition(notLeader).response.error == .invalidRequest)
        harness.fence(follower.rawValue)
        let ineligible = request(leader, partitionEpoch: 1, isr: initial.isr)
        #expect(harness.controller.alterPartition(ineligible).response.error == .ineligibleReplica)
        #expect(harness.image == harness.replayed())
    }

    @Test("preferred leader election moves leadership back to the first replica once it is in the ISR")
    func preferredElection() throws {
        var harness = ControllerHarness()
        harness.startBrokers(2)
        _ = harness.createTopic("t", partitions: 1, replicationFactor: 2)
        let tp = TopicPartition("t", 0)
        let replicas = try #require(harness.partition("t", 0)).replicas
        #expect(harness.record(harness.controller.electPreferredLeaders([tp])) == [tp: .electionNotNeeded])
        harness.fence(replicas[0].rawValue)
        _ = harness.heartbeat(replicas[0].rawValue)
        #expect(harness.record(harness.controller.electPreferredLeaders([tp])) == [tp: .preferredLeaderNotAvailable])
        let moved = try #require(harness.partition("t", 0))
        let rejoin = AlterPartitionRequest(
            brokerID: replicas[1], brokerEpoch: harness.epochs[replicas[1]] ?? -1, topicPartition: tp,
            leaderEpoch: moved.leaderEpoch, partitionEpoch: moved.partitionEpoch, newIsr: [replicas[1], replicas[0]])
        #expect(harness.record(harness.controller.alterPartition(rejoin)).error == .none)
        #expect(harness.record(harness.controller.electPreferredLeaders([tp])) == [tp: KafkaError.none])
        #expect(harness.partition("t", 0)?.leader == replicas[0])
        #expect(harness.partition("t", 0)?.leaderEpoch == LeaderEpoch(2))
        #expect(harness.image == harness.replayed())
    }
}
