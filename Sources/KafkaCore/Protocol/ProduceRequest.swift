/// A Produce request as the brokers' entry point sees it (Kafka's `ProduceRequest` v3+, decoded):
/// one record batch per partition, the acknowledgement mode and how long the leader may wait
/// for the ISR.
///
/// The simulated clients build these directly; the wire server translates frames into them, so
/// both reach the same broker code.
public struct ProduceRequest: Hashable, Sendable {
    /// `acks`: 0 (no response), 1 (leader append) or -1 (`all`: the ISR has it). Anything else
    /// is answered with `INVALID_REQUIRED_ACKS`.
    public var acks: Int16
    /// `timeout` (the producer's `request.timeout.ms`): how long an `acks=all` request may wait
    /// in purgatory for the high watermark.
    public var timeout: Duration
    /// The batches, one per partition, in the order the client sent them.
    public var partitions: [ProducePartitionData]

    public init(acks: Int16, timeout: Duration = .milliseconds(30_000), partitions: [ProducePartitionData]) {
        self.acks = acks
        self.timeout = timeout
        self.partitions = partitions
    }

    /// `acks=all`.
    public static let acksAll: Int16 = -1
}

/// The records for one partition of a Produce request.
public struct ProducePartitionData: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var batch: RecordBatch

    public init(_ topicPartition: TopicPartition, batch: RecordBatch) {
        self.topicPartition = topicPartition
        self.batch = batch
    }
}

/// The leader's answer to a Produce request: one entry per partition, in request order.
public struct ProduceResponse: Hashable, Sendable {
    public var partitions: [ProducePartitionResponse]

    public init(partitions: [ProducePartitionResponse]) {
        self.partitions = partitions
    }
}

/// One partition's outcome: the offset the batch got (`-1` on error) or the error.
public struct ProducePartitionResponse: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var error: KafkaError
    /// The offset of the batch's first record.
    public var baseOffset: Offset
    /// The append time under `LogAppendTime`, -1 otherwise.
    public var logAppendTime: Int64
    public var logStartOffset: Offset

    public init(
        _ topicPartition: TopicPartition, error: KafkaError, baseOffset: Offset = .none, logAppendTime: Int64 = -1,
        logStartOffset: Offset = .none
    ) {
        self.topicPartition = topicPartition
        self.error = error
        self.baseOffset = baseOffset
        self.logAppendTime = logAppendTime
        self.logStartOffset = logStartOffset
    }
}
