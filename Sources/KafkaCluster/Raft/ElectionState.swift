import KafkaCore

/// What a quorum member must remember across a restart (Kafka's `quorum-state` file): the
/// current epoch, whom it voted for in that epoch, and the leader it knows of.
///
/// The node hands it to its host after every change (`RaftNode.election`); the host persists it
/// before the messages of that step leave, and passes it back when it restarts the node, so a
/// voter never votes twice in one epoch.
public struct ElectionState: Hashable, Sendable, CustomStringConvertible {
    public var epoch: LeaderEpoch
    public var votedID: NodeID?
    public var leaderID: NodeID?

    public init(epoch: LeaderEpoch = LeaderEpoch(0), votedID: NodeID? = nil, leaderID: NodeID? = nil) {
        precondition(epoch.rawValue >= 0, "the quorum epoch is never negative: \(epoch)")
        self.epoch = epoch
        self.votedID = votedID
        self.leaderID = leaderID
    }

    public var description: String {
        "epoch \(epoch), voted \(votedID.map(String.init(describing:)) ?? "-"), "
            + "leader \(leaderID.map(String.init(describing:)) ?? "-")"
    }
}
