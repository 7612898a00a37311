import KafkaCore

/// A Fetch that found less than `minBytes` and waits for more, or for `maxWait` (Kafka's
/// `DelayedFetch`).
///
/// `fetches` are the partitions it reads (for an incremental fetch, every partition of the
/// session), checked without reading records until enough bytes wait (`Broker.canComplete`);
/// the read happens once, when it completes. `replicas` are this broker's replicas of them, as
/// the partition table held them at `generation`.
struct DelayedFetch {
    var id: UInt64
    var from: NodeID
    var request: FetchRequest
    var context: FetchContext
    var fetches: [FetchPartition]
    var replicas: [Partition?]
    var generation: UInt64
    var deadline: Instant

    func touches(_ topicPartition: TopicPartition) -> Bool {
        fetches.contains { $0.topicPartition == topicPartition }
    }
}
