import KafkaCore
import KafkaLog

extension ProducerStateManager {
    /// The producer state of `log`'s batches from the log start offset to the log end offset,
    /// read as stored (Kafka's `UnifiedLog.rebuildProducerState` without snapshots): what a
    /// broker computes when it opens a log after a restart, and what `record` and
    /// `truncate(to:)` keep up to date in between. A batch holding the log start offset counts.
    public static func rebuild(from log: PartitionLog) throws(LogError) -> ProducerStateManager {
        var state = ProducerStateManager()
        var offset = log.logStartOffset
        let end = log.logEndOffset
        while offset < end {
            let result = try log.read(
                from: offset, maxBytes: PartitionLog.recoveryChunkBytes, upperBound: end, minOneMessage: true)
            guard !result.isEmpty else { break }
            precondition(result.nextOffset > offset, "\(log.topicPartition): read at \(offset) did not advance")
            state.record(result.batches())
            offset = result.nextOffset
        }
        state.checkInvariants()
        return state
    }
}
