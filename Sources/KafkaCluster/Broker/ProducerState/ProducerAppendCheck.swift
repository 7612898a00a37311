import KafkaCore

/// The verdict on a leader append's idempotent batches, before the log assigns offsets
/// (what Kafka's `UnifiedLog.analyzeAndValidateProducerState` decides).
public enum ProducerAppendCheck: Hashable, Sendable {
    /// Append the batches, then `record` them with their final offsets.
    case append
    /// A retry of a batch the partition already holds: append nothing and answer with the
    /// original batch's offsets and timestamp (Kafka answers the whole request so, even when
    /// only one of its batches is a retry).
    case duplicate(firstOffset: Offset, lastOffset: Offset, timestamp: Int64)
    /// Refuse the whole append with this error for the partition (`invalidProducerEpoch` or
    /// `outOfOrderSequenceNumber`).
    case reject(KafkaError)
}
