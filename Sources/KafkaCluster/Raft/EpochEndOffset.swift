import KafkaCore

/// Where one epoch's records end in a log: the answer to "what is your end offset for epoch E?"
/// (Kafka's `OffsetAndEpoch` from `endOffsetForEpoch`).
///
/// `epoch` is the largest epoch in the log that is at most the one asked about (0 when there is
/// none), and `endOffset` the offset just past its last record, so a replica whose log agrees up
/// to `endOffset` can keep it and must truncate the rest.
public struct EpochEndOffset: Hashable, Sendable, CustomStringConvertible {
    public let epoch: LeaderEpoch
    public let endOffset: Offset

    public init(epoch: LeaderEpoch, endOffset: Offset) {
        self.epoch = epoch
        self.endOffset = endOffset
    }

    public var description: String { "epoch \(epoch) ends at \(endOffset)" }
}

extension EpochEndOffset: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        digest.combine(epoch.rawValue)
        digest.combine(endOffset.rawValue)
    }
}
