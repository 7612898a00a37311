import KafkaCore

/// An `acks=all` Produce request in purgatory (Kafka's `DelayedProduce`): each appended
/// partition waits for the high watermark to pass its last offset, or the request's timeout.
struct DelayedProduce: Sendable {
    var id: UInt64
    var client: NodeID
    var deadline: Instant
    /// One entry per partition of the request, in request order; `waitingFor` is set while the
    /// partition's answer depends on the high watermark.
    var partitions: [DelayedProducePartition]

    var isComplete: Bool { partitions.allSatisfy { $0.waitingFor == nil } }
}

/// One partition of a delayed Produce: its answer so far, and the offset the high watermark
/// must reach.
struct DelayedProducePartition: Sendable {
    var response: ProducePartitionResponse
    var waitingFor: Offset?
}
