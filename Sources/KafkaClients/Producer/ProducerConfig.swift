import KafkaCore

/// A producer's configuration, named as Kafka's `ProducerConfig` (Swift-cased, units last),
/// with Kafka 4.0's defaults (reference §7).
public struct ProducerConfig: Hashable, Sendable {
    /// `bootstrap.servers`: brokers to ask for metadata first.
    public var bootstrap: [BrokerID]
    /// `acks`: 0, 1 or -1 (`all`).
    public var acks: Int16 = ProduceRequest.acksAll
    /// `enable.idempotence`: nil is the default (on unless it conflicts with `acks`, `retries`
    /// or `max.in.flight.requests.per.connection`, then silently off); true with a conflict is
    /// refused by `init` (`ProducerConfigError`).
    public var enableIdempotence: Bool?
    /// `retries`.
    public var retries: Int32 = .max
    /// `delivery.timeout.ms`: the whole life of a record from `send` to its report.
    public var deliveryTimeout: Duration = .milliseconds(120_000)
    /// `request.timeout.ms`: one attempt's wait for an answer.
    public var requestTimeout: Duration = .milliseconds(30_000)
    /// `retry.backoff.ms`, doubled per attempt up to `retry.backoff.max.ms` (no jitter here).
    public var retryBackoff: Duration = .milliseconds(100)
    public var retryBackoffMax: Duration = .milliseconds(1000)
    /// `max.in.flight.requests.per.connection`.
    public var maxInFlightRequestsPerConnection = 5
    /// `batch.size`.
    public var batchSizeBytes = 16_384
    /// `linger.ms`: 5 since Kafka 4.0 (KIP-1030).
    public var linger: Duration = .milliseconds(5)
    /// `buffer.memory`.
    public var bufferMemoryBytes = 33_554_432
    /// `max.request.size`.
    public var maxRequestSizeBytes = 1_048_576
    /// `max.block.ms`: how long a record may wait for its topic's metadata.
    public var maxBlock: Duration = .milliseconds(60_000)
    /// `metadata.max.age.ms`.
    public var metadataMaxAge: Duration = .milliseconds(300_000)
    /// Seeds the sticky partitioner's choices (Kafka uses `ThreadLocalRandom`).
    public var seed: UInt64 = 0

    public init(bootstrap: [BrokerID]) {
        self.bootstrap = bootstrap
    }

    /// Whether the producer stamps producer ids and sequences, after Kafka's
    /// `postProcessAndValidateIdempotenceConfigs`.
    public var isIdempotent: Bool {
        switch enableIdempotence {
        case .some(let explicit): explicit
        case .none: !conflictsWithIdempotence
        }
    }

    var conflictsWithIdempotence: Bool {
        acks != ProduceRequest.acksAll || retries == 0 || maxInFlightRequestsPerConnection > 5
    }

    /// Refuses what Kafka refuses: explicit idempotence with `acks` ≠ all, no retries or more
    /// than 5 requests in flight, and values out of range.
    public func validate() throws(ProducerConfigError) {
        if enableIdempotence == true && conflictsWithIdempotence {
            throw .idempotenceConflict(
                "enable.idempotence=true needs acks=all, retries > 0 and max.in.flight.requests.per.connection <= 5; "
                    + "got acks=\(acks), retries=\(retries), max.in.flight=\(maxInFlightRequestsPerConnection)")
        }
        guard [0, 1, -1].contains(acks) else { throw .invalidValue("acks must be 0, 1 or -1 (all), got \(acks)") }
        guard maxInFlightRequestsPerConnection >= 1, batchSizeBytes >= 0, bufferMemoryBytes > 0, !bootstrap.isEmpty
        else { throw .invalidValue("max.in.flight, batch.size, buffer.memory and bootstrap.servers must be set") }
    }
}

/// A configuration Kafka's producer would refuse to start with.
public enum ProducerConfigError: Error, Hashable, Sendable {
    case idempotenceConflict(String)
    case invalidValue(String)
}
