/// The id of a broker (`node.id` in KRaft). Controllers share the same id space.
public struct BrokerID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    @inlinable
    public init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static func < (lhs: BrokerID, rhs: BrokerID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "broker \(rawValue)" }
}

/// A position in one partition's log. Offsets are dense when written and may have gaps after
/// compaction; they never change once assigned.
public struct Offset: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64

    @inlinable
    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// Kafka's "no offset" value (-1), as used in OffsetFetch and ListOffsets responses.
    @inlinable public static var none: Offset { Offset(-1) }

    public static func < (lhs: Offset, rhs: Offset) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The offset `count` records further on.
    public func advanced(by count: Int64) -> Offset { Offset(rawValue + count) }

    /// How many offsets lie between `other` and `self` (`self - other`).
    public func distance(from other: Offset) -> Int64 { rawValue - other.rawValue }

    public var description: String { String(rawValue) }
}

/// The epoch of a partition's leadership: bumped by the controller each time a leader is elected.
public struct LeaderEpoch: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    @inlinable
    public init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Kafka's "no epoch" value (-1), for records written before any epoch was known.
    @inlinable public static var none: LeaderEpoch { LeaderEpoch(-1) }

    public static func < (lhs: LeaderEpoch, rhs: LeaderEpoch) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The epoch after this one.
    public var next: LeaderEpoch { LeaderEpoch(rawValue + 1) }

    public var description: String { String(rawValue) }
}

/// One partition of one topic, written `topic-partition` as Kafka's tools and directories do.
public struct TopicPartition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let topic: String
    public let partition: Int32

    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// Partition numbers first: they differ more often and compare in one instruction.
    @inlinable
    public static func == (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        lhs.partition == rhs.partition && lhs.topic == rhs.topic
    }

    /// The same hash as the synthesized one (the topic, then the partition number), spelled out
    /// beside the hand-written `==`.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(topic)
        hasher.combine(partition)
    }

    /// Topics sort by name, then partitions by number, so listings never depend on hash order.
    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    public var description: String { "\(topic)-\(partition)" }
}
