/// The five health buckets every partition falls into, worst first when counted for the header.
///
/// The thresholds use the effective minimum ISR, `min(min.insync.replicas, replication factor)`,
/// as Kafka's own `AtMinIsr`/`UnderMinIsr` metrics do.
public enum PartitionHealth: Int, Hashable, Sendable, CaseIterable, Comparable {
    /// No leader: nobody can produce or consume.
    case offline
    /// Fewer in-sync replicas than the effective minimum: `acks=all` produce fails.
    case underMinISR
    /// Exactly the effective minimum in sync: one more failure stops `acks=all` produce.
    case atMinISR
    /// Some replica is out of sync, but more than the minimum are in sync.
    case underReplicated
    /// Every replica is in sync.
    case healthy

    public static func < (lhs: PartitionHealth, rhs: PartitionHealth) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Classifies one partition.
    /// - Parameters:
    ///   - hasLeader: whether the partition has a live leader.
    ///   - isrCount: replicas in the ISR.
    ///   - replicationFactor: replicas assigned.
    ///   - minInsyncReplicas: the topic's `min.insync.replicas`.
    public static func classify(
        hasLeader: Bool, isrCount: Int, replicationFactor: Int, minInsyncReplicas: Int
    ) -> PartitionHealth {
        guard hasLeader else { return .offline }
        let effectiveMinISR = min(minInsyncReplicas, replicationFactor)
        if isrCount < effectiveMinISR { return .underMinISR }
        if isrCount == effectiveMinISR && isrCount < replicationFactor { return .atMinISR }
        if isrCount < replicationFactor { return .underReplicated }
        return .healthy
    }

    /// The word the console shows.
    public var label: String {
        switch self {
        case .offline: "offline"
        case .underMinISR: "under-min-ISR"
        case .atMinISR: "at-min-ISR"
        case .underReplicated: "under-replicated"
        case .healthy: "healthy"
        }
    }
}
