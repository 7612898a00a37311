import KafkaCore

/// What compaction does to one batch (Kafka's `MemoryRecords.filterTo` with the cleaner's
/// record and batch retention rules).
///
/// A record survives when it is past the map's latest offset (not yet deduplicated), or when it
/// has a key, is the latest record for that key, and is either a value or a tombstone whose
/// delete horizon has not passed. Records without a key are dropped. A batch keeps its base
/// offset, last offset, producer id, epoch and base sequence whatever happens to its records,
/// so offsets never change and producer sequence numbers stay continuous. The first pass that
/// keeps a tombstone stamps the batch with a delete horizon (`now + delete.retention.ms`, in
/// `baseTimestamp`, KIP-534); later passes drop those tombstones once the horizon has passed.
public enum CompactionFilter {
    /// The outcome for one batch.
    public enum Outcome: Hashable, Sendable {
        /// Nothing to change: the original bytes are kept.
        case unchanged
        /// Some records were removed (or a delete horizon was stamped): this batch replaces it.
        case rewritten(RecordBatch)
        /// Every record was removed, but the batch is a live producer's last one: an empty batch
        /// with the same offsets and sequence numbers keeps the producer's state.
        case emptied(RecordBatch)
        /// Every record was removed and nothing needs the batch: it disappears.
        case removed
    }

    /// Parameters of one cleaning pass.
    public struct Pass: Sendable {
        /// Latest offset per key over the range being deduplicated.
        public var map: OffsetMap
        /// The time of the pass, in milliseconds (delete horizons compare against it).
        public var nowMilliseconds: Int64
        /// `delete.retention.ms`.
        public var deleteRetentionMilliseconds: Int64

        public init(map: OffsetMap, nowMilliseconds: Int64, deleteRetentionMilliseconds: Int64) {
            self.map = map
            self.nowMilliseconds = nowMilliseconds
            self.deleteRetentionMilliseconds = deleteRetentionMilliseconds
        }
    }

    /// Filters one batch. `isLastBatchOfProducer` says whether this batch holds its producer's
    /// last sequence number in the log (then it is kept even when empty).
    ///
    /// Control and compressed batches are kept unchanged: this build writes no transactions and
    /// cannot decompress, and keeping a batch is always safe (compaction only promises that the
    /// latest value of each key survives).
    public static func filter(_ batch: RecordBatch, pass: Pass, isLastBatchOfProducer: Bool) -> Outcome {
        guard !batch.isControl, batch.compression == CompressionCodec.none else { return .unchanged }
        let records: [Record]
        do {
            records = try batch.records()
        } catch {
            // The batch passed validation when it was appended; if its records cannot be read
            // now, keeping it as it is loses nothing.
            return .unchanged
        }
        let horizon = batch.hasDeleteHorizon ? batch.baseTimestamp : nil
        var retained: [Record] = []
        retained.reserveCapacity(records.count)
        var keptTombstone = false
        for record in records where shouldRetain(record, in: batch, horizon: horizon, pass: pass) {
            retained.append(record)
            if record.isTombstone { keptTombstone = true }
        }
        let needsHorizon = keptTombstone && horizon == nil
        if retained.count == records.count && !needsHorizon { return .unchanged }
        if retained.isEmpty {
            guard isLastBatchOfProducer && batch.producerID != RecordBatch.noProducerID else { return .removed }
            return .emptied(emptyCopy(of: batch))
        }
        let newHorizon = needsHorizon ? pass.nowMilliseconds &+ pass.deleteRetentionMilliseconds : horizon
        return .rewritten(rebuild(batch, keeping: retained, horizon: newHorizon))
    }

    static func shouldRetain(_ record: Record, in batch: RecordBatch, horizon: Int64?, pass: Pass) -> Bool {
        let offset = batch.baseOffset.advanced(by: Int64(record.offsetDelta))
        if let latest = pass.map.latestOffset, offset > latest { return true }
        guard let key = record.key else { return false }
        // A key the map does not know (its records all lie in the already-clean prefix) counts as
        // latest, as Kafka's map answers -1 for it.
        if let latestForKey = pass.map.offset(of: key), offset < latestForKey { return false }
        guard record.isTombstone else { return true }
        return horizon.map { pass.nowMilliseconds < $0 } ?? true
    }

    /// The batch with only `records`, the same offsets, producer fields and epoch; with a delete
    /// horizon the base timestamp becomes the horizon and record deltas are re-based so every
    /// record keeps its absolute timestamp.
    static func rebuild(_ batch: RecordBatch, keeping records: [Record], horizon: Int64?) -> RecordBatch {
        let base = horizon ?? batch.baseTimestamp
        let rebased = records.map { record in
            var copy = record
            copy.timestampDelta = (batch.baseTimestamp &+ record.timestampDelta) &- base
            return copy
        }
        return RecordBatch.build(
            baseOffset: batch.baseOffset, partitionLeaderEpoch: batch.partitionLeaderEpoch,
            timestampType: batch.timestampType, isTransactional: batch.isTransactional,
            hasDeleteHorizon: horizon != nil, producerID: batch.producerID, producerEpoch: batch.producerEpoch,
            baseSequence: batch.baseSequence, baseTimestamp: base,
            maxTimestamp: batch.timestampType == .logAppendTime ? batch.maxTimestamp : nil,
            lastOffsetDelta: batch.lastOffsetDelta, records: rebased)
    }

    /// A header-only batch spanning the same offsets (Kafka's `writeEmptyHeader`).
    static func emptyCopy(of batch: RecordBatch) -> RecordBatch {
        RecordBatch.build(
            baseOffset: batch.baseOffset, partitionLeaderEpoch: batch.partitionLeaderEpoch,
            timestampType: batch.timestampType, isTransactional: batch.isTransactional,
            producerID: batch.producerID, producerEpoch: batch.producerEpoch, baseSequence: batch.baseSequence,
            baseTimestamp: batch.maxTimestamp, maxTimestamp: batch.maxTimestamp,
            lastOffsetDelta: batch.lastOffsetDelta, records: [])
    }
}
