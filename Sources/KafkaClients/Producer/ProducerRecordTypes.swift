import KafkaCore

/// Names one record given to `KafkaProducer.send`: increasing per producer, in send order.
public struct RecordID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public static func < (lhs: RecordID, rhs: RecordID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "record \(rawValue)" }
}

/// Why `send` refused a record at once (Kafka throws these from `send()` or its future).
public enum ProducerError: Error, Hashable, Sendable {
    /// `buffer.memory` is used up. Kafka blocks up to `max.block.ms` first; a state machine
    /// cannot block, so the caller backs off and sends again.
    case bufferExhausted(bufferedBytes: Int, recordBytes: Int, bufferMemoryBytes: Int)
    /// The record alone exceeds `max.request.size` or `buffer.memory` (`RecordTooLargeException`).
    case recordTooLarge(recordBytes: Int, limitBytes: Int)
    /// `close()` was called.
    case closed
}

/// How a record ended.
public enum DeliveryOutcome: Hashable, Sendable {
    /// Written at `offset`; -1 under `acks=0` (no answer) or when a retry was recognised as a
    /// duplicate without its offset (`DUPLICATE_SEQUENCE_NUMBER`).
    case acknowledged(offset: Offset)
    /// Given up on: a non-retriable error, `retries` exhausted, or `delivery.timeout.ms` passed.
    case failed(KafkaError)
}

/// One completed record, as Kafka's send callback sees it, plus the batch that carried it so a
/// host can record acknowledged batches for durability checks.
public struct DeliveryReport: Hashable, Sendable {
    public let recordID: RecordID
    public let topicPartition: TopicPartition
    public let outcome: DeliveryOutcome
    /// The batch as last sent; nil when it was never sent (expired or failed before sending).
    public let batch: RecordBatch?
    /// The batch's base offset when acknowledged (-1 otherwise).
    public let baseOffset: Offset
    /// The record's position in its batch: a host records a batch once, at index 0.
    public let indexInBatch: Int
    /// The `acks` the batch was sent with.
    public let acks: Int16
}

/// The delivery reports of one completed batch (or of one record that never joined a batch):
/// what `takeDeliveryBatches()` hands over instead of a `DeliveryReport` per record. Kafka
/// completes a batch's records together; a host that accounts for them per batch (the scenario
/// harness) builds no per-record report.
public struct DeliveryBatch: Hashable, Sendable {
    public let topicPartition: TopicPartition
    /// The records, in their order in the batch.
    public let recordIDs: [RecordID]
    /// The batch's outcome: `.acknowledged(offset:)` carries the base offset (-1 when unknown),
    /// each record's being the base offset plus its index.
    public let outcome: DeliveryOutcome
    /// The batch as last sent; nil when it was never sent (expired or failed before sending).
    public let batch: RecordBatch?
    /// The batch's base offset when acknowledged (-1 otherwise).
    public let baseOffset: Offset
    /// The `acks` the batch was sent with.
    public let acks: Int16

    public init(
        topicPartition: TopicPartition, recordIDs: [RecordID], outcome: DeliveryOutcome, batch: RecordBatch?,
        baseOffset: Offset, acks: Int16
    ) {
        self.topicPartition = topicPartition
        self.recordIDs = recordIDs
        self.outcome = outcome
        self.batch = batch
        self.baseOffset = baseOffset
        self.acks = acks
    }

    /// Records reported.
    public var count: Int { recordIDs.count }

    /// The outcome of the record at `index`: its own offset when the batch's is known.
    public func outcome(at index: Int) -> DeliveryOutcome {
        if case .acknowledged = outcome, baseOffset != .none {
            return .acknowledged(offset: baseOffset.advanced(by: Int64(index)))
        }
        return outcome
    }

    /// The report of the record at `index`, as `takeDeliveryReports()` hands it.
    public func report(at index: Int) -> DeliveryReport {
        DeliveryReport(
            recordID: recordIDs[index], topicPartition: topicPartition, outcome: outcome(at: index), batch: batch,
            baseOffset: baseOffset, indexInBatch: index, acks: acks)
    }

    /// Every record's report, in order.
    public var reports: [DeliveryReport] { recordIDs.indices.map(report(at:)) }
}

/// Counters for the console.
public struct ProducerCounters: Hashable, Sendable {
    /// Records `send` accepted.
    public var recordsSent = 0
    public var recordsAcknowledged = 0
    public var recordsFailed = 0
    /// Batch attempts after the first.
    public var retries = 0
    public var produceRequestsSent = 0
    public var metadataRequestsSent = 0
    /// Requests that hit `request.timeout.ms`.
    public var requestTimeouts = 0
    /// InitProducerId requests that bumped the epoch or replaced the id (KIP-360).
    public var epochBumps = 0
}
