import KafkaCore

/// What a client knows of the cluster (Kafka's `Metadata`): the live brokers, and per partition
/// its leader and leader epoch, from the latest Metadata answers.
///
/// It is refreshed every `metadata.max.age.ms`, and sooner on demand (`requestUpdate()`, after
/// leader errors and timeouts), but never more often than every `retry.backoff.ms`. A leader
/// with an older epoch than the cached one is ignored (KIP-320: the broker asked may lag).
public struct ClusterMetadataCache: Sendable {
    /// Where a partition's writes go.
    public struct PartitionLeader: Hashable, Sendable {
        /// nil while the partition is offline.
        public var leader: BrokerID?
        public var leaderEpoch: LeaderEpoch
    }

    public let maxAge: Duration
    public let retryBackoff: Duration
    /// The brokers to ask: the bootstrap list until the first answer, then the live brokers.
    public private(set) var brokers: [BrokerID]
    /// The topics the client asks about, sorted.
    public private(set) var topics: [String] = []
    /// Per topic of `topics` (same index): its partition count, nil until known.
    private var partitionCounts: [Int32?] = []
    /// Per topic of `topics` (same index), by partition number: what the answers said. Arrays
    /// by topic position rather than dictionaries: a producer asks for a topic's partition count
    /// per record and for leaders per drain, and a lookup then compares topic names instead of
    /// hashing them.
    private var leaders: [[PartitionLeader?]] = []
    /// Where in `topics` `addingPartitionCount(of:)` found or put its topic last (a hint only:
    /// checked against the name before use, as later insertions may have moved it).
    private var lastTopicIndex = 0
    private var lastRefreshAt: Instant?
    private var lastAttemptAt: Instant?
    private var updateRequested = true
    private var nextBroker = 0

    public init(
        bootstrap: [BrokerID], maxAge: Duration = .milliseconds(300_000), retryBackoff: Duration = .milliseconds(100)
    ) {
        precondition(!bootstrap.isEmpty, "a client needs at least one bootstrap broker")
        brokers = bootstrap
        self.maxAge = maxAge
        self.retryBackoff = retryBackoff
    }

    /// The number of partitions of `topic` (all of them, online or not), nil until known.
    public func partitionCount(of topic: String) -> Int32? {
        guard let index = index(of: topic) else { return nil }
        return partitionCounts[index]
    }

    /// The partition's leader, nil when unknown or offline.
    public func leader(of topicPartition: TopicPartition) -> BrokerID? { cached(topicPartition)?.leader }

    public func leaderEpoch(of topicPartition: TopicPartition) -> LeaderEpoch? { cached(topicPartition)?.leaderEpoch }

    /// The partitions of `topic` that have a leader, ascending.
    public func availablePartitions(of topic: String) -> [Int32] {
        guard let index = index(of: topic), let count = partitionCounts[index] else { return [] }
        return (0..<count).filter { cached(TopicPartition(topic, $0))?.leader != nil }
    }

    /// Where `topic` is in `topics`, or where it would be inserted.
    private func position(of topic: String) -> (index: Int, found: Bool) { topics.sortedPosition(of: topic) }

    private func index(of topic: String) -> Int? {
        let (index, found) = position(of: topic)
        return found ? index : nil
    }

    private func cached(_ topicPartition: TopicPartition) -> PartitionLeader? {
        guard let index = index(of: topicPartition.topic) else { return nil }
        let partition = Int(topicPartition.partition)
        guard partition >= 0, partition < leaders[index].count else { return nil }
        return leaders[index][partition]
    }

    /// Starts asking about `topic`; asks at once if it is new.
    public mutating func add(topic: String) {
        _ = addingPartitionCount(of: topic)
    }

    /// `add(topic:)`, then `partitionCount(of:)`, with one lookup: a producer does both for every
    /// record it is handed. The topic found last is compared first (by `==`, which is quick for
    /// the same string), since a producer's records usually all go to one topic: that check is
    /// inlined into the producer's `send`, the search is not.
    @inline(__always)
    public mutating func addingPartitionCount(of topic: String) -> Int32? {
        if lastTopicIndex < topics.count, topics[lastTopicIndex] == topic { return partitionCounts[lastTopicIndex] }
        return addingPartitionCountBySearch(of: topic)
    }

    /// `addingPartitionCount(of:)` of a topic other than the one found last.
    @inline(never)
    private mutating func addingPartitionCountBySearch(of topic: String) -> Int32? {
        let (index, found) = position(of: topic)
        lastTopicIndex = index
        guard !found else { return partitionCounts[index] }
        topics.insert(topic, at: index)
        partitionCounts.insert(nil, at: index)
        leaders.insert([], at: index)
        updateRequested = true
        // A new topic is asked about at once, not after the backoff (Kafka's `requestUpdateForNewTopics`).
        lastAttemptAt = nil
        return nil
    }

    /// Forgets the partition's leader after a leader error, so nothing goes to it until a
    /// refresh names one, and asks for that refresh.
    public mutating func invalidateLeader(of topicPartition: TopicPartition) {
        if let index = index(of: topicPartition.topic), topicPartition.partition >= 0,
            Int(topicPartition.partition) < leaders[index].count
        {
            leaders[index][Int(topicPartition.partition)]?.leader = nil
        }
        updateRequested = true
    }

    /// Asks for a refresh as soon as the backoff allows.
    public mutating func requestUpdate() { updateRequested = true }

    /// When the next Metadata request is due.
    public var nextUpdateAt: Instant {
        if updateRequested { return lastAttemptAt.map { $0 + retryBackoff } ?? .zero }
        return (lastRefreshAt ?? .zero) + maxAge
    }

    /// A Metadata request to send now, with its broker, if one is due; marks the attempt.
    public mutating func makeRequest(at now: Instant) -> (broker: BrokerID, request: MetadataRequest)? {
        guard nextUpdateAt <= now else { return nil }
        lastAttemptAt = now
        let broker = brokers[nextBroker % brokers.count]
        nextBroker += 1
        return (broker, MetadataRequest(topics: topics))
    }

    /// The Metadata request failed or timed out: try again (another broker) after the backoff.
    public mutating func failed(at now: Instant) {
        updateRequested = true
        lastAttemptAt = now
    }

    /// Takes an answer. Topics the answer lacks or reports an error for are asked again.
    public mutating func update(with response: MetadataResponse, at now: Instant) {
        if !response.brokers.isEmpty { brokers = response.brokers.sorted() }
        lastRefreshAt = now
        updateRequested = false
        for topic in response.topics {
            guard let index = index(of: topic.name) else { continue }
            guard topic.error == .none else {
                updateRequested = true
                continue
            }
            partitionCounts[index] = Int32(topic.partitions.count)
            for partition in topic.partitions {
                let number = Int(partition.partition)
                guard number >= 0 else { continue }
                if leaders[index].count <= number {
                    leaders[index].append(contentsOf: repeatElement(nil, count: number + 1 - leaders[index].count))
                }
                if let cached = leaders[index][number], partition.leaderEpoch < cached.leaderEpoch { continue }
                let leader = partition.error == .none ? partition.leader : nil
                leaders[index][number] = PartitionLeader(leader: leader, leaderEpoch: partition.leaderEpoch)
                if leader == nil { updateRequested = true }
            }
        }
        for topic in topics where !response.topics.contains(where: { $0.name == topic }) { updateRequested = true }
    }
}
