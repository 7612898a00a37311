import KafkaCore
import Testing

@Suite struct VocabularyTests {
    @Test("topic partitions sort by topic, then partition number, and print as topic-partition")
    func topicPartitionOrder() {
        let sorted = [TopicPartition("orders", 10), TopicPartition("alerts", 3), TopicPartition("orders", 2)].sorted()
        #expect(sorted.map(\.description) == ["alerts-3", "orders-2", "orders-10"])
    }

    @Test("instants and durations convert units and print seconds to the millisecond")
    func timeArithmetic() {
        let start = Instant.zero + .milliseconds(1_250)
        #expect(start.milliseconds == 1_250)
        #expect((start + .seconds(2)) - start == .seconds(2))
        #expect(start.description == "1.250s")
        #expect(Duration.microseconds(-4_000).description == "-0.004s")
        #expect(Instant(microseconds: -1).milliseconds == -1)
    }

    @Test("offsets and epochs step and compare")
    func offsetsAndEpochs() {
        #expect(Offset(5).advanced(by: 3) == Offset(8))
        #expect(Offset(8).distance(from: Offset(5)) == 3)
        #expect(LeaderEpoch(4).next == LeaderEpoch(5))
        #expect(LeaderEpoch.none < LeaderEpoch(0))
    }
}
