import KafkaCluster
import KafkaCore
import Testing

/// The periodic elections: preferred-leader balancing and unclean election of leaderless
/// partitions, over hand-built images.
@Suite struct ControllerBalanceTests {
    static let topicID = TopicID(high: 0, low: 1)

    /// Brokers 0…4 with 4 fenced; topic "t" whose partitions are, in order: balanced; led by 2
    /// with 1 preferred and in sync; led by 0 with 3 preferred but out of sync; led by 0 with
    /// fenced 4 preferred; leaderless; led by 2 with 1 preferred and in sync.
    static func imbalanced() -> QuorumController {
        let partitions = [
            PartitionRegistration(replicas: ids(0, 1), isr: ids(0, 1), leader: BrokerID(0)),
            PartitionRegistration(replicas: ids(1, 2, 3), isr: ids(1, 2, 3), leader: BrokerID(2)),
            PartitionRegistration(replicas: ids(3, 0), isr: ids(0), leader: BrokerID(0)),
            PartitionRegistration(replicas: ids(4, 0), isr: ids(4, 0), leader: BrokerID(0)),
            PartitionRegistration(replicas: ids(4), isr: ids(4), leader: .noLeader),
            PartitionRegistration(replicas: ids(1, 2), isr: ids(2, 1), leader: BrokerID(2)),
        ]
        return controller(
            replaying: brokerRecords(5, fenced: [4]) + [.topic(name: "t", id: topicID, config: TopicConfig())]
                + partitions.enumerated().map { .partition(TopicPartition("t", Int32($0.offset)), $0.element) })
    }

    @Test("imbalanced partitions are those not led by replicas[0], leaderless ones included, in order")
    func imbalancedList() {
        let controller = Self.imbalanced()
        #expect(controller.imbalancedPartitions == (1...5).map { TopicPartition("t", Int32($0)) })
        #expect(controller.image.imbalancedPartitions == controller.imbalancedPartitions)
    }

    @Test("balancing moves every partition whose preferred replica is active and in sync, and lists them")
    func balance() throws {
        var controller = Self.imbalanced()
        let before = controller.image
        let result = controller.balancePartitionLeaders()
        #expect(result.response == [TopicPartition("t", 1), TopicPartition("t", 5)])
        #expect(
            result.records == [
                .partitionChange(PartitionChange(TopicPartition("t", 1), leader: BrokerID(1))),
                .partitionChange(PartitionChange(TopicPartition("t", 5), leader: BrokerID(1))),
            ])
        let moved = try #require(controller.image.partitions[TopicPartition("t", 1)])
        #expect(moved.leader == BrokerID(1))
        #expect(moved.leaderEpoch == LeaderEpoch(1))
        #expect(moved.isr == ids(1, 2, 3))
        #expect(controller.imbalancedPartitions == (2...4).map { TopicPartition("t", Int32($0)) })
        var replayed = before
        replayed.apply(result.records)
        #expect(replayed == controller.image)
        controller.checkInvariants()
        let again = controller.balancePartitionLeaders()
        #expect(again.records.isEmpty)
        #expect(again.response.isEmpty)
    }

    @Test("balancing stops after maxPartitions moves and picks up the rest next time")
    func batches() {
        var controller = Self.imbalanced()
        #expect(controller.balancePartitionLeaders(maxPartitions: 1).response == [TopicPartition("t", 1)])
        #expect(controller.balancePartitionLeaders(maxPartitions: 1).response == [TopicPartition("t", 5)])
        #expect(controller.balancePartitionLeaders(maxPartitions: 1).response.isEmpty)
    }

    @Test("a fenced preferred replica comes back, rejoins the ISR, and balancing returns leadership to it")
    func throughOperations() throws {
        var harness = ControllerHarness()
        harness.startBrokers(3)
        _ = harness.createTopic("t", partitions: 3, replicationFactor: 2)
        #expect(harness.controller.imbalancedPartitions.isEmpty)
        harness.fence(0)
        _ = harness.heartbeat(0)
        let displaced = harness.controller.imbalancedPartitions
        #expect(!displaced.isEmpty)
        #expect(harness.record(harness.controller.balancePartitionLeaders()).isEmpty)
        for tp in displaced {
            let partition = try #require(harness.image.partitions[tp])
            let rejoin = AlterPartitionRequest(
                brokerID: partition.leader, brokerEpoch: harness.epochs[partition.leader] ?? -1, topicPartition: tp,
                leaderEpoch: partition.leaderEpoch, partitionEpoch: partition.partitionEpoch,
                newIsr: partition.replicas)
            #expect(harness.record(harness.controller.alterPartition(rejoin)).error == .none)
        }
        #expect(harness.record(harness.controller.balancePartitionLeaders()) == displaced)
        #expect(harness.controller.imbalancedPartitions.isEmpty)
        #expect(harness.image == harness.replayed())
    }

    /// Brokers 0…3, 0 and 1 fenced. Topic "u" (unclean) and "c" (clean) each have partitions:
    /// leaderless with ISR {0} and replicas [0, 1, 3, 2]; leaderless with every replica fenced;
    /// led by 2.
    static func leaderless() -> QuorumController {
        let partitions = [
            PartitionRegistration(replicas: ids(0, 1, 3, 2), isr: ids(0), leader: .noLeader),
            PartitionRegistration(replicas: ids(0, 1), isr: ids(1), leader: .noLeader),
            PartitionRegistration(replicas: ids(2, 3), isr: ids(2), leader: BrokerID(2)),
        ]
        var records = brokerRecords(4, fenced: [0, 1])
        for (topic, unclean) in [("c", false), ("u", true)] {
            records.append(.topic(name: topic, id: topicID, config: TopicConfig(uncleanLeaderElectionEnable: unclean)))
            for (number, partition) in partitions.enumerated() {
                records.append(.partition(TopicPartition(topic, Int32(number)), partition))
            }
        }
        return controller(replaying: records)
    }

    @Test("unclean election gives leaderless unclean topics their first live replica, alone and RECOVERING")
    func unclean() throws {
        var controller = Self.leaderless()
        let before = controller.image
        let result = controller.electUncleanLeaders()
        let tp = TopicPartition("u", 0)
        #expect(result.response == [tp])
        #expect(
            result.records == [
                .partitionChange(
                    PartitionChange(tp, isr: ids(3), leader: BrokerID(3), leaderRecoveryState: .recovering))
            ])
        let elected = try #require(controller.image.partitions[tp])
        #expect(elected.leader == BrokerID(3))
        #expect(elected.isr == ids(3))
        #expect(elected.leaderRecoveryState == .recovering)
        #expect(elected.leaderEpoch == LeaderEpoch(1))
        #expect(controller.image.partitions[TopicPartition("c", 0)] == before.partitions[TopicPartition("c", 0)])
        controller.checkInvariants()
        #expect(controller.electUncleanLeaders().records.isEmpty)
    }

    @Test("unclean election prefers a live ISR member and keeps the partition RECOVERED")
    func cleanFirst() throws {
        var controller = Self.leaderless()
        // Unfence broker 1, which is the ISR of u-1, without the unfence-time elections.
        controller.replay([
            .brokerRegistrationChange(id: BrokerID(1), brokerEpoch: 1, fenced: false, inControlledShutdown: nil)
        ])
        let result = controller.electUncleanLeaders(maxPartitions: 1)
        #expect(result.response == [TopicPartition("u", 0)])
        #expect(controller.image.partitions[TopicPartition("u", 0)]?.leader == BrokerID(1))
        #expect(controller.image.partitions[TopicPartition("u", 0)]?.isr == ids(1))
        let next = controller.electUncleanLeaders()
        #expect(next.response == [TopicPartition("u", 1)])
        #expect(
            next.records == [.partitionChange(PartitionChange(TopicPartition("u", 1), leader: BrokerID(1)))])
        #expect(controller.image.partitions[TopicPartition("u", 1)]?.leaderRecoveryState == .recovered)
    }
}
