import KafkaCore

/// What a consumer tells the group in JoinGroup: Kafka's `ConsumerProtocolSubscription`, the
/// metadata bytes a member sends for each assignor it supports.
///
/// Wire layout (non-flexible, big-endian), prefixed by an int16 version:
///
/// | version | adds |
/// |---|---|
/// | 0 | `topics` array(string), `user_data` nullable bytes |
/// | 1 | `owned_partitions` array(topic string, partitions array(int32)) |
/// | 2 | `generation_id` int32 |
/// | 3 | `rack_id` nullable string |
///
/// Decoding a version newer than 3 reads the fields version 3 knows and ignores the rest, as
/// Kafka's clients do, so a newer client can still join a group led by an older one.
public struct Subscription: Hashable, Sendable {
    /// The newest version this type reads and writes in full.
    public static let latestVersion: Int16 = 3
    /// The generation a subscription reports before it has one (or below version 2).
    public static let unknownGeneration: Int32 = -1

    /// The topics the member subscribes to.
    public var topics: [String]
    /// Opaque bytes for the assignor (older sticky assignors kept their state here).
    public var userData: [UInt8]?
    /// The partitions the member owns right now (version 1 and up); empty under EAGER, where a
    /// member revokes everything before it rejoins.
    public var ownedPartitions: [TopicPartition]
    /// The generation in which the member got `ownedPartitions` (version 2 and up), or
    /// `unknownGeneration`. Assignors resolve competing claims by the highest generation.
    public var generationID: Int32
    /// The member's `client.rack` (version 3 and up).
    public var rackID: String?

    public init(
        topics: [String], userData: [UInt8]? = nil, ownedPartitions: [TopicPartition] = [],
        generationID: Int32 = Subscription.unknownGeneration, rackID: String? = nil
    ) {
        self.topics = topics
        self.userData = userData
        self.ownedPartitions = ownedPartitions
        self.generationID = generationID
        self.rackID = rackID
    }

    /// The version-prefixed bytes of `version` (0...3); fields the version lacks are left out.
    ///
    /// Owned partitions are grouped under their topic in the order each topic first appears.
    public func encoded(version: Int16 = Subscription.latestVersion) -> [UInt8] {
        precondition(
            (0...Self.latestVersion).contains(version),
            "subscription version \(version) is outside 0...\(Self.latestVersion)")
        var writer = ByteWriter(capacity: 64)
        writer.writeInt16(version)
        writer.writeInt32(Int32(topics.count))
        for topic in topics {
            writer.writeConsumerProtocolString(topic)
        }
        writer.writeConsumerProtocolNullableBytes(userData)
        if version >= 1 {
            writer.writeConsumerProtocolTopicPartitions(ownedPartitions)
        }
        if version >= 2 {
            writer.writeInt32(generationID)
        }
        if version >= 3 {
            writer.writeConsumerProtocolNullableString(rackID)
        }
        return writer.finish()
    }

    /// Decodes a version-prefixed subscription of any version from 0 up; fields the version
    /// lacks keep their defaults, fields newer than version 3 and trailing bytes are ignored.
    public init(decoding bytes: [UInt8]) throws(ConsumerProtocolError) {
        var reader = ConsumerProtocolReader(bytes)
        let version = try reader.readInt16("version")
        guard version >= 0 else { throw .unsupportedVersion(version) }
        let topicCount = try reader.readArrayCount("topics", minimumElementBytes: 2)
        var topics: [String] = []
        topics.reserveCapacity(topicCount)
        for _ in 0..<topicCount {
            topics.append(try reader.readString("topics"))
        }
        self.init(topics: topics, userData: try reader.readNullableBytes("user_data"))
        if version >= 1 {
            ownedPartitions = try reader.readTopicPartitions("owned_partitions")
        }
        if version >= 2 {
            generationID = try reader.readInt32("generation_id")
        }
        if version >= 3 {
            rackID = try reader.readNullableString("rack_id")
        }
    }
}
