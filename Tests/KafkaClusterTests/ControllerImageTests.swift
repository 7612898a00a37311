import KafkaCluster
import KafkaCore
import Testing

@Suite struct ControllerImageTests {
    @Test("replaying records builds brokers, topics and partitions, with epochs from offsets")
    func replay() throws {
        let tp = TopicPartition("t", 0)
        var image = MetadataImage()
        image.apply([
            .registerBroker(id: BrokerID(1), incarnation: 10),
            .registerBroker(id: BrokerID(2), incarnation: 20),
            .brokerRegistrationChange(id: BrokerID(2), brokerEpoch: 1, fenced: false, inControlledShutdown: nil),
            .topic(name: "t", id: TopicID(high: 1, low: 2), config: TopicConfig()),
            .partition(tp, PartitionRegistration(replicas: ids(2, 1), isr: ids(2, 1), leader: BrokerID(2))),
            .partitionChange(PartitionChange(tp, leader: BrokerID(1))),
            .partitionChange(PartitionChange(tp, isr: ids(1))),
        ])
        #expect(image.lastAppliedOffset == Offset(6))
        #expect(image.brokers[BrokerID(1)] == BrokerRegistration(id: BrokerID(1), epoch: 0, incarnation: 10))
        #expect(image.brokers[BrokerID(2)]?.epoch == 1)
        #expect(image.brokers[BrokerID(2)]?.state == .unfenced)
        #expect(image.topics["t"]?.partitionCount == 1)
        let partition = try #require(image.partitions[tp])
        // The leader change bumps both epochs; the ISR change only the partition epoch.
        #expect(
            partition
                == PartitionRegistration(
                    replicas: ids(2, 1), isr: ids(1), leader: BrokerID(1), leaderEpoch: LeaderEpoch(1),
                    partitionEpoch: 2))
        image.apply(.unregisterBroker(id: BrokerID(2), brokerEpoch: 1), offset: Offset(10))
        #expect(image.brokers[BrokerID(2)] == nil)
        #expect(image.nextOffset == Offset(11))
    }

    @Test("the same seed and operations give the same records")
    func determinism() {
        func run(seed: UInt64) -> [MetadataRecord] {
            var harness = ControllerHarness(seed: seed)
            harness.startBrokers(4)
            _ = harness.createTopic("a", partitions: 6, replicationFactor: 3)
            _ = harness.createTopic("b", partitions: 3, replicationFactor: 2, unclean: true)
            harness.fence(1)
            harness.fence(3)
            _ = harness.heartbeat(1)
            return harness.log
        }
        #expect(run(seed: 5) == run(seed: 5))
        #expect(run(seed: 5).map { $0.encoded() } == run(seed: 5).map { $0.encoded() })
    }

    @Test("a fresh controller that replays every committed record ends with the same image")
    func replayIntoFreshController() {
        var harness = ControllerHarness(seed: 11)
        harness.startBrokers(4)
        _ = harness.createTopic("a", partitions: 5, replicationFactor: 3)
        _ = harness.createTopic(
            "b", partitions: 2, replicationFactor: 2,
            config: TopicConfig(uncleanLeaderElectionEnable: true, cleanupPolicy: .compact, segmentBytes: 1 << 20))
        _ = harness.record(
            harness.controller.allocateProducerIDs(BrokerID(2), brokerEpoch: harness.epochs[BrokerID(2)] ?? -1))
        harness.fence(0)
        _ = harness.heartbeat(0)
        _ = harness.record(harness.controller.balancePartitionLeaders())
        _ = harness.record(harness.controller.electUncleanLeaders())
        _ = harness.record(harness.controller.unregisterBroker(BrokerID(3)))
        var fresh = QuorumController(generator: SeededGenerator(seed: 12))
        fresh.replay(harness.log)
        #expect(fresh.image == harness.image)
        #expect(fresh.image.nextProducerID == 1000)
        fresh.checkInvariants()
    }
}
