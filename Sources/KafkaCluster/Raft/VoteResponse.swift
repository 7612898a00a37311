import KafkaCore

/// A voter's answer: its epoch after handling the request, the leader it knows, and the vote.
public struct VoteResponse: Hashable, Sendable {
    public let epoch: LeaderEpoch
    public let leaderID: NodeID?
    public let voteGranted: Bool

    public init(epoch: LeaderEpoch, leaderID: NodeID?, voteGranted: Bool) {
        self.epoch = epoch
        self.leaderID = leaderID
        self.voteGranted = voteGranted
    }
}
