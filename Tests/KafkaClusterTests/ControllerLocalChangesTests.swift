import KafkaCluster
import KafkaCore
import Testing

@Suite struct ControllerLocalChangesTests {
    static func tp(_ topic: String, _ number: Int32) -> TopicPartition { TopicPartition(topic, number) }

    /// Brokers 0…2 and topic "t": p0 led by 1; p1 led by 0 with 1 following; p2 without 1;
    /// p3 led by 2 with 1 following.
    static func base() -> [MetadataRecord] {
        brokerRecords(3) + [
            .topic(name: "t", id: TopicID(high: 0, low: 1), config: TopicConfig()),
            .partition(tp("t", 0), PartitionRegistration(replicas: ids(1, 0), isr: ids(1, 0), leader: BrokerID(1))),
            .partition(tp("t", 1), PartitionRegistration(replicas: ids(0, 1), isr: ids(0, 1), leader: BrokerID(0))),
            .partition(tp("t", 2), PartitionRegistration(replicas: ids(0, 2), isr: ids(0, 2), leader: BrokerID(0))),
            .partition(tp("t", 3), PartitionRegistration(replicas: ids(2, 1), isr: ids(2, 1), leader: BrokerID(2))),
        ]
    }

    @Test("against an empty image every partition a broker hosts is new: leaders and followers, in order")
    func fromEmpty() throws {
        var image = MetadataImage()
        image.apply(Self.base())
        let changes = image.localChanges(since: MetadataImage(), for: BrokerID(1))
        let leaders = [LocalReplicaChanges.Change(Self.tp("t", 0), try #require(image.partitions[Self.tp("t", 0)]))]
        let followers = try [1, 3].map { number in
            LocalReplicaChanges.Change(Self.tp("t", number), try #require(image.partitions[Self.tp("t", number)]))
        }
        #expect(changes == LocalReplicaChanges(leaders: leaders, followers: followers, deleted: []))
        #expect(image.localChanges(since: image, for: BrokerID(1)).isEmpty)
    }

    @Test("leader moves, ISR changes and new topics show up for the broker; other brokers' partitions do not")
    func changes() throws {
        var old = MetadataImage()
        old.apply(Self.base())
        var new = old
        new.apply([
            .partitionChange(PartitionChange(Self.tp("t", 0), isr: ids(0), leader: BrokerID(0))),
            .partitionChange(PartitionChange(Self.tp("t", 1), leader: BrokerID(1))),
            .partitionChange(PartitionChange(Self.tp("t", 2), isr: ids(0))),
            .topic(name: "n", id: TopicID(high: 0, low: 2), config: TopicConfig()),
            .partition(
                Self.tp("n", 0), PartitionRegistration(replicas: ids(2, 1), isr: ids(2, 1), leader: BrokerID(2))),
        ])
        let changes = new.localChanges(since: old, for: BrokerID(1))
        #expect(changes.leaders.map(\.topicPartition) == [Self.tp("t", 1)])
        #expect(changes.leaders.first?.partition == new.partitions[Self.tp("t", 1)])
        // n-0 sorts before t-0; t-0's leader moved away but 1 is still a replica.
        #expect(changes.followers.map(\.topicPartition) == [Self.tp("n", 0), Self.tp("t", 0)])
        #expect(changes.followers.map(\.partition) == [Self.tp("n", 0), Self.tp("t", 0)].map { new.partitions[$0] })
        #expect(changes.deleted.isEmpty)
        // Broker 2 leads the new n-0 and follows t-2, whose ISR dropped it; it is not in t-0 or t-1.
        let forTwo = new.localChanges(since: old, for: BrokerID(2))
        #expect(forTwo.leaders.map(\.topicPartition) == [Self.tp("n", 0)])
        #expect(forTwo.followers.map(\.topicPartition) == [Self.tp("t", 2)])
        #expect(forTwo.deleted.isEmpty)
    }

    @Test("partitions that are gone, or no longer list the broker, are deleted; a broker never listed sees nothing")
    func deleted() {
        var old = MetadataImage()
        old.apply(Self.base())
        var new = MetadataImage()
        new.apply(
            brokerRecords(3) + [
                .topic(name: "t", id: TopicID(high: 0, low: 1), config: TopicConfig()),
                .partition(Self.tp("t", 0), PartitionRegistration(replicas: ids(0), isr: ids(0), leader: BrokerID(0))),
            ])
        let changes = new.localChanges(since: old, for: BrokerID(1))
        #expect(changes == LocalReplicaChanges(deleted: [Self.tp("t", 0), Self.tp("t", 1), Self.tp("t", 3)]))
        #expect(new.localChanges(since: old, for: BrokerID(7)).isEmpty)
    }
}
