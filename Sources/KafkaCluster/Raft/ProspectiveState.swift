import KafkaCore

/// A voter whose election timer ran out asks the others whether it could win (KIP-996
/// PreVote) before it stands: its epoch and vote stay as they were.
public struct ProspectiveState: Hashable, Sendable {
    /// Voters that granted the pre-vote, the prospective itself first.
    public var granted: [NodeID]
    public var rejected: [NodeID] = []
    /// Elections stood in a row without a leader (1 for the first); scales the backoff.
    public var retries: Int
    /// When the pre-vote is lost for lack of answers.
    public var electionDeadline: Instant

    public init(granted: [NodeID], retries: Int, electionDeadline: Instant) {
        precondition(retries >= 1, "a pre-vote is retry 1 or later, not \(retries)")
        self.granted = granted
        self.retries = retries
        self.electionDeadline = electionDeadline
    }
}
