import KafkaCore
import KafkaLog
import Testing

@testable import KafkaCluster

@Suite struct PartitionTableTests {
    private static func log() throws -> PartitionLog {
        let (log, _) = try PartitionLog.open(
            storage: SimulatedLogStorage(), directory: "broker-1/t-0", topicPartition: TopicPartition("t", 0),
            config: LogConfig(), now: Instant(microseconds: 0), recoveryPoint: nil, logStartOffset: nil)
        return log
    }

    /// Random sets and removals against a dictionary: same lookups, same count, and `sorted`
    /// in `TopicPartition` order; with few topics and with more than the linearly searched ones.
    @Test("lookups, removals and order match a dictionary", arguments: [3, 20])
    func matchesDictionary(topicCount: Int) throws {
        let log = try Self.log()
        let topics = (0..<topicCount).map { "topic-\(($0 * 7) % topicCount)" } + ["__consumer_offsets", "a"]
        var table = PartitionTable()
        var reference: [TopicPartition: Partition] = [:]
        var random = SeededGenerator(seed: UInt64(topicCount))
        for _ in 0..<2000 {
            let topic = topics[Int(random.next() % UInt64(topics.count))]
            let key = TopicPartition(topic, Int32(random.next() % 12))
            if random.next() % 3 == 0 {
                #expect(table.removeValue(forKey: key) === reference.removeValue(forKey: key))
            } else {
                let partition = Partition(topicPartition: key, log: log, producers: ProducerStateManager())
                table[key] = partition
                reference[key] = partition
            }
            let probe = TopicPartition(topics[Int(random.next() % UInt64(topics.count))], Int32(random.next() % 14) - 1)
            #expect(table[probe] === reference[probe])
            #expect(table.count == reference.count)
        }
        #expect(table.keys == reference.keys.sorted())
        #expect(
            table.sorted.map(ObjectIdentifier.init) == reference.keys.sorted().map { ObjectIdentifier(reference[$0]!) })
        #expect(table[TopicPartition("missing", 0)] == nil)
        let first = try #require(reference.keys.sorted().first)
        table[first] = nil
        #expect(table[first] == nil)
        #expect(table.count == reference.count - 1)
    }
}
