import KafkaCore
import KafkaLog

/// Reads the fields `MetadataRecord.encoded()` writes, turning every short or malformed input
/// into a `MetadataRecordDecodingError`.
enum MetadataRecordReader {
    static func read(_ reader: inout ByteReader) throws(MetadataRecordDecodingError) -> MetadataRecord {
        let raw = try wrap { () throws(ByteReader.Error) in try reader.readUInt8() }
        guard let tag = MetadataRecordTag(rawValue: raw) else { throw .unknownRecordType(raw) }
        switch tag {
        case .registerBroker:
            let id = try brokerID(&reader)
            return .registerBroker(id: id, incarnation: UInt64(bitPattern: try int64(&reader)))
        case .brokerRegistrationChange:
            let id = try brokerID(&reader)
            let epoch = try int64(&reader)
            let fenced = try optionalBool(&reader)
            return .brokerRegistrationChange(
                id: id, brokerEpoch: epoch, fenced: fenced, inControlledShutdown: try optionalBool(&reader))
        case .unregisterBroker:
            let id = try brokerID(&reader)
            return .unregisterBroker(id: id, brokerEpoch: try int64(&reader))
        case .topic:
            let name = try string(&reader)
            let high = UInt64(bitPattern: try int64(&reader))
            let low = UInt64(bitPattern: try int64(&reader))
            return .topic(name: name, id: TopicID(high: high, low: low), config: try topicConfig(&reader))
        case .partition:
            let topicPartition = try self.topicPartition(&reader)
            let replicas = try brokers(&reader)
            let isr = try brokers(&reader)
            let leader = try brokerID(&reader)
            let leaderEpoch = LeaderEpoch(try int32(&reader))
            let partitionEpoch = try int32(&reader)
            let state = try recoveryState(&reader)
            return .partition(
                topicPartition,
                PartitionRegistration(
                    replicas: replicas, isr: isr, leader: leader, leaderEpoch: leaderEpoch,
                    partitionEpoch: partitionEpoch, leaderRecoveryState: state))
        case .partitionChange:
            var change = PartitionChange(try topicPartition(&reader))
            if try bool(&reader) { change.isr = try brokers(&reader) }
            if try bool(&reader) { change.leader = try brokerID(&reader) }
            if try bool(&reader) { change.leaderRecoveryState = try recoveryState(&reader) }
            return .partitionChange(change)
        case .producerIDs:
            let brokerID = try brokerID(&reader)
            let brokerEpoch = try int64(&reader)
            return .producerIDs(brokerID: brokerID, brokerEpoch: brokerEpoch, nextProducerID: try int64(&reader))
        }
    }

    /// The topic record's config fields, in `TopicConfig`'s declaration order.
    private static func topicConfig(_ reader: inout ByteReader) throws(MetadataRecordDecodingError) -> TopicConfig {
        var config = TopicConfig()
        config.minInsyncReplicas = try int32(&reader)
        config.uncleanLeaderElectionEnable = try bool(&reader)
        config.cleanupPolicy = try cleanupPolicy(&reader)
        config.retentionMilliseconds = try int64(&reader)
        config.retentionBytes = try int64(&reader)
        config.segmentBytes = try int(&reader, field: "segment.bytes")
        config.maxMessageBytes = try int(&reader, field: "max.message.bytes")
        config.minCompactionLagMilliseconds = try int64(&reader)
        config.deleteRetentionMilliseconds = try int64(&reader)
        config.segmentMilliseconds = try int64(&reader)
        return config
    }

    private static func wrap<T>(_ body: () throws(ByteReader.Error) -> T) throws(MetadataRecordDecodingError) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case .truncated(let position, let needed): throw .truncated(position: position, needed: needed)
            case .malformedVarint(let position): throw .invalidField("varint", position: position)
            }
        }
    }

    private static func int32(_ reader: inout ByteReader) throws(MetadataRecordDecodingError) -> Int32 {
        try wrap { () throws(ByteReader.Error) in try reader.readInt32() }
    }

    private static func int64(_ reader: inout ByteReader) throws(MetadataRecordDecodingError) -> Int64 {
        try wrap { () throws(ByteReader.Error) in try reader.readInt64() }
    }

    /// An `Int` field, which travels as Int64 and must fit the platform's `Int`.
    private static func int(
        _ reader: inout ByteReader, field: String
    ) throws(MetadataRecordDecodingError) -> Int {
        let position = reader.position
        let raw = try int64(&reader)
        guard let value = Int(exactly: raw) else { throw .invalidField("\(field) \(raw)", position: position) }
        return value
    }

    private static func cleanupPolicy(
        _ reader: inout ByteReader
    ) throws(MetadataRecordDecodingError) -> LogConfig.CleanupPolicy {
        let position = reader.position
        let raw = try wrap { () throws(ByteReader.Error) in try reader.readUInt8() }
        guard let code = CleanupPolicyCode(rawValue: raw) else {
            throw .invalidField("cleanup.policy code \(raw)", position: position)
        }
        return code.policy
    }

    private static func brokerID(_ reader: inout ByteReader) throws(MetadataRecordDecodingError) -> BrokerID {
        BrokerID(try int32(&reader))
    }

    private static func bool(_ reader: inout ByteReader) throws(MetadataRecordDecodingError) -> Bool {
        let position = reader.position
        switch try wrap({ () throws(ByteReader.Error) in try reader.readUInt8() }) {
        case 0: return false
        case 1: return true
        default: throw .invalidField("flag", position: position)
        }
    }

    private static func optionalBool(_ reader: inout ByteReader) throws(MetadataRecordDecodingError) -> Bool? {
        let position = reader.position
        switch try wrap({ () throws(ByteReader.Error) in try reader.readUInt8() }) {
        case 0: return nil
        case 1: return false
        case 2: return true
        default: throw .invalidField("optional flag", position: position)
        }
    }

    private static func recoveryState(
        _ reader: inout ByteReader
    ) throws(MetadataRecordDecodingError) -> LeaderRecoveryState {
        let position = reader.position
        let raw = try wrap { () throws(ByteReader.Error) in try reader.readInt8() }
        guard let state = LeaderRecoveryState(rawValue: raw) else {
            throw .invalidField("leaderRecoveryState", position: position)
        }
        return state
    }

    private static func string(_ reader: inout ByteReader) throws(MetadataRecordDecodingError) -> String {
        let position = reader.position
        let count = try wrap { () throws(ByteReader.Error) in try reader.readInt16() }
        guard count >= 0 else { throw .invalidField("string length", position: position) }
        let bytes = try wrap { () throws(ByteReader.Error) in try reader.readBytes(Int(count)) }
        let string = String(decoding: bytes, as: UTF8.self)
        // String(decoding:) repairs bad UTF-8; a lossless round trip proves there was none.
        guard Array(string.utf8) == bytes else { throw .invalidUTF8(position: position) }
        return string
    }

    private static func topicPartition(
        _ reader: inout ByteReader
    ) throws(MetadataRecordDecodingError) -> TopicPartition {
        let topic = try string(&reader)
        return TopicPartition(topic, try int32(&reader))
    }

    private static func brokers(_ reader: inout ByteReader) throws(MetadataRecordDecodingError) -> [BrokerID] {
        let position = reader.position
        let count = try int32(&reader)
        // Each entry takes four bytes, so a count the remaining bytes cannot hold is a lie.
        guard count >= 0, Int(count) <= reader.remaining / 4 else {
            throw .invalidField("broker count \(count)", position: position)
        }
        var result: [BrokerID] = []
        result.reserveCapacity(Int(count))
        for _ in 0..<count { result.append(try brokerID(&reader)) }
        return result
    }
}
