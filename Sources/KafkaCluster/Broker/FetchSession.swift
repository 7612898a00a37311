import KafkaCore

/// A leader's incremental fetch session with one fetcher (Kafka's `FetchSession`, KIP-227): the
/// partitions the fetcher follows, in order, with their cached state, so that requests carry
/// only changes and answers only news.
///
/// The epoch is the one the next incremental request must carry: 1 when the session is created,
/// one more after every incremental request accepted.
struct FetchSession: Sendable {
    let id: Int32
    /// The follower that created the session; `nil` for a consumer.
    let replicaID: BrokerID?
    var epoch: Int32
    let creationTime: Instant
    var lastUsedTime: Instant
    /// The session's partitions in fetch order; partitions that return records move to the end,
    /// so that `fetch.max.bytes` goes round the partitions fairly.
    private(set) var partitions: [CachedPartition]

    init(id: Int32, replicaID: BrokerID?, partitions: [CachedPartition], now: Instant) {
        self.id = id
        self.replicaID = replicaID
        self.partitions = partitions
        epoch = FetchMetadata.nextEpoch(after: FetchMetadata.initialEpoch)
        creationTime = now
        lastUsedTime = now
    }

    /// Follower sessions are privileged: only they may evict a recently created session.
    var privileged: Bool { replicaID != nil }

    /// The fetch state of every partition, in session order: what an incremental fetch reads.
    var fetches: [FetchPartition] { partitions.map(\.fetch) }

    /// Kafka's `FetchSession.update`: partitions of an incremental request are added or take
    /// their new fetch state; forgotten ones leave. Partitions the request omits keep their
    /// state, which is how the leader still knows every follower's fetch offset.
    mutating func update(_ fetches: [FetchPartition], forgetting forgotten: [TopicPartition]) {
        if !forgotten.isEmpty {
            partitions.removeAll { cached in forgotten.contains(cached.topicPartition) }
        }
        for fetch in fetches {
            if let index = partitions.firstIndex(where: { $0.topicPartition == fetch.topicPartition }) {
                partitions[index].update(fetch)
            } else {
                partitions.append(CachedPartition(fetch))
            }
        }
    }

    /// Kafka's `IncrementalFetchContext.updateAndGenerateResponseData`: keeps the answers that
    /// must go out, remembers what they tell, and moves the partitions that returned records to
    /// the end of the session. `answers` are in session order, one per partition.
    mutating func incrementalAnswers(_ answers: [FetchPartitionResponse]) -> [FetchPartitionResponse] {
        precondition(
            answers.count == partitions.count,
            "fetch session \(id): \(answers.count) answers for \(partitions.count) partitions")
        var kept: [FetchPartitionResponse] = []
        var stay: [CachedPartition] = []
        var moved: [CachedPartition] = []
        stay.reserveCapacity(partitions.count)
        for (index, answer) in answers.enumerated() {
            var cached = partitions[index]
            precondition(
                cached.topicPartition == answer.topicPartition,
                "fetch session \(id): answer for \(answer.topicPartition) where \(cached.topicPartition) was read")
            if cached.mustRespond(answer) { kept.append(answer) }
            if answer.records.isEmpty { stay.append(cached) } else { moved.append(cached) }
        }
        partitions = stay + moved
        return kept
    }
}
