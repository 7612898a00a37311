/// One record of a `__consumer_offsets` partition, in Kafka's own key/value schema, so that
/// tools reading the topic (`kafka-console-consumer --formatter …OffsetsMessageFormatter`, or
/// our console) understand it.
///
/// The key's leading int16 version says which kind of record it is: 0 or 1 is an offset commit
/// (group, topic, partition), 2 is group metadata (group). A `nil` value is a tombstone: the
/// offset or the group was deleted, and compaction will drop every earlier record with the key.
///
/// Written versions: OffsetCommitKey v1, OffsetCommitValue v3, GroupMetadataKey v2,
/// GroupMetadataValue v3 (the last non-flexible versions, as written by Kafka 2.3–3.x). Values
/// of versions 0…3 decode; flexible versions (4+) are reported as unsupported.
public enum GroupCoordinatorRecord: Hashable, Sendable {
    /// A committed offset, or its deletion (`nil`).
    case offsetCommit(OffsetCommitKey, OffsetCommitValue?)
    /// A group's membership as of its last stable point, or the group's deletion (`nil`).
    case groupMetadata(groupID: String, GroupMetadataValue?)

    /// The group the record belongs to.
    public var groupID: String {
        switch self {
        case .offsetCommit(let key, _): key.groupID
        case .groupMetadata(let groupID, _): groupID
        }
    }

    /// Whether the record deletes its key.
    public var isTombstone: Bool {
        switch self {
        case .offsetCommit(_, let value): value == nil
        case .groupMetadata(_, let value): value == nil
        }
    }
}

/// The key of an offset commit: which group committed which partition.
public struct OffsetCommitKey: Hashable, Sendable {
    public var groupID: String
    public var topicPartition: TopicPartition

    public init(groupID: String, topicPartition: TopicPartition) {
        self.groupID = groupID
        self.topicPartition = topicPartition
    }
}

/// A committed offset as stored.
public struct OffsetCommitValue: Hashable, Sendable {
    public var committedOffset: Offset
    public var committedLeaderEpoch: LeaderEpoch
    public var metadata: String
    /// When the coordinator accepted the commit, in Kafka milliseconds.
    public var commitTimestampMilliseconds: Int64

    public init(
        committedOffset: Offset, committedLeaderEpoch: LeaderEpoch = .none, metadata: String = "",
        commitTimestampMilliseconds: Int64
    ) {
        self.committedOffset = committedOffset
        self.committedLeaderEpoch = committedLeaderEpoch
        self.metadata = metadata
        self.commitTimestampMilliseconds = commitTimestampMilliseconds
    }
}

/// A classic group as stored when it became Stable (or Empty): enough to rebuild it after a
/// coordinator failover.
public struct GroupMetadataValue: Hashable, Sendable {
    public var protocolType: String
    public var generation: Int32
    /// The chosen assignor, `nil` while the group has no members.
    public var protocolName: String?
    public var leader: String?
    /// When the group entered its current state, in Kafka milliseconds (the offset-expiry clock
    /// of an Empty group starts here).
    public var currentStateTimestampMilliseconds: Int64
    /// The members in join order.
    public var members: [GroupMetadataMember]

    public init(
        protocolType: String, generation: Int32, protocolName: String?, leader: String?,
        currentStateTimestampMilliseconds: Int64, members: [GroupMetadataMember]
    ) {
        self.protocolType = protocolType
        self.generation = generation
        self.protocolName = protocolName
        self.leader = leader
        self.currentStateTimestampMilliseconds = currentStateTimestampMilliseconds
        self.members = members
    }
}

/// One member as stored in a group metadata record.
public struct GroupMetadataMember: Hashable, Sendable {
    public var memberID: String
    public var groupInstanceID: String?
    public var clientID: String
    public var clientHost: String
    public var rebalanceTimeoutMilliseconds: Int32
    public var sessionTimeoutMilliseconds: Int32
    /// The member's metadata for the chosen assignor.
    public var subscription: [UInt8]
    public var assignment: [UInt8]

    public init(
        memberID: String, groupInstanceID: String?, clientID: String, clientHost: String,
        rebalanceTimeoutMilliseconds: Int32, sessionTimeoutMilliseconds: Int32, subscription: [UInt8],
        assignment: [UInt8]
    ) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.clientID = clientID
        self.clientHost = clientHost
        self.rebalanceTimeoutMilliseconds = rebalanceTimeoutMilliseconds
        self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
        self.subscription = subscription
        self.assignment = assignment
    }
}

/// Why bytes from a `__consumer_offsets` partition are not a record this build understands.
public enum GroupRecordDecodingError: Error, Hashable, Sendable {
    /// A field at `position` needed `needed` more bytes than were left.
    case truncated(position: Int, needed: Int)
    /// The key's version is none of 0, 1, 2.
    case unknownKeyVersion(Int16)
    /// The value's version is not one this build reads (flexible versions 4+, or garbage).
    case unsupportedValueVersion(Int16)
    /// A length prefix below -1, or -1 for a field that cannot be null.
    case invalidLength(position: Int, length: Int32)
    /// A string field that is not valid UTF-8.
    case invalidUTF8(position: Int)
    /// Bytes left over after the last field.
    case trailingBytes(count: Int)
}
