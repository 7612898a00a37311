import KafkaCore

/// The leader's volatile state for its epoch (Kafka's `LeaderState`).
public struct LeaderState: Hashable, Sendable {
    /// The offset of the leader-change record that opened the epoch; the high watermark moves
    /// only past it.
    public let epochStartOffset: Offset
    /// Every voter but the leader, and each observer that has fetched. A dictionary for lookups
    /// only: anything that iterates goes through sorted keys.
    public var replicas: [NodeID: ReplicaProgress]
    /// Fetches held until there is something new or they expire.
    public var parked: [NodeID: ParkedFetch] = [:]
    /// When BeginQuorumEpoch next goes to voters that have not acknowledged the epoch.
    public var beginQuorumEpochDueAt: Instant

    public init(epochStartOffset: Offset, replicas: [NodeID: ReplicaProgress], beginQuorumEpochDueAt: Instant) {
        self.epochStartOffset = epochStartOffset
        self.replicas = replicas
        self.beginQuorumEpochDueAt = beginQuorumEpochDueAt
    }
}
