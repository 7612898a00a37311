import KafkaCore

/// The seam for the log cleaner (compaction, written separately; Kafka's `LogCleaner` /
/// `Cleaner.cleanSegments` and `UnifiedLog.replaceSegments`):
///
/// 1. read the non-active segments (`nonActiveSegments`, `LogSegment.forEachBatch`);
/// 2. write the kept batches, offsets unchanged, into a segment from `createCleanedSegment`
///    (files named `<base>.log.cleaned`, …) with `LogSegment.appendCleaned`;
/// 3. `replaceSegments` swaps it in: flush it, rename it `.swap`, delete the replaced segments,
///    rename it live. A crash before the `.swap` rename leaves `.cleaned` files, which the next
///    open deletes; a crash after it leaves a `.swap` segment, which the next open completes.
extension PartitionLog {
    /// A new, empty `.cleaned` segment at `baseOffset`, not yet part of the log.
    public func createCleanedSegment(baseOffset: Offset, now: Instant) throws(LogError) -> LogSegment {
        try guarded { () throws(LogError) in
            try io { () throws(StorageError) in
                try LogSegment.create(
                    storage: storage, directory: directory, baseOffset: baseOffset,
                    maxIndexBytes: config.segmentIndexBytes, now: now, suffix: .cleaned)
            }
        }
    }

    /// Replaces the consecutive non-active segments starting at `replacedBaseOffsets` with
    /// `cleaned`, whose offsets must lie within theirs and whose base offset is the first of
    /// theirs. Crash-safe through the `.swap` rename (see the extension's summary).
    public func replaceSegments(_ replacedBaseOffsets: [Offset], with cleaned: LogSegment) throws(LogError) {
        let range = try replacedRange(replacedBaseOffsets, cleaned: cleaned)
        try guarded { () throws(LogError) in
            let replaced = Array(segments[range])
            try io { () throws(StorageError) in
                try cleaned.onBecomeInactive()
                try cleaned.flush()
                try cleaned.rename(to: .swap)
                try storage.flushDirectory(directory)
                for segment in replaced { try segment.delete() }
                try cleaned.rename(to: nil)
                try cleaned.closeIndexFiles()
                try storage.flushDirectory(directory)
            }
            segments.replaceSubrange(range, with: [cleaned])
        }
    }

    private func replacedRange(_ bases: [Offset], cleaned: LogSegment) throws(LogError) -> Range<Int> {
        guard let first = bases.first, let start = segments.firstIndex(where: { $0.baseOffset == first }) else {
            preconditionFailure("\(topicPartition): no segment at \(String(describing: bases.first)) to replace")
        }
        let range = start..<(start + bases.count)
        precondition(
            range.upperBound < segments.count && segments[range].map(\.baseOffset) == bases,
            "\(topicPartition): \(bases) are not consecutive non-active segments")
        precondition(
            cleaned.baseOffset == first && cleaned.nextOffset <= upperBound(ofSegment: range.upperBound - 1),
            "\(topicPartition): cleaned segment [\(cleaned.baseOffset), \(cleaned.nextOffset)) does not fit \(bases)")
        return range
    }
}

extension LogSegment {
    /// Calls `body` with each batch, oldest first, read with large reads, until it returns
    /// `false`. Batches are framed, not re-validated.
    public func forEachBatch(_ body: (RecordBatch) throws(LogError) -> Bool) throws(LogError) {
        let cursor = BatchCursor(
            file: log, from: 0, end: sizeInBytes, mode: .wholeBatches, chunkBytes: PartitionLog.recoveryChunkBytes)
        while true {
            switch try step(cursor) {
            case .end: return
            case .invalid(let error, let position):
                throw .corruptSegment(segmentBaseOffset: baseOffset, position: position, error)
            case .batch(_, let position):
                let batch: RecordBatch
                do {
                    batch = try RecordBatch(bytes: cursor.currentBatchBytes())
                } catch {
                    throw .corruptSegment(segmentBaseOffset: baseOffset, position: position, error)
                }
                guard try body(batch) else { return }
            }
        }
    }

    /// Appends a batch to a cleaned segment, keeping its offsets (which must follow the last
    /// batch's) and epoch; the indexes are built as for any append.
    public func appendCleaned(_ batch: RecordBatch, indexIntervalBytes: Int) throws(LogError) {
        precondition(suffix == .cleaned, "appendCleaned on live segment \(baseOffset)")
        do {
            try append(batch, stamp: nil, indexIntervalBytes: indexIntervalBytes, now: lastModified)
        } catch {
            throw .storage(error)
        }
    }
}
