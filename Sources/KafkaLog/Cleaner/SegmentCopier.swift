import KafkaCore

/// Re-copies one group of consecutive segments through `CompactionFilter` into one `.cleaned`
/// segment and swaps it in (Kafka's `Cleaner.cleanSegments` + `cleanInto`).
///
/// The group's last batch is always written (emptied when none of its records survive), so the
/// cleaned segment ends where the group ended (see `LogCleaner`); earlier header-only batches
/// that no producer needs are dropped, so they do not pile up over passes.
struct SegmentCopier {
    let log: PartitionLog
    let pass: CompactionFilter.Pass
    /// The last offset of each producer's last batch in the log.
    let lastOffsetOfProducer: [Int64: Offset]

    /// Cleans `group` into one segment, replaces the group with it, and adds to `report`.
    mutating func clean(_ group: [LogSegment], report: inout CleaningReport) throws(LogError) {
        guard let first = group.first, let last = group.last else { return }
        // The cleaned segment keeps the replaced segments' modification time, as Kafka's does,
        // so `retention.ms` judges the data and not the cleaning.
        let cleaned = try log.createCleanedSegment(baseOffset: first.baseOffset, now: last.lastModified)
        var pending: RecordBatch?
        for segment in group {
            report.bytesBefore += segment.sizeInBytes
            try segment.forEachBatch { (batch) throws(LogError) -> Bool in
                if let previous = pending { try copy(previous, isLastOfGroup: false, into: cleaned, report: &report) }
                pending = batch
                return true
            }
        }
        if let previous = pending { try copy(previous, isLastOfGroup: true, into: cleaned, report: &report) }
        try log.replaceSegments(group.map(\.baseOffset), with: cleaned)
        report.bytesAfter += cleaned.sizeInBytes
        report.segmentsReplaced += group.count
        report.segmentsWritten += 1
        if let upper = log.segments.first(where: { $0.baseOffset > first.baseOffset })?.baseOffset {
            report.cleanedUpTo = upper
        }
    }

    private func copy(
        _ batch: RecordBatch, isLastOfGroup: Bool, into cleaned: LogSegment, report: inout CleaningReport
    )
        throws(LogError)
    {
        let isLastOfProducer =
            batch.producerID != RecordBatch.noProducerID && lastOffsetOfProducer[batch.producerID] == batch.lastOffset
        var outcome = CompactionFilter.filter(batch, pass: pass, isLastBatchOfProducer: isLastOfProducer)
        if outcome == .unchanged && batch.recordCount == 0 && !isLastOfProducer { outcome = .removed }
        if outcome == .removed && isLastOfGroup { outcome = .emptied(CompactionFilter.emptyCopy(of: batch)) }
        switch outcome {
        case .unchanged:
            try cleaned.appendCleaned(batch, indexIntervalBytes: log.config.indexIntervalBytes)
        case .rewritten(let kept), .emptied(let kept):
            try cleaned.appendCleaned(kept, indexIntervalBytes: log.config.indexIntervalBytes)
            count(removedFrom: batch, keeping: kept, report: &report)
        case .removed:
            count(removedFrom: batch, keeping: nil, report: &report)
        }
    }

    private func count(removedFrom batch: RecordBatch, keeping kept: RecordBatch?, report: inout CleaningReport) {
        report.recordsRemoved += Int(batch.recordCount) - Int(kept?.recordCount ?? 0)
        report.tombstonesRemoved += Self.tombstones(in: batch) - (kept.map(Self.tombstones(in:)) ?? 0)
    }

    private static func tombstones(in batch: RecordBatch) -> Int {
        do {
            return try batch.records().count(where: \.isTombstone)
        } catch {
            // Only statistics: the filter rewrote this batch, so its records were readable.
            return 0
        }
    }
}
