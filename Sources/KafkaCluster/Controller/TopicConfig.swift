/// The per-topic settings the controller's decisions depend on (Kafka keeps these in
/// `ConfigRecord`s; here they travel in the topic record).
public struct TopicConfig: Hashable, Sendable {
    /// `min.insync.replicas` (default 1).
    public var minInsyncReplicas: Int32
    /// `unclean.leader.election.enable` (default false).
    public var uncleanLeaderElectionEnable: Bool

    public init(minInsyncReplicas: Int32 = 1, uncleanLeaderElectionEnable: Bool = false) {
        self.minInsyncReplicas = minInsyncReplicas
        self.uncleanLeaderElectionEnable = uncleanLeaderElectionEnable
    }
}
