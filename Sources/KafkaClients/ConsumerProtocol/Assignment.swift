import KafkaCore

/// What the group leader hands a member in SyncGroup: Kafka's `ConsumerProtocolAssignment`.
///
/// Wire layout (non-flexible, big-endian), prefixed by an int16 version; versions 0 to 3 share
/// one shape: `assigned_partitions` array(topic string, partitions array(int32)), then
/// `user_data` nullable bytes. Newer versions are read by the fields version 3 knows.
public struct Assignment: Hashable, Sendable {
    /// The newest version this type writes.
    public static let latestVersion: Int16 = 3

    /// The partitions assigned to the member.
    public var partitions: [TopicPartition]
    /// Opaque bytes from the assignor to the member.
    public var userData: [UInt8]?

    public init(partitions: [TopicPartition], userData: [UInt8]? = nil) {
        self.partitions = partitions
        self.userData = userData
    }

    /// The version-prefixed bytes of `version` (0...3). Partitions are grouped under their topic
    /// in the order each topic first appears.
    public func encoded(version: Int16 = Assignment.latestVersion) -> [UInt8] {
        precondition(
            (0...Self.latestVersion).contains(version),
            "assignment version \(version) is outside 0...\(Self.latestVersion)")
        var writer = ByteWriter(capacity: 64)
        writer.writeInt16(version)
        writer.writeConsumerProtocolTopicPartitions(partitions)
        writer.writeConsumerProtocolNullableBytes(userData)
        return writer.finish()
    }

    /// Decodes a version-prefixed assignment of any version from 0 up; trailing bytes (fields
    /// of a newer version) are ignored.
    public init(decoding bytes: [UInt8]) throws(ConsumerProtocolError) {
        var reader = ConsumerProtocolReader(bytes)
        let version = try reader.readInt16("version")
        guard version >= 0 else { throw .unsupportedVersion(version) }
        let partitions = try reader.readTopicPartitions("assigned_partitions")
        self.init(partitions: partitions, userData: try reader.readNullableBytes("user_data"))
    }
}
