import KafkaCluster
import KafkaCore
import Testing

@Suite struct ControllerRecordTests {
    static let samples: [MetadataRecord] = [
        .registerBroker(id: BrokerID(3), incarnation: .max),
        .brokerRegistrationChange(id: BrokerID(3), brokerEpoch: 17, fenced: false, inControlledShutdown: nil),
        .brokerRegistrationChange(id: BrokerID(1), brokerEpoch: 0, fenced: nil, inControlledShutdown: true),
        .unregisterBroker(id: BrokerID(2), brokerEpoch: 5),
        .topic(
            name: "orders-é", id: TopicID(high: 0xdead_beef, low: 42),
            config: TopicConfig(minInsyncReplicas: 2, uncleanLeaderElectionEnable: true)),
        .partition(
            TopicPartition("orders", 7),
            PartitionRegistration(
                replicas: ids(1, 2, 3), isr: ids(2, 3), leader: BrokerID(2), leaderEpoch: LeaderEpoch(4),
                partitionEpoch: 9,
                leaderRecoveryState: .recovering)),
        .partitionChange(PartitionChange(TopicPartition("orders", 0))),
        .partitionChange(
            PartitionChange(
                TopicPartition("orders", 1), isr: ids(4), leader: .noLeader, leaderRecoveryState: .recovered)),
        .topic(
            name: "compacted", id: TopicID(high: .max, low: 0),
            config: TopicConfig(
                minInsyncReplicas: 3, cleanupPolicy: .compactDelete, retentionMilliseconds: -1, retentionBytes: 1 << 40,
                segmentBytes: 4096, maxMessageBytes: 512, minCompactionLagMilliseconds: 60_000,
                deleteRetentionMilliseconds: 0, segmentMilliseconds: .max)),
        .topic(name: "c", id: TopicID(high: 1, low: 1), config: TopicConfig(cleanupPolicy: .compact)),
        .producerIDs(brokerID: BrokerID(2), brokerEpoch: 12, nextProducerID: 3000),
        .producerIDs(brokerID: BrokerID(-7), brokerEpoch: -1, nextProducerID: .max),
    ]

    @Test("every record kind decodes to itself", arguments: samples)
    func roundTrip(record: MetadataRecord) throws {
        #expect(try MetadataRecord(decoding: record.encoded()) == record)
    }

    @Test("every truncation of a valid record is an error, never a trap", arguments: samples)
    func truncations(record: MetadataRecord) {
        let bytes = record.encoded()
        for length in 0..<bytes.count {
            #expect(throws: MetadataRecordDecodingError.self) {
                try MetadataRecord(decoding: Array(bytes[0..<length]))
            }
        }
    }

    @Test("an unknown type, a bad flag and trailing bytes are named errors")
    func namedErrors() {
        #expect(throws: MetadataRecordDecodingError.unknownRecordType(99)) { try MetadataRecord(decoding: [99]) }
        #expect(throws: MetadataRecordDecodingError.truncated(position: 0, needed: 1)) {
            try MetadataRecord(decoding: [])
        }
        let register = MetadataRecord.registerBroker(id: BrokerID(1), incarnation: 2).encoded()
        #expect(throws: MetadataRecordDecodingError.trailingBytes(count: 1)) {
            try MetadataRecord(decoding: register + [0])
        }
        var change = MetadataRecord.unregisterBroker(id: BrokerID(1), brokerEpoch: 0).encoded()
        change[0] = 2  // now a registration change missing its two flags
        #expect(throws: MetadataRecordDecodingError.self) { try MetadataRecord(decoding: change + [7, 0]) }
    }

    @Test("a topic record with an unknown cleanup.policy code is refused, naming the field and position")
    func badCleanupPolicy() {
        var bytes = MetadataRecord.topic(name: "t", id: TopicID(high: 0, low: 0), config: TopicConfig()).encoded()
        // Type byte, 2-byte length, "t", 16-byte id, 4-byte min.insync.replicas, unclean flag.
        let position = 1 + 2 + 1 + 16 + 4 + 1
        #expect(bytes[position] == 0)
        bytes[position] = 3
        #expect(throws: MetadataRecordDecodingError.invalidField("cleanup.policy code 3", position: position)) {
            try MetadataRecord(decoding: bytes)
        }
    }

    @Test("a topic record written before its config fields is refused as truncated")
    func shortTopicRecord() {
        let bytes = MetadataRecord.topic(name: "t", id: TopicID(high: 0, low: 0), config: TopicConfig()).encoded()
        // The old layout ended after min.insync.replicas and the unclean flag.
        let old = Array(bytes[0..<(1 + 2 + 1 + 16 + 4 + 1)])
        #expect(throws: MetadataRecordDecodingError.truncated(position: old.count, needed: 1)) {
            try MetadataRecord(decoding: old)
        }
    }

    @Test("a broker count larger than the bytes left is refused before allocating")
    func hugeCount() {
        var bytes = MetadataRecord.partition(
            TopicPartition("t", 0), PartitionRegistration(replicas: ids(1), isr: ids(1), leader: BrokerID(1))
        ).encoded()
        // Type byte, 2-byte length, "t", 4-byte partition, then the replica count.
        bytes.replaceSubrange(8..<12, with: [0x7f, 0xff, 0xff, 0xff])
        #expect(throws: MetadataRecordDecodingError.invalidField("broker count 2147483647", position: 8)) {
            try MetadataRecord(decoding: bytes)
        }
    }

    @Test("random garbage never traps the decoder")
    func garbage() {
        var generator = SeededGenerator(seed: 2024)
        var decoded = 0
        for _ in 0..<5000 {
            let count = Int(generator.next(below: 40))
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if !bytes.isEmpty { bytes[0] = UInt8(1 + generator.next(below: 7)) }
            if (try? MetadataRecord(decoding: bytes)) != nil { decoded += 1 }
        }
        // Most garbage is refused; the point is that none of it crashed.
        #expect(decoded < 5000)
    }
}
