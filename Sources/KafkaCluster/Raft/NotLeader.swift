import KafkaCore

/// A proposal reached a member that is not the active leader: retry at `leaderHint` (nil when
/// no leader is known in `epoch`, for instance during an election).
public struct NotLeader: Error, Hashable, Sendable {
    public let epoch: LeaderEpoch
    public let leaderHint: NodeID?

    public init(epoch: LeaderEpoch, leaderHint: NodeID?) {
        self.epoch = epoch
        self.leaderHint = leaderHint
    }
}
