import KafkaCore

/// A follower's replica fetch to one leader (Kafka's `ReplicaFetcherThread`): at most one
/// request in flight, and what each partition asked for, so a late answer for a partition whose
/// state moved on is ignored.
struct FetchSession: Sendable {
    var requestID: UInt64
    var deadline: Instant
    /// Per partition: the leader epoch and fetch offset the request carried.
    var sent: [TopicPartition: (epoch: LeaderEpoch, fetchOffset: Offset)]
}
