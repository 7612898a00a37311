import KafkaCore

/// One direction between two nodes: the unit of latency, loss, partitions and ordering.
///
/// `Link(from: a, to: b)` and `Link(from: b, to: a)` are configured independently, which is how
/// one-way partitions and asymmetric latency are expressed.
public struct Link: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let from: NodeID
    public let to: NodeID

    public init(from: NodeID, to: NodeID) {
        self.from = from
        self.to = to
    }

    /// The other direction.
    public var reversed: Link { Link(from: to, to: from) }

    public static func < (lhs: Link, rhs: Link) -> Bool { (lhs.from, lhs.to) < (rhs.from, rhs.to) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine((from.packed << 24) ^ to.packed)
    }

    /// `broker 1 → client 3`.
    public var description: String { "\(from) → \(to)" }
}

extension Link: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        digest.combine(from)
        digest.combine(to)
    }
}
