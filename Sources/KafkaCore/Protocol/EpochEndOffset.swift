/// The answer to "where does this epoch end?" (`OffsetsForLeaderEpoch`, `divergingEpoch`): the
/// largest epoch the replica knows at or below the requested one, and the offset it ends at.
public struct EpochEndOffset: Hashable, Sendable, CustomStringConvertible {
    public let epoch: LeaderEpoch
    public let endOffset: Offset

    public init(epoch: LeaderEpoch, endOffset: Offset) {
        self.epoch = epoch
        self.endOffset = endOffset
    }

    /// `(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET)` = `(-1, -1)`: the replica cannot answer, and a
    /// follower falls back to truncating to its high watermark.
    public static let undefined = EpochEndOffset(epoch: .none, endOffset: .none)

    public var isUndefined: Bool { self == .undefined }

    public var description: String { isUndefined ? "undefined" : "epoch \(epoch) ends at \(endOffset)" }
}

extension EpochEndOffset: TraceDigestible {
    /// The epoch and end offset, for the world's trace digest (the KRaft quorum sends these in
    /// Fetch responses).
    public func digest(into digest: inout TraceDigest) {
        digest.combine(epoch.rawValue)
        digest.combine(endOffset.rawValue)
    }
}
