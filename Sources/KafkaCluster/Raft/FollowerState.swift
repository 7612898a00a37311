import KafkaCore

/// A follower's (or an attached observer's) volatile state: whom it fetches from and when.
public struct FollowerState: Hashable, Sendable {
    public let leader: NodeID
    /// Past this instant without a response from the leader, a voter stands for election and an
    /// observer goes looking for the leader (`quorum.fetch.timeout.ms`).
    public var fetchDeadline: Instant
    /// When the next Fetch goes out: at once after a response, a request timeout after a send.
    public var nextFetchAt: Instant
    /// Whether a Fetch to the leader was answered in this epoch: such a follower refuses
    /// pre-votes (KIP-996), as it knows the leader is alive.
    public var hasFetchedFromLeader = false

    public init(leader: NodeID, fetchDeadline: Instant, nextFetchAt: Instant) {
        self.leader = leader
        self.fetchDeadline = fetchDeadline
        self.nextFetchAt = nextFetchAt
    }
}
