import KafkaCore

/// An `acks=all` Produce request in purgatory (Kafka's `DelayedProduce`): each appended
/// partition waits for the high watermark to pass its last offset, or the request's timeout.
///
/// The answer is kept as it will be sent (`responses`), with the partitions still waiting beside
/// it, so that answering hands the list over as it is (no list of answers built from the
/// partitions' states per request) and settling finds each waiting replica without a lookup
/// by topic name.
struct DelayedProduce {
    var id: UInt64
    var client: NodeID
    var deadline: Instant
    /// One answer per partition of the request, in request order, as it stands.
    var responses: [ProducePartitionResponse]
    /// The partitions whose answer depends on the high watermark, in request order. (Before
    /// the first settle, every partition appended or found duplicate: `handleProduce` tries the
    /// parked fetches on the replicas these appends grew, whatever the acks.)
    var waiting: [DelayedProduceWait]

    var isComplete: Bool { waiting.isEmpty }
}

/// One partition of a delayed Produce whose answer waits: where its answer sits in
/// `DelayedProduce.responses`, the offset the high watermark must pass, and the replica the
/// append found (`nil` for a duplicate, which appended nothing).
struct DelayedProduceWait {
    let position: Int
    let lastOffset: Offset
    let replica: ResolvedReplica?
}
