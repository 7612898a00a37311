import KafkaCore

/// A Fetch that found less than `minBytes` and waits for more, or for `maxWait` (Kafka's
/// `DelayedFetch`).
struct DelayedFetch: Sendable {
    var id: UInt64
    var from: NodeID
    var request: FetchRequest
    var deadline: Instant

    func touches(_ topicPartition: TopicPartition) -> Bool {
        request.partitions.contains { $0.topicPartition == topicPartition }
    }
}
