import KafkaCore

/// Why a message never reached its receiver.
public enum DropReason: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// No node with that id was ever added to the world.
    case unknownDestination = 0
    /// The receiver is crashed (at send time or at arrival).
    case destinationDown = 1
    /// The link is blocked by a partition, or one end is isolated (at send time or in flight).
    case partitioned = 2
    /// Lost at random, by the link's drop rate.
    case lost = 3
    /// The link already carried its limit of messages in flight (a full socket buffer).
    case linkOverflow = 4
    /// One end crashed while the message was on its connection, so the connection is gone.
    case connectionReset = 5
    /// The receiver is paused and its inbox of held messages is full.
    case heldOverflow = 6

    public var description: String {
        switch self {
        case .unknownDestination: "unknown destination"
        case .destinationDown: "destination down"
        case .partitioned: "partitioned"
        case .lost: "lost"
        case .linkOverflow: "link overflow"
        case .connectionReset: "connection reset"
        case .heldOverflow: "held overflow"
        }
    }
}

extension DropReason: TraceDigestible {
    public func digest(into digest: inout TraceDigest) { digest.combine(UInt64(rawValue)) }
}
