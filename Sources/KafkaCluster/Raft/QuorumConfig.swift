import KafkaCore

/// The timeouts of a KRaft controller quorum (`quorum.*` configs), with Kafka's defaults.
public struct QuorumConfig: Hashable, Sendable {
    /// `quorum.election.timeout.ms`: how long a voter without a leader waits before it stands
    /// for election. Each wait is drawn from `electionTimeout + random(0 ..< electionTimeout)`.
    public var electionTimeout: Duration
    /// `quorum.fetch.timeout.ms`: a follower that has heard nothing from its leader for this
    /// long stands for election (an observer looks for the leader elsewhere).
    public var fetchTimeout: Duration
    /// `quorum.election.backoff.max.ms`: the cap of the randomized, exponential backoff a
    /// candidate waits after losing an election.
    public var electionBackoffMax: Duration
    /// The unit of that backoff (Kafka's `RETRY_BACKOFF_BASE_MS`).
    public var electionBackoffBase: Duration
    /// `quorum.request.timeout.ms`: a request without a response is sent again after this long.
    public var requestTimeout: Duration
    /// `quorum.retry.backoff.ms`: the pause before retrying a request that failed.
    public var retryBackoff: Duration
    /// How long the leader holds a Fetch that finds nothing new (Kafka's fetch max wait).
    public var fetchMaxWait: Duration
    /// The most records one Fetch response carries.
    public var fetchMaxRecords: Int

    public init(
        electionTimeout: Duration = .milliseconds(1000), fetchTimeout: Duration = .milliseconds(2000),
        electionBackoffMax: Duration = .milliseconds(1000), electionBackoffBase: Duration = .milliseconds(50),
        requestTimeout: Duration = .milliseconds(2000), retryBackoff: Duration = .milliseconds(20),
        fetchMaxWait: Duration = .milliseconds(500), fetchMaxRecords: Int = 100
    ) {
        self.electionTimeout = electionTimeout
        self.fetchTimeout = fetchTimeout
        self.electionBackoffMax = electionBackoffMax
        self.electionBackoffBase = electionBackoffBase
        self.requestTimeout = requestTimeout
        self.retryBackoff = retryBackoff
        self.fetchMaxWait = fetchMaxWait
        self.fetchMaxRecords = fetchMaxRecords
        checkInvariants()
    }

    /// A leader resigns when a majority of voters has not fetched for this long (Kafka: 1.5 ×
    /// the fetch timeout), so a leader cut off with a minority stops claiming the quorum.
    public var checkQuorumTimeout: Duration { Duration(microseconds: fetchTimeout.microseconds * 3 / 2) }

    /// How often the leader repeats BeginQuorumEpoch to voters that have not acknowledged it.
    public var beginQuorumEpochInterval: Duration { Duration(microseconds: fetchTimeout.microseconds / 2) }

    public func checkInvariants() {
        precondition(electionTimeout > .zero, "quorum.election.timeout.ms must be positive: \(electionTimeout)")
        precondition(fetchTimeout > .zero, "quorum.fetch.timeout.ms must be positive: \(fetchTimeout)")
        precondition(electionBackoffMax >= .zero, "quorum.election.backoff.max.ms is negative: \(electionBackoffMax)")
        precondition(electionBackoffBase > .zero, "the election backoff base must be positive: \(electionBackoffBase)")
        precondition(requestTimeout > .zero, "quorum.request.timeout.ms must be positive: \(requestTimeout)")
        precondition(retryBackoff > .zero, "quorum.retry.backoff.ms must be positive: \(retryBackoff)")
        precondition(fetchMaxWait > .zero, "the fetch max wait must be positive: \(fetchMaxWait)")
        precondition(fetchMaxWait < fetchTimeout, "fetch max wait \(fetchMaxWait) must be below \(fetchTimeout)")
        precondition(fetchMaxRecords > 0, "a Fetch must carry at least one record: \(fetchMaxRecords)")
    }
}
