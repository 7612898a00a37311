import KafkaCore
import Testing

@Suite struct GroupProtocolTests {
    @Test(
        "javaStringHashCode and coordinatorPartition match the reference vectors",
        arguments: [
            ("my-group", Int32(-1_906_497_762), Int32(12)),
            ("test-group", 627_841_412, 12),
            ("console-consumer-1", 35_782_224, 24),
        ])
    func vectors(groupID: String, hash: Int32, partition: Int32) {
        #expect(javaStringHashCode(groupID) == hash)
        #expect(coordinatorPartition(for: groupID, partitionCount: 50) == partition)
    }

    @Test("hashCode iterates UTF-16 code units, not UTF-8 bytes")
    func utf16() {
        // "é" is one UTF-16 unit (0xE9) but two UTF-8 bytes; "😀" is the surrogates D83D DE00.
        #expect(javaStringHashCode("é") == 0xE9)
        #expect(javaStringHashCode("😀") == 0xD83D &* 31 &+ 0xDE00)
        #expect(javaStringHashCode("") == 0)
    }

    @Test("Utils.abs maps Int32.min to 0 instead of trapping")
    func absOfMin() {
        #expect(kafkaAbs(.min) == 0)
        #expect(kafkaAbs(-5) == 5)
        #expect(kafkaAbs(7) == 7)
    }

    static let offsetKeyBytes: [UInt8] = [0, 1, 0, 1, 0x67, 0, 1, 0x74, 0, 0, 0, 1]
    static let offsetValueBytes: [UInt8] =
        [0, 3] + [0, 0, 0, 0, 0, 0, 0, 5] + [0, 0, 0, 2] + [0, 1, 0x6d] + [0, 0, 0, 0, 0, 0, 0x03, 0xe8]
    static let groupKeyBytes: [UInt8] = [0, 2, 0, 1, 0x67]
    static let groupValueBytes: [UInt8] =
        [0, 3] + [0, 8] + Array("consumer".utf8) + [0, 0, 0, 1] + [0, 5] + Array("range".utf8) + [0, 1, 0x61]
        + [0, 0, 0, 0, 0, 0, 0x03, 0xe8] + [0, 0, 0, 1] + [0, 1, 0x61] + [0xff, 0xff] + [0, 1, 0x63] + [0, 1, 0x68]
        + [0, 0x04, 0x93, 0xe0] + [0, 0, 0xaf, 0xc8] + [0, 0, 0, 2, 1, 2] + [0, 0, 0, 1, 3]

    static let offsetRecord = GroupCoordinatorRecord.offsetCommit(
        OffsetCommitKey(groupID: "g", topicPartition: TopicPartition("t", 1)),
        OffsetCommitValue(
            committedOffset: Offset(5), committedLeaderEpoch: LeaderEpoch(2), metadata: "m",
            commitTimestampMilliseconds: 1000))
    static let groupRecord = GroupCoordinatorRecord.groupMetadata(
        groupID: "g",
        GroupMetadataValue(
            protocolType: "consumer", generation: 1, protocolName: "range", leader: "a",
            currentStateTimestampMilliseconds: 1000,
            members: [
                GroupMetadataMember(
                    memberID: "a", groupInstanceID: nil, clientID: "c", clientHost: "h",
                    rebalanceTimeoutMilliseconds: 300_000, sessionTimeoutMilliseconds: 45_000, subscription: [1, 2],
                    assignment: [3])
            ]))

    @Test("offset commit records encode to Kafka's key v1 / value v3 bytes and decode back")
    func offsetCommitGolden() throws {
        #expect(Self.offsetRecord.key == Self.offsetKeyBytes)
        #expect(Self.offsetRecord.value == Self.offsetValueBytes)
        #expect(try GroupCoordinatorRecord(key: Self.offsetKeyBytes, value: Self.offsetValueBytes) == Self.offsetRecord)
    }

    @Test("group metadata records encode to Kafka's key v2 / value v3 bytes and decode back")
    func groupMetadataGolden() throws {
        #expect(Self.groupRecord.key == Self.groupKeyBytes)
        #expect(Self.groupRecord.value == Self.groupValueBytes)
        #expect(try GroupCoordinatorRecord(key: Self.groupKeyBytes, value: Self.groupValueBytes) == Self.groupRecord)
    }

    @Test("a null value decodes as a tombstone of the key's kind")
    func tombstones() throws {
        let offset = try GroupCoordinatorRecord(key: Self.offsetKeyBytes, value: nil)
        #expect(offset == .offsetCommit(OffsetCommitKey(groupID: "g", topicPartition: TopicPartition("t", 1)), nil))
        #expect(offset.isTombstone && offset.value == nil)
        let group = try GroupCoordinatorRecord(key: Self.groupKeyBytes, value: nil)
        #expect(group == .groupMetadata(groupID: "g", nil) && group.isTombstone)
    }

    @Test("older value versions decode: offset v1 (expire timestamp) and group metadata v0")
    func olderVersions() throws {
        let v1: [UInt8] =
            [0, 1] + [0, 0, 0, 0, 0, 0, 0, 9] + [0, 0] + [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 0, 0, 0, 0, 2]
        let offset = try GroupCoordinatorRecord(key: Self.offsetKeyBytes, value: v1)
        guard case .offsetCommit(_, let value?) = offset else { Issue.record("not an offset: \(offset)"); return }
        #expect(value.committedOffset == Offset(9) && value.committedLeaderEpoch == .none)
        let v0: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]
        let group = try GroupCoordinatorRecord(key: Self.groupKeyBytes, value: v0)
        #expect(
            group
                == .groupMetadata(
                    groupID: "g",
                    GroupMetadataValue(
                        protocolType: "", generation: 0, protocolName: nil, leader: nil,
                        currentStateTimestampMilliseconds: -1, members: [])))
    }

    @Test("bad versions, bad lengths and trailing bytes are errors")
    func malformed() {
        #expect(throws: GroupRecordDecodingError.unknownKeyVersion(7)) {
            try GroupCoordinatorRecord(key: [0, 7, 0, 0], value: nil)
        }
        #expect(throws: GroupRecordDecodingError.unsupportedValueVersion(4)) {
            try GroupCoordinatorRecord(
                key: Self.offsetKeyBytes, value: [0, 4] + Array(Self.offsetValueBytes.dropFirst(2)))
        }
        #expect(throws: GroupRecordDecodingError.trailingBytes(count: 1)) {
            try GroupCoordinatorRecord(key: Self.groupKeyBytes + [0], value: nil)
        }
        #expect(throws: GroupRecordDecodingError.invalidLength(position: 2, length: -1)) {
            try GroupCoordinatorRecord(key: [0, 2, 0xff, 0xff], value: nil)
        }
        #expect(throws: GroupRecordDecodingError.invalidUTF8(position: 2)) {
            try GroupCoordinatorRecord(key: [0, 2, 0, 1, 0xff], value: nil)
        }
    }

    @Test("every truncation and random corruption of valid records throws instead of trapping")
    func hostileBytes() {
        let seed: UInt64 = 20_261_125
        var random = SeededGenerator(seed: seed).stream("hostile")
        let samples = [
            (Self.offsetKeyBytes, Self.offsetValueBytes), (Self.groupKeyBytes, Self.groupValueBytes),
        ]
        var decoded = 0
        for (key, value) in samples {
            for cut in 0..<value.count {
                #expect(throws: GroupRecordDecodingError.self, "seed \(seed) cut \(cut)") {
                    try GroupCoordinatorRecord(key: key, value: Array(value.prefix(cut)))
                }
            }
            for _ in 0..<2000 {
                var bytes = value
                for _ in 0..<(1 + random.next(below: 4)) {
                    bytes[Int(random.next(below: UInt64(bytes.count)))] = UInt8(truncatingIfNeeded: random.next())
                }
                do {
                    _ = try GroupCoordinatorRecord(key: key, value: bytes)
                    decoded += 1
                } catch {
                    continue
                }
            }
            for _ in 0..<500 {
                let noise = (0..<random.next(below: 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                do {
                    _ = try GroupCoordinatorRecord(key: noise, value: noise)
                    decoded += 1
                } catch {
                    continue
                }
            }
        }
        // Some corruptions (inside an offset or a timestamp) still decode; the point is none traps.
        #expect(decoded > 0, "seed \(seed)")
    }
}
