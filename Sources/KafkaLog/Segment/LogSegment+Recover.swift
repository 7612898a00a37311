import KafkaCore

extension LogSegment {
    /// What `loadIndexes` found.
    enum IndexLoad: Hashable {
        /// The indexes were read and agree with the log.
        case loaded
        /// An index file is missing while the log holds batches.
        case missing
        /// The index files cannot be trusted; the segment must be recovered.
        case corrupt(String)
    }

    /// The largest index file `loadIndexes` reads (far above any `segment.index.bytes` in use).
    static let maxIndexFileBytes = 256 << 20

    /// Loads the index files of a segment the log trusts (below the recovery point, or after a
    /// clean shutdown), checks them (Kafka's `sanityCheck`), and finds the segment's end and
    /// largest timestamp by scanning only the batch headers after the last index entry.
    func loadIndexes(maxIndexBytes: Int, chunkBytes: Int) throws(StorageError) -> IndexLoad {
        guard let offsetBytes = try readIndexFile(.offsetIndex), let timeBytes = try readIndexFile(.timeIndex) else {
            return isEmpty ? .loaded : .missing
        }
        do throws(IndexCorruption) {
            offsetIndex = try OffsetIndex(
                loading: offsetBytes, baseOffset: baseOffset, maxIndexBytes: maxIndexBytes, logSizeInBytes: sizeInBytes)
            timeIndex = try TimeIndex(loading: timeBytes, baseOffset: baseOffset, maxIndexBytes: maxIndexBytes)
        } catch {
            return .corrupt("\(error)")
        }
        return try scanTail(chunkBytes: chunkBytes)
    }

    private func readIndexFile(_ kind: SegmentFileName.Kind) throws(StorageError) -> [UInt8]? {
        do {
            return try storage.readWholeFile(path(kind), limitBytes: Self.maxIndexFileBytes)
        } catch .notFound {
            return nil
        }
    }

    /// Finds `nextOffset`, `maxTimestampSoFar` and `bytesSinceLastIndexEntry` from the loaded
    /// indexes plus the batches after the last offset-index entry, checking their framing and
    /// that the last entry names a real batch.
    func scanTail(chunkBytes: Int) throws(StorageError) -> IndexLoad {
        let lastEntry = offsetIndex.isEmpty ? nil : offsetIndex.entry(at: offsetIndex.count - 1)
        let start = lastEntry?.position ?? 0
        maxTimestampSoFar = timeIndex.isEmpty ? RecordBatch.noTimestamp : timeIndex.lastEntry.timestampMilliseconds
        offsetOfMaxTimestampSoFar = timeIndex.isEmpty ? baseOffset : timeIndex.lastEntry.offset
        nextOffset = baseOffset
        let cursor = BatchCursor(file: log, from: start, end: sizeInBytes, mode: .headers, chunkBytes: chunkBytes)
        while true {
            switch try cursor.next() {
            case .end:
                bytesSinceLastIndexEntry = sizeInBytes - start
                return checkLoadedEnd(lastEntry: lastEntry)
            case .invalid(let error, let position):
                return .corrupt("batch at byte \(position): \(error)")
            case .batch(let header, let position):
                if position == start, let lastEntry, lastEntry.offset != header.lastOffset {
                    return .corrupt("index entry \(lastEntry) names a batch ending at \(header.lastOffset)")
                }
                guard header.baseOffset >= nextOffset, offsetIndex.canAppend(header.lastOffset) else {
                    return .corrupt("batch at byte \(position) has offset \(header.baseOffset) out of order")
                }
                nextOffset = header.nextOffset
                if header.maxTimestamp > maxTimestampSoFar {
                    maxTimestampSoFar = header.maxTimestamp
                    offsetOfMaxTimestampSoFar = header.lastOffset
                }
                if position == 0 { rollingBasedTimestampCache = header.maxTimestamp }
            }
        }
    }

    private func checkLoadedEnd(lastEntry: OffsetPosition?) -> IndexLoad {
        if !timeIndex.isEmpty && timeIndex.lastEntry.offset >= nextOffset {
            return .corrupt("time index entry \(timeIndex.lastEntry) is past the segment's end \(nextOffset)")
        }
        if let lastEntry, lastEntry.offset >= nextOffset {
            return .corrupt("offset index entry \(lastEntry) is past the segment's end \(nextOffset)")
        }
        return .loaded
    }

    /// Kafka's `LogSegment.recover`: rebuilds the indexes by scanning every batch with large
    /// reads, checking framing, header, CRC32C and that offsets increase from the base offset;
    /// truncates the file at the first byte that fails (and flushes the cut); rebuilds the leader epoch cache from the
    /// batches (an entry when a batch's epoch exceeds the latest cached one); writes the rebuilt
    /// index files. Records are not decoded: the CRC vouches for them, as in Kafka.
    func recover(
        indexIntervalBytes: Int, chunkBytes: Int, epochCache: inout LeaderEpochCache
    ) throws(StorageError) -> (SegmentRecovery, RecoveryTruncation?) {
        resetForRecovery()
        let fileSize = log.sizeInBytes
        let cursor = BatchCursor(file: log, from: 0, end: fileSize, mode: .wholeBatches, chunkBytes: chunkBytes)
        var batchCount = 0
        var defect: RecoveryDefect?
        scan: while true {
            switch try cursor.next() {
            case .end:
                break scan
            case .invalid(let error, _):
                defect = .invalidBatch(error)
                break scan
            case .batch(let header, let position):
                if let found = recoveryDefect(of: header, cursor: cursor) {
                    defect = found
                    break scan
                }
                try noteAppended(
                    position: position, sizeInBytes: header.sizeInBytes, baseOffset: header.baseOffset,
                    lastOffset: header.lastOffset, maxTimestamp: header.maxTimestamp,
                    indexIntervalBytes: indexIntervalBytes)
                let epoch = header.partitionLeaderEpoch
                if epoch.rawValue >= 0, epochCache.latestEpoch.map({ epoch > $0 }) ?? true {
                    epochCache.assign(epoch: epoch, startOffset: header.baseOffset)
                }
                batchCount += 1
            }
        }
        let truncatedBytes = fileSize - sizeInBytes
        if truncatedBytes > 0 {
            // Flushed at once (Kafka does not): otherwise the recovery point can pass this segment
            // while the cut is not durable, and a power loss would bring the torn bytes back.
            try log.truncate(to: sizeInBytes)
            try log.flush()
        }
        if maxTimestampSoFar >= 0 {
            timeIndex.maybeAppend(
                timestampMilliseconds: maxTimestampSoFar, offset: offsetOfMaxTimestampSoFar, skipFullCheck: true)
        }
        try openIndexFiles(rewriting: true)
        let recovery = SegmentRecovery(
            baseOffset: baseOffset, validBatches: batchCount, validBytes: sizeInBytes, truncatedBytes: truncatedBytes)
        let truncation = defect.map {
            RecoveryTruncation(
                segmentBaseOffset: baseOffset, offset: nextOffset, position: sizeInBytes,
                truncatedBytes: truncatedBytes, defect: $0)
        }
        return (recovery, truncation)
    }

    private func resetForRecovery() {
        offsetIndex.removeAll()
        timeIndex.removeAll()
        sizeInBytes = 0
        nextOffset = baseOffset
        maxTimestampSoFar = RecordBatch.noTimestamp
        offsetOfMaxTimestampSoFar = baseOffset
        bytesSinceLastIndexEntry = 0
        rollingBasedTimestampCache = nil
        if suffix == nil { resetBatchTable() }
    }

    /// Why a framed batch met during recovery cannot be kept, `nil` when it can.
    private func recoveryDefect(of header: BatchHeader, cursor: BatchCursor) -> RecoveryDefect? {
        if let error = header.headerDefect ?? cursor.checksumDefect() { return .invalidBatch(error) }
        if header.baseOffset < nextOffset {
            return .offsetOutOfOrder(baseOffset: header.baseOffset, expectedAtLeast: nextOffset)
        }
        if !offsetIndex.canAppend(header.lastOffset) { return .offsetOverflow(lastOffset: header.lastOffset) }
        return nil
    }
}
