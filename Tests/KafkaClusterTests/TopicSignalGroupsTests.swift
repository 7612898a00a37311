import KafkaCore
import KafkaLog
import Testing

@testable import KafkaCluster

/// `TopicSignalGroups`, shared by a leader's silent partitions and a follower's refresh stamps:
/// positions come back unchanged exactly while their topic's signal holds since the counts were
/// taken.
@Suite struct TopicSignalGroupsTests {
    private static func partition(_ number: Int32, topic: String, signal: ChangeSignal?) throws -> Partition {
        let topicPartition = TopicPartition(topic, number)
        let (log, _) = try PartitionLog.open(
            storage: SimulatedLogStorage(), directory: StoragePath("broker-1/\(topic)-\(number)"),
            topicPartition: topicPartition, config: LogConfig(), now: Instant(microseconds: 0), recoveryPoint: nil,
            logStartOffset: nil)
        let partition = Partition(topicPartition: topicPartition, log: log, producers: ProducerStateManager())
        if let signal { partition.attach(to: signal) }
        return partition
    }

    @Test("the positions below a count: none, some, and all 64 from 64 on")
    func positionsBelow() {
        #expect(TopicSignalGroups.positions(below: 0) == 0)
        #expect(TopicSignalGroups.positions(below: 3) == 0b111)
        #expect(TopicSignalGroups.positions(below: 63) == UInt64.max >> 1)
        #expect(TopicSignalGroups.positions(below: 64) == UInt64.max)
        #expect(TopicSignalGroups.positions(below: 200) == UInt64.max)
    }

    @Test("grouped positions stay unchanged while their topic's signal holds; a replica without one is never grouped")
    func unchangedWhileTheSignalHolds() throws {
        let orders = ChangeSignal()
        let offsets = ChangeSignal()
        let replicas: [Partition?] = [
            try Self.partition(0, topic: "orders", signal: orders), nil,
            try Self.partition(0, topic: "offsets", signal: offsets),
            try Self.partition(1, topic: "orders", signal: orders),
            try Self.partition(0, topic: "lone", signal: nil),
        ]
        var groups = TopicSignalGroups()
        #expect(groups.unchanged() == 0)
        groups.group(0b11111, in: replicas)
        #expect(groups.grouped == 0b01101)
        #expect(groups.unchanged() == 0b01101)
        replicas[3]?.leaderEpoch = LeaderEpoch(2)
        #expect(groups.unchanged() == 0b00100, "a change of orders-1 moves every orders position")
        groups.group(0, in: replicas)
        #expect(groups.unchanged() == 0b01101, "the counts taken again")
        // Positions move down past a removed one; forgetting drops every group.
        groups.movePositions { $0 >> 1 }
        #expect(groups.grouped == 0b00110 && groups.unchanged() == 0b00110)
        groups.forget()
        #expect(groups.grouped == 0 && groups.unchanged() == 0)
    }
}
