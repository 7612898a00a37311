import KafkaCore

/// What a leader knows about one replica that fetches from it.
public struct ReplicaProgress: Hashable, Sendable {
    /// The end offset the replica's log is known to share with the leader's (its last valid
    /// fetch offset in this epoch); nil until it has fetched.
    public var endOffset: Offset?
    /// When it last fetched (the leader's election, before any fetch).
    public var lastFetch: Instant
    /// Whether it has acknowledged the epoch, by BeginQuorumEpoch response or by fetching.
    public var acknowledged: Bool

    public init(endOffset: Offset? = nil, lastFetch: Instant, acknowledged: Bool = false) {
        self.endOffset = endOffset
        self.lastFetch = lastFetch
        self.acknowledged = acknowledged
    }
}
