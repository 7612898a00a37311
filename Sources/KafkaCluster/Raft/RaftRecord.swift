import KafkaCore

/// One entry of the metadata log: its offset, the epoch of the leader that wrote it, and what
/// it says.
public struct RaftRecord: Hashable, Sendable, CustomStringConvertible {
    /// What a record carries.
    public enum Body: Hashable, Sendable {
        /// The control record a new leader writes first in its epoch (Kafka's `LeaderChangeMessage`).
        /// Committing it commits everything before it: Raft's rule that a leader only counts
        /// replicas for records of its own epoch.
        case leaderChange(leader: NodeID, voters: [NodeID])
        /// An opaque payload proposed by the active controller.
        case data([UInt8])
    }

    public let offset: Offset
    public let epoch: LeaderEpoch
    public let body: Body

    public init(offset: Offset, epoch: LeaderEpoch, body: Body) {
        precondition(offset.rawValue >= 0, "a record's offset is never negative: \(offset)")
        precondition(epoch.rawValue > 0, "records are written by leaders of epoch 1 or later, not \(epoch)")
        self.offset = offset
        self.epoch = epoch
        self.body = body
    }

    /// Bytes on the wire, roughly: a batch header's share plus the payload.
    public var sizeInBytes: Int {
        switch body {
        case .leaderChange(_, let voters): 40 + 8 * voters.count
        case .data(let payload): 40 + payload.count
        }
    }

    public var description: String {
        switch body {
        case .leaderChange(let leader, _): "\(offset)@\(epoch) leader change to \(leader)"
        case .data(let payload): "\(offset)@\(epoch) \(payload.count) bytes"
        }
    }
}

extension RaftRecord: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        digest.combine(offset.rawValue)
        digest.combine(epoch.rawValue)
        switch body {
        case .leaderChange(let leader, let voters):
            digest.combine(1)
            digest.combine(leader)
            digest.combine(voters)
        case .data(let payload):
            digest.combine(2)
            digest.combine(bytes: payload)
        }
    }
}
