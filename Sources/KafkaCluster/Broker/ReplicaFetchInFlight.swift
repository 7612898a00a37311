import KafkaCore

/// A follower's replica fetch in flight to one leader (Kafka's `ReplicaFetcherThread` waits for
/// one answer at a time): which request it was, and when to give up on it. What each partition
/// asked for is the fetch session handler's view (`FetchSessionHandler.sessionPartitions`), so a
/// late answer for a partition whose state moved on is ignored.
struct ReplicaFetchInFlight: Sendable {
    var requestID: UInt64
    var deadline: Instant
}
