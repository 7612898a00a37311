import KafkaCore

/// A candidate's volatile state: the votes so far and where it is in its election.
public struct CandidateState: Hashable, Sendable {
    /// Voters that granted the vote, the candidate itself first; kept sorted after that.
    public var granted: [NodeID]
    /// Voters that refused.
    public var rejected: [NodeID] = []
    /// Elections stood in a row without a leader (1 for the first); scales the backoff.
    public var retries: Int
    /// When the election is lost for lack of votes.
    public var electionDeadline: Instant
    /// Set once the election is lost: the next candidacy starts then.
    public var backoffUntil: Instant?

    public init(granted: [NodeID], retries: Int, electionDeadline: Instant) {
        precondition(retries >= 1, "a candidacy is retry 1 or later, not \(retries)")
        self.granted = granted
        self.retries = retries
        self.electionDeadline = electionDeadline
    }
}
