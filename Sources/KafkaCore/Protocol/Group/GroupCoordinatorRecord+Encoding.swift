extension GroupCoordinatorRecord {
    /// The record key's bytes.
    public var key: [UInt8] {
        var writer = ByteWriter(capacity: 64)
        switch self {
        case .offsetCommit(let key, _):
            writer.writeInt16(1)
            writer.writeKafkaString(key.groupID)
            writer.writeKafkaString(key.topicPartition.topic)
            writer.writeInt32(key.topicPartition.partition)
        case .groupMetadata(let groupID, _):
            writer.writeInt16(2)
            writer.writeKafkaString(groupID)
        }
        return writer.finish()
    }

    /// The record value's bytes, `nil` for a tombstone.
    public var value: [UInt8]? {
        switch self {
        case .offsetCommit(_, let value?): Self.encode(value)
        case .groupMetadata(_, let value?): Self.encode(value)
        case .offsetCommit(_, nil), .groupMetadata(_, nil): nil
        }
    }

    private static func encode(_ value: OffsetCommitValue) -> [UInt8] {
        var writer = ByteWriter(capacity: 32 + value.metadata.utf8.count)
        writer.writeInt16(3)
        writer.writeInt64(value.committedOffset.rawValue)
        writer.writeInt32(value.committedLeaderEpoch.rawValue)
        writer.writeKafkaString(value.metadata)
        writer.writeInt64(value.commitTimestampMilliseconds)
        return writer.finish()
    }

    private static func encode(_ value: GroupMetadataValue) -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + value.members.count * 128)
        writer.writeInt16(3)
        writer.writeKafkaString(value.protocolType)
        writer.writeInt32(value.generation)
        writer.writeKafkaNullableString(value.protocolName)
        writer.writeKafkaNullableString(value.leader)
        writer.writeInt64(value.currentStateTimestampMilliseconds)
        writer.writeInt32(Int32(value.members.count))
        for member in value.members {
            writer.writeKafkaString(member.memberID)
            writer.writeKafkaNullableString(member.groupInstanceID)
            writer.writeKafkaString(member.clientID)
            writer.writeKafkaString(member.clientHost)
            writer.writeInt32(member.rebalanceTimeoutMilliseconds)
            writer.writeInt32(member.sessionTimeoutMilliseconds)
            writer.writeKafkaBytes(member.subscription)
            writer.writeKafkaBytes(member.assignment)
        }
        return writer.finish()
    }
}

extension ByteWriter {
    /// Kafka's `STRING`: an int16 length, then UTF-8.
    fileprivate mutating func writeKafkaString(_ value: String) {
        let count = value.utf8.count
        precondition(count <= Int16.max, "a Kafka STRING holds at most 32767 bytes, got \(count)")
        writeInt16(Int16(count))
        writeUTF8(value)
    }

    /// Kafka's `NULLABLE_STRING`: length -1 for null.
    fileprivate mutating func writeKafkaNullableString(_ value: String?) {
        guard let value else {
            writeInt16(-1)
            return
        }
        writeKafkaString(value)
    }

    /// Kafka's `BYTES`: an int32 length, then the bytes.
    fileprivate mutating func writeKafkaBytes(_ value: [UInt8]) {
        writeInt32(Int32(value.count))
        writeBytes(value)
    }
}
