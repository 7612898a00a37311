/// A Fetch request (Kafka's `FetchRequest` v12 semantics, decoded), from a consumer or from a
/// follower replica (`replicaID` set).
///
/// The leader answers at once when it has `minBytes` to return, and otherwise parks the request
/// until it has them or `maxWait` has passed (delayed fetch).
///
/// Followers fetch in incremental fetch sessions (KIP-227, see `FetchMetadata`): once the leader
/// has a session for them, `partitions` lists only the partitions whose fetch state changed and
/// `forgottenPartitions` those to drop; the leader keeps the rest from earlier requests.
public struct FetchRequest: Hashable, Sendable {
    /// The fetching follower, `nil` for a consumer.
    public var replicaID: BrokerID?
    /// The follower's broker epoch (KIP-903), -1 for consumers.
    public var replicaEpoch: Int64
    /// `fetch.max.wait.ms` / `replica.fetch.wait.max.ms`.
    public var maxWait: Duration
    /// `fetch.min.bytes` / `replica.fetch.min.bytes`.
    public var minBytes: Int
    /// `fetch.max.bytes` / `replica.fetch.response.max.bytes`.
    public var maxBytes: Int
    public var isolationLevel: IsolationLevel
    /// The fetch session and its epoch; `.sessionless` for a full fetch without one.
    public var session: FetchMetadata
    /// Partitions an incremental fetch removes from its session (`forgotten_topics_data`).
    public var forgottenPartitions: [TopicPartition]
    public var partitions: [FetchPartition]

    public init(
        replicaID: BrokerID? = nil, replicaEpoch: Int64 = -1, maxWait: Duration = .milliseconds(500), minBytes: Int = 1,
        maxBytes: Int = 52_428_800, isolationLevel: IsolationLevel = .readUncommitted,
        session: FetchMetadata = .sessionless, forgottenPartitions: [TopicPartition] = [], partitions: [FetchPartition]
    ) {
        self.replicaID = replicaID
        self.replicaEpoch = replicaEpoch
        self.maxWait = maxWait
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.session = session
        self.forgottenPartitions = forgottenPartitions
        self.partitions = partitions
    }
}

/// What to fetch from one partition.
public struct FetchPartition: Hashable, Sendable {
    public var topicPartition: TopicPartition
    /// The leader epoch the fetcher believes current (KIP-320), `nil` to skip the check.
    public var currentLeaderEpoch: LeaderEpoch?
    public var fetchOffset: Offset
    /// The epoch of the last batch the fetcher holds, for the divergence check; `nil` for none.
    public var lastFetchedEpoch: LeaderEpoch?
    /// The follower's log start offset (-1 for consumers).
    public var logStartOffset: Offset
    /// `max.partition.fetch.bytes` / `replica.fetch.max.bytes`.
    public var partitionMaxBytes: Int

    public init(
        _ topicPartition: TopicPartition, fetchOffset: Offset, currentLeaderEpoch: LeaderEpoch? = nil,
        lastFetchedEpoch: LeaderEpoch? = nil, logStartOffset: Offset = .none, partitionMaxBytes: Int = 1_048_576
    ) {
        self.topicPartition = topicPartition
        self.currentLeaderEpoch = currentLeaderEpoch
        self.fetchOffset = fetchOffset
        self.lastFetchedEpoch = lastFetchedEpoch
        self.logStartOffset = logStartOffset
        self.partitionMaxBytes = partitionMaxBytes
    }
}

/// `isolation.level`: read up to the high watermark, or only up to the last stable offset.
public enum IsolationLevel: Int8, Hashable, Sendable {
    case readUncommitted = 0
    case readCommitted = 1
}

/// The answer to a Fetch: one entry per requested partition, in request order; in an
/// incremental fetch session, only the session's partitions with records or with news (high
/// watermark, log start offset, error, diverging epoch), in the session's order.
public struct FetchResponse: Hashable, Sendable {
    /// A session-level error (`FETCH_SESSION_ID_NOT_FOUND`, `INVALID_FETCH_SESSION_EPOCH`), which
    /// comes with no partitions.
    public var error: KafkaError
    /// The fetch session the leader keeps for the fetcher, 0 for none.
    public var sessionID: Int32
    public var partitions: [FetchPartitionResponse]

    public init(
        error: KafkaError = .none, sessionID: Int32 = FetchMetadata.invalidSessionID,
        partitions: [FetchPartitionResponse]
    ) {
        self.error = error
        self.sessionID = sessionID
        self.partitions = partitions
    }

    /// Bytes of records in the response.
    public var recordBytes: Int { partitions.reduce(0) { $0 + $1.records.count } }
}

/// One partition of a Fetch answer: the leader's offsets, the records, or why there are none.
public struct FetchPartitionResponse: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var error: KafkaError
    public var highWatermark: Offset
    public var lastStableOffset: Offset
    public var logStartOffset: Offset
    /// Set when the fetcher's log diverges from the leader's: truncate to at most this epoch's
    /// end offset and fetch again (no records come with it).
    public var divergingEpoch: EpochEndOffset?
    /// Whole record batches, byte for byte as the leader stores them.
    public var records: [UInt8]

    public init(
        _ topicPartition: TopicPartition, error: KafkaError, highWatermark: Offset = .none,
        lastStableOffset: Offset = .none, logStartOffset: Offset = .none, divergingEpoch: EpochEndOffset? = nil,
        records: [UInt8] = []
    ) {
        self.topicPartition = topicPartition
        self.error = error
        self.highWatermark = highWatermark
        self.lastStableOffset = lastStableOffset
        self.logStartOffset = logStartOffset
        self.divergingEpoch = divergingEpoch
        self.records = records
    }
}
