import KafkaCore

/// What quorum members (and observers) say to each other: KIP-595's Vote, BeginQuorumEpoch
/// and Fetch, requests and responses. The sender is the envelope's `from`.
public enum RaftMessage: Hashable, Sendable {
    case voteRequest(VoteRequest)
    case voteResponse(VoteResponse)
    /// A new leader announces itself to the voters of `epoch`.
    case beginQuorumEpochRequest(epoch: LeaderEpoch)
    /// A voter acknowledges (or, with a larger epoch, refuses) a BeginQuorumEpoch.
    case beginQuorumEpochResponse(epoch: LeaderEpoch, leaderID: NodeID?)
    case fetchRequest(RaftFetchRequest)
    case fetchResponse(RaftFetchResponse)
}
