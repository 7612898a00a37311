import KafkaCore

/// What a `ProducerWorkload` sends: how many records, to which topic, with which `acks`, and
/// how hard it pipelines (Kafka's `max.in.flight.requests.per.connection`, here per partition).
public struct ProducerWorkloadConfig: Hashable, Sendable {
    public var topic: String
    /// Partitions `0..<partitions` of `topic` receive batches round-robin.
    public var partitions: Int32
    /// 0, 1 or -1 (`all`).
    public var acks: Int16
    /// The record budget: the workload is finished once this many records are acknowledged
    /// (with `acks=0`: sent).
    public var records: Int
    /// Produce requests in flight per partition.
    public var maxInFlight: Int
    public var valueBytes: Int
    /// Records go into batches of about this size (the producer's `batch.size`).
    public var batchBytes: Int
    /// The broker asked for metadata first (`bootstrap.servers`).
    public var bootstrap: BrokerID
    /// How long a request may go unanswered before it is retried (`request.timeout.ms`); also
    /// the produce timeout the leader gets.
    public var requestTimeout: Duration
    /// The pause before a partition is retried after an error (`retry.backoff.ms`).
    public var retryBackoff: Duration
    /// With `acks=0` no answer paces the producer: every `unacknowledgedInterval` it sends up to
    /// `maxInFlight` more batches per partition, standing in for a socket's backpressure.
    public var unacknowledgedInterval: Duration

    public init(
        topic: String, partitions: Int32, acks: Int16, records: Int, bootstrap: BrokerID = BrokerID(1),
        maxInFlight: Int = 5, valueBytes: Int = 100, batchBytes: Int = 16_384,
        requestTimeout: Duration = .seconds(30), retryBackoff: Duration = .milliseconds(100),
        unacknowledgedInterval: Duration = .microseconds(500)
    ) {
        precondition(
            partitions >= 1 && partitions <= Int32(ProducerWorkload.partitionLimit),
            "a workload writes to 1 to \(ProducerWorkload.partitionLimit) partitions, not \(partitions)")
        precondition([-1, 0, 1].contains(acks), "acks is 0, 1 or -1, not \(acks)")
        precondition(records >= 0, "the record budget cannot be negative: \(records)")
        precondition(maxInFlight >= 1, "at least one request in flight, not \(maxInFlight)")
        precondition(valueBytes >= 0 && batchBytes > valueBytes, "values of \(valueBytes) B in \(batchBytes) B batches")
        precondition(
            requestTimeout > .zero && retryBackoff > .zero && unacknowledgedInterval > .zero,
            "timeouts and intervals must be positive")
        self.topic = topic
        self.partitions = partitions
        self.acks = acks
        self.records = records
        self.bootstrap = bootstrap
        self.maxInFlight = maxInFlight
        self.valueBytes = valueBytes
        self.batchBytes = batchBytes
        self.requestTimeout = requestTimeout
        self.retryBackoff = retryBackoff
        self.unacknowledgedInterval = unacknowledgedInterval
    }
}
