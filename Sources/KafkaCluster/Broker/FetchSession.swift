import KafkaCore

/// A follower's replica fetch to one leader (Kafka's `ReplicaFetcherThread`): at most one
/// request in flight, and what each partition asked for, so a late answer for a partition whose
/// state moved on is ignored.
struct FetchSession: Sendable {
    var requestID: UInt64
    var deadline: Instant
    /// Per partition, in the request's order: the leader epoch and fetch offset it carried.
    var sent: [SentFetch]

    /// What the request carried for `topicPartition`; `position` (where the answer lists it) is
    /// looked at first, as answers list partitions in the request's order.
    func sent(_ topicPartition: TopicPartition, at position: Int) -> SentFetch? {
        if position < sent.count && sent[position].topicPartition == topicPartition { return sent[position] }
        return sent.last { $0.topicPartition == topicPartition }
    }
}

/// One partition of a replica fetch: the leader epoch and fetch offset the request carried.
struct SentFetch: Sendable {
    var topicPartition: TopicPartition
    var epoch: LeaderEpoch
    var fetchOffset: Offset
}
