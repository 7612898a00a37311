extension GroupCoordinatorRecord {
    /// Decodes a record from its key and value bytes (`nil` value: a tombstone). Never traps on
    /// hostile input: every length is checked against the bytes that are left.
    public init(key: [UInt8], value: [UInt8]?) throws(GroupRecordDecodingError) {
        var keyReader = GroupRecordReader(key)
        let keyVersion = try keyReader.int16()
        switch keyVersion {
        case 0, 1:
            let groupID = try keyReader.string()
            let topic = try keyReader.string()
            let partition = try keyReader.int32()
            try keyReader.expectEnd()
            let offsetKey = OffsetCommitKey(groupID: groupID, topicPartition: TopicPartition(topic, partition))
            guard let value else {
                self = .offsetCommit(offsetKey, nil)
                return
            }
            self = .offsetCommit(offsetKey, try Self.offsetCommitValue(value))
        case 2:
            let groupID = try keyReader.string()
            try keyReader.expectEnd()
            guard let value else {
                self = .groupMetadata(groupID: groupID, nil)
                return
            }
            self = .groupMetadata(groupID: groupID, try Self.groupMetadataValue(value))
        default:
            throw .unknownKeyVersion(keyVersion)
        }
    }

    /// OffsetCommitValue v0 (offset, metadata, commit time), v1 (+ expire time, ignored), v2
    /// (as v0), v3 (+ leader epoch after the offset).
    private static func offsetCommitValue(_ bytes: [UInt8]) throws(GroupRecordDecodingError) -> OffsetCommitValue {
        var reader = GroupRecordReader(bytes)
        let version = try reader.int16()
        guard (0...3).contains(version) else { throw .unsupportedValueVersion(version) }
        let offset = Offset(try reader.int64())
        let leaderEpoch = version >= 3 ? LeaderEpoch(try reader.int32()) : .none
        let metadata = try reader.string()
        let commitTimestamp = try reader.int64()
        if version == 1 { _ = try reader.int64() }
        try reader.expectEnd()
        return OffsetCommitValue(
            committedOffset: offset, committedLeaderEpoch: leaderEpoch, metadata: metadata,
            commitTimestampMilliseconds: commitTimestamp)
    }

    /// GroupMetadataValue v0…v3: v1 adds each member's rebalance timeout, v2 the state
    /// timestamp, v3 each member's instance id.
    private static func groupMetadataValue(_ bytes: [UInt8]) throws(GroupRecordDecodingError) -> GroupMetadataValue {
        var reader = GroupRecordReader(bytes)
        let version = try reader.int16()
        guard (0...3).contains(version) else { throw .unsupportedValueVersion(version) }
        let protocolType = try reader.string()
        let generation = try reader.int32()
        let protocolName = try reader.nullableString()
        let leader = try reader.nullableString()
        let stateTimestamp = version >= 2 ? try reader.int64() : -1
        let count = try reader.arrayCount()
        var members: [GroupMetadataMember] = []
        for _ in 0..<count {
            let memberID = try reader.string()
            let instanceID = version >= 3 ? try reader.nullableString() : nil
            let clientID = try reader.string()
            let clientHost = try reader.string()
            let sessionTimeout: Int32
            let rebalanceTimeout: Int32
            if version >= 1 {
                rebalanceTimeout = try reader.int32()
                sessionTimeout = try reader.int32()
            } else {
                sessionTimeout = try reader.int32()
                rebalanceTimeout = sessionTimeout
            }
            members.append(
                GroupMetadataMember(
                    memberID: memberID, groupInstanceID: instanceID, clientID: clientID, clientHost: clientHost,
                    rebalanceTimeoutMilliseconds: rebalanceTimeout, sessionTimeoutMilliseconds: sessionTimeout,
                    subscription: try reader.bytes(), assignment: try reader.bytes()))
        }
        try reader.expectEnd()
        return GroupMetadataValue(
            protocolType: protocolType, generation: generation, protocolName: protocolName, leader: leader,
            currentStateTimestampMilliseconds: stateTimestamp, members: members)
    }
}

/// Reads Kafka's classic (non-flexible) field types front to back, checking every length.
private struct GroupRecordReader {
    let buffer: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) {
        self.buffer = bytes
    }

    mutating func int16() throws(GroupRecordDecodingError) -> Int16 {
        Int16(truncatingIfNeeded: try bigEndian(2))
    }

    mutating func int32() throws(GroupRecordDecodingError) -> Int32 {
        Int32(truncatingIfNeeded: try bigEndian(4))
    }

    mutating func int64() throws(GroupRecordDecodingError) -> Int64 {
        Int64(bitPattern: try bigEndian(8))
    }

    mutating func string() throws(GroupRecordDecodingError) -> String {
        let start = position
        guard let value = try nullableString() else { throw .invalidLength(position: start, length: -1) }
        return value
    }

    mutating func nullableString() throws(GroupRecordDecodingError) -> String? {
        let start = position
        let length = Int32(try int16())
        guard length != -1 else { return nil }
        let raw = try take(length, at: start)
        guard let value = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(position: start) }
        return value
    }

    mutating func bytes() throws(GroupRecordDecodingError) -> [UInt8] {
        let start = position
        let length = try int32()
        return Array(try take(length, at: start))
    }

    /// An array's element count; every element takes at least one byte, so a count above the
    /// bytes left is rejected before anything is allocated for it.
    mutating func arrayCount() throws(GroupRecordDecodingError) -> Int {
        let start = position
        let count = try int32()
        guard count >= 0, Int(count) <= buffer.count - position else {
            throw .invalidLength(position: start, length: count)
        }
        return Int(count)
    }

    func expectEnd() throws(GroupRecordDecodingError) {
        guard position == buffer.count else { throw .trailingBytes(count: buffer.count - position) }
    }

    private mutating func take(_ length: Int32, at start: Int) throws(GroupRecordDecodingError) -> ArraySlice<UInt8> {
        guard length >= 0 else { throw .invalidLength(position: start, length: length) }
        try require(Int(length))
        defer { position += Int(length) }
        return buffer[position..<(position + Int(length))]
    }

    private mutating func bigEndian(_ width: Int) throws(GroupRecordDecodingError) -> UInt64 {
        try require(width)
        var value: UInt64 = 0
        for byte in buffer[position..<(position + width)] {
            value = value << 8 | UInt64(byte)
        }
        position += width
        return value
    }

    private func require(_ count: Int) throws(GroupRecordDecodingError) {
        guard count <= buffer.count - position else { throw .truncated(position: position, needed: count) }
    }
}
