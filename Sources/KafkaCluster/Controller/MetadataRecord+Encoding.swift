import KafkaCore
import KafkaLog

/// A compact big-endian encoding: a type byte, then the fields in declaration order. Strings
/// and lists carry an Int16 / Int32 count; optionals a 0/1 flag byte; `Int` fields travel as
/// Int64; `cleanup.policy` as its `CleanupPolicyCode` byte. Decoding checks every length
/// against the bytes left, so no input can trap or allocate more than it holds.
extension MetadataRecord {
    /// The record's bytes.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        switch self {
        case .registerBroker(let id, let incarnation):
            writer.writeUInt8(MetadataRecordTag.registerBroker.rawValue)
            writer.writeInt32(id.rawValue)
            writer.writeInt64(Int64(bitPattern: incarnation))
        case .brokerRegistrationChange(let id, let brokerEpoch, let fenced, let inControlledShutdown):
            writer.writeUInt8(MetadataRecordTag.brokerRegistrationChange.rawValue)
            writer.writeInt32(id.rawValue)
            writer.writeInt64(brokerEpoch)
            Self.write(fenced, to: &writer)
            Self.write(inControlledShutdown, to: &writer)
        case .unregisterBroker(let id, let brokerEpoch):
            writer.writeUInt8(MetadataRecordTag.unregisterBroker.rawValue)
            writer.writeInt32(id.rawValue)
            writer.writeInt64(brokerEpoch)
        case .topic(let name, let id, let config):
            writer.writeUInt8(MetadataRecordTag.topic.rawValue)
            Self.write(name, to: &writer)
            writer.writeInt64(Int64(bitPattern: id.high))
            writer.writeInt64(Int64(bitPattern: id.low))
            Self.write(config, to: &writer)
        case .partition(let topicPartition, let partition):
            writer.writeUInt8(MetadataRecordTag.partition.rawValue)
            Self.write(topicPartition, to: &writer)
            Self.write(partition.replicas, to: &writer)
            Self.write(partition.isr, to: &writer)
            writer.writeInt32(partition.leader.rawValue)
            writer.writeInt32(partition.leaderEpoch.rawValue)
            writer.writeInt32(partition.partitionEpoch)
            writer.writeInt8(partition.leaderRecoveryState.rawValue)
        case .partitionChange(let change):
            writer.writeUInt8(MetadataRecordTag.partitionChange.rawValue)
            Self.write(change.topicPartition, to: &writer)
            writer.writeUInt8(change.isr == nil ? 0 : 1)
            if let isr = change.isr { Self.write(isr, to: &writer) }
            writer.writeUInt8(change.leader == nil ? 0 : 1)
            if let leader = change.leader { writer.writeInt32(leader.rawValue) }
            writer.writeUInt8(change.leaderRecoveryState == nil ? 0 : 1)
            if let state = change.leaderRecoveryState { writer.writeInt8(state.rawValue) }
        case .producerIDs(let brokerID, let brokerEpoch, let nextProducerID):
            writer.writeUInt8(MetadataRecordTag.producerIDs.rawValue)
            writer.writeInt32(brokerID.rawValue)
            writer.writeInt64(brokerEpoch)
            writer.writeInt64(nextProducerID)
        }
        return writer.finish()
    }

    /// The record in `bytes`, which must hold exactly one record.
    public init(decoding bytes: [UInt8]) throws(MetadataRecordDecodingError) {
        let result = bytes.withUnsafeBytes { Self.decode($0) }
        self = try result.get()
    }

    private static func decode(
        _ buffer: UnsafeRawBufferPointer
    ) -> Result<MetadataRecord, MetadataRecordDecodingError> {
        var reader = ByteReader(buffer)
        do throws(MetadataRecordDecodingError) {
            let record = try MetadataRecordReader.read(&reader)
            guard reader.isAtEnd else { return .failure(.trailingBytes(count: reader.remaining)) }
            return .success(record)
        } catch {
            return .failure(error)
        }
    }

    private static func write(_ flag: Bool?, to writer: inout ByteWriter) {
        switch flag {
        case .none: writer.writeUInt8(0)
        case .some(false): writer.writeUInt8(1)
        case .some(true): writer.writeUInt8(2)
        }
    }

    private static func write(_ config: TopicConfig, to writer: inout ByteWriter) {
        writer.writeInt32(config.minInsyncReplicas)
        writer.writeUInt8(config.uncleanLeaderElectionEnable ? 1 : 0)
        writer.writeUInt8(CleanupPolicyCode(config.cleanupPolicy).rawValue)
        writer.writeInt64(config.retentionMilliseconds)
        writer.writeInt64(config.retentionBytes)
        writer.writeInt64(Int64(config.segmentBytes))
        writer.writeInt64(Int64(config.maxMessageBytes))
        writer.writeInt64(config.minCompactionLagMilliseconds)
        writer.writeInt64(config.deleteRetentionMilliseconds)
        writer.writeInt64(config.segmentMilliseconds)
    }

    private static func write(_ string: String, to writer: inout ByteWriter) {
        let utf8 = Array(string.utf8)
        precondition(utf8.count <= Int16.max, "a metadata string of \(utf8.count) bytes is too long")
        writer.writeInt16(Int16(utf8.count))
        writer.writeBytes(utf8)
    }

    private static func write(_ topicPartition: TopicPartition, to writer: inout ByteWriter) {
        write(topicPartition.topic, to: &writer)
        writer.writeInt32(topicPartition.partition)
    }

    private static func write(_ brokers: [BrokerID], to writer: inout ByteWriter) {
        writer.writeInt32(Int32(brokers.count))
        for broker in brokers { writer.writeInt32(broker.rawValue) }
    }
}
