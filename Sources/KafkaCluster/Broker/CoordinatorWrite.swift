import KafkaCore

/// Records a group coordinator appended to its `__consumer_offsets` partition, and the answers
/// that wait for them to be committed (Kafka's coordinator runtime's deferred events).
struct CoordinatorWrite: Sendable {
    var partition: Int32
    /// The last offset appended; answers go once the high watermark passes it.
    var lastOffset: Offset
    var replies: [GroupReply]
}
