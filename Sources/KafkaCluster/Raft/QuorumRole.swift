import KafkaCore

/// Where a quorum member stands in its current epoch (Kafka's `EpochState` classes).
///
/// Transitions (`E` is the persisted epoch; any message with a larger epoch first moves a
/// member to `unattached` of that epoch, or to `follower` when it names the leader):
///
/// | from | event | to |
/// |---|---|---|
/// | unattached | grants a Vote in `E` | voted |
/// | unattached, voted | election timeout (voters only) | prospective, `E` |
/// | prospective | pre-votes from a majority (KIP-996) | candidate, `E + 1` |
/// | prospective | election timeout, or refused by a majority | follower of the leader it knew, else unattached |
/// | unattached, voted, prospective, candidate | BeginQuorumEpoch or a Fetch answer from the leader of `E` | follower |
/// | candidate | votes from a majority | leader (appends a leader-change record) |
/// | candidate | election timeout, or refused by a majority | candidate backing off, then prospective |
/// | follower | no answer from the leader for `quorum.fetch.timeout.ms` | prospective, `E` (observer: unattached) |
/// | leader | no Fetch from a majority for 1.5 × the fetch timeout | resigned |
/// | resigned | election timeout | prospective, `E` |
///
/// Observers (members that are not voters) are only ever `unattached` (looking for the leader)
/// or `follower`.
public enum QuorumRole: Hashable, Sendable {
    /// No leader known in this epoch and no vote cast. A voter stands for election at
    /// `electionDeadline` (nil until its first tick); an observer fetches from the next voter
    /// at `nextFetchAt` to find the leader.
    case unattached(electionDeadline: Instant?, nextFetchAt: Instant?)
    /// Voted for the election state's `votedID` in this epoch; no leader known yet.
    case voted(electionDeadline: Instant)
    /// Asking the voters whether it could win before standing (KIP-996 PreVote).
    case prospective(ProspectiveState)
    case candidate(CandidateState)
    case leader(LeaderState)
    case follower(FollowerState)
    /// A leader that lost its quorum: it serves nothing and waits to stand again.
    case resigned(electionDeadline: Instant)

    /// `leader`, `follower 3`…: for messages and tests.
    public var name: String {
        switch self {
        case .unattached: "unattached"
        case .voted: "voted"
        case .prospective: "prospective"
        case .candidate: "candidate"
        case .leader: "leader"
        case .follower: "follower"
        case .resigned: "resigned"
        }
    }
}
