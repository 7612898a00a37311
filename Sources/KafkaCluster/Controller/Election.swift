/// How a partition change may pick its leader (Kafka's `PartitionChangeBuilder.Election`).
public enum Election: Hashable, Sendable {
    /// Prefer `replicas[0]` when it is in the ISR and alive.
    case preferred
    /// Keep a valid leader, else the first ISR replica in assignment order that is alive.
    case clean
    /// As `clean`, falling back to the first live replica outside the ISR, which then becomes
    /// the whole ISR and RECOVERING (`unclean.leader.election.enable`).
    case unclean
}
