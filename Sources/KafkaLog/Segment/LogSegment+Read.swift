import KafkaCore

/// Whole batches read from one segment.
struct SegmentRead {
    var records: [UInt8]
    var batchCount: Int
    var firstBaseOffset: Offset?
    /// The offset after the last batch read.
    var nextOffset: Offset
}

extension LogSegment {
    /// Bytes a lookup reads at a time while walking headers from an index entry: a few index
    /// intervals, so one read usually finds the batch.
    static let lookupChunkBytes = 16 << 10

    /// Kafka's `translateOffset`: the first batch whose last offset is ≥ `offset`, found from the
    /// offset index entry at or below it by walking batch headers; `nil` when no batch in this
    /// segment reaches `offset`.
    func translate(_ offset: Offset) throws(LogError) -> (header: BatchHeader, position: Int)? {
        let start = offsetIndex.lookup(offset).position
        let cursor = BatchCursor(
            file: log, from: start, end: sizeInBytes, mode: .headers, chunkBytes: Self.lookupChunkBytes)
        while true {
            switch try step(cursor) {
            case .end: return nil
            case .invalid(let error, let position):
                throw .corruptSegment(segmentBaseOffset: baseOffset, position: position, error)
            case .batch(let header, let position):
                if header.lastOffset >= offset { return (header, position) }
            }
        }
    }

    /// Kafka's `LogSegment.read`: whole batches from the one holding `offset`, at most
    /// `maxBytes` of them (but the first whole when `minOneMessage`), none at or past
    /// `maxPosition`. `nil` when no batch in this segment reaches `offset`.
    func read(
        from offset: Offset, maxBytes: Int, maxPosition: Int, minOneMessage: Bool
    ) throws(LogError) -> SegmentRead? {
        let run = locateRun(from: offset) { first in
            let adjustedMaxBytes = minOneMessage ? max(maxBytes, first.sizeInBytes) : maxBytes
            return first.position + max(0, min(maxPosition - first.position, adjustedMaxBytes))
        }
        switch run {
        case .unavailable:
            return try readWalkingHeaders(
                from: offset, maxBytes: maxBytes, maxPosition: maxPosition,
                minOneMessage: minOneMessage)
        case .none:
            return nil
        case .found(let first, let last, let count):
            // The batch table knows where the whole batches end: one exact read, no header walk.
            guard let last else {
                return SegmentRead(records: [], batchCount: 0, firstBaseOffset: nil, nextOffset: offset)
            }
            let records = try readBytes(at: first.position, count: last.end - first.position)
            return SegmentRead(
                records: records, batchCount: count, firstBaseOffset: first.baseOffset,
                nextOffset: last.lastOffset.advanced(by: 1))
        }
    }

    /// `read` for a segment without a batch table: finds the first batch by `translate`, reads
    /// up to the byte limit and keeps the whole batches at the front.
    private func readWalkingHeaders(
        from offset: Offset, maxBytes: Int, maxPosition: Int, minOneMessage: Bool
    ) throws(LogError) -> SegmentRead? {
        guard let (first, start) = try translate(offset) else { return nil }
        let adjustedMaxBytes = minOneMessage ? max(maxBytes, first.sizeInBytes) : maxBytes
        let fetchBytes = min(maxPosition - start, adjustedMaxBytes)
        guard fetchBytes >= first.sizeInBytes else {
            return SegmentRead(records: [], batchCount: 0, firstBaseOffset: nil, nextOffset: offset)
        }
        var records = try readBytes(at: start, count: fetchBytes)
        let (wholeBytes, batchCount, nextOffset) = try wholeBatches(in: records, at: start)
        records.removeLast(records.count - wholeBytes)
        return SegmentRead(
            records: records, batchCount: batchCount, firstBaseOffset: first.baseOffset, nextOffset: nextOffset)
    }

    /// The bytes of the whole batches at the front of `records` (read from `position`), how many
    /// there are, and the offset after the last.
    private func wholeBatches(in records: [UInt8], at position: Int) throws(LogError) -> (Int, Int, Offset) {
        let result: Result<(Int, Int, Offset), LogError> = records.withUnsafeBytes { buffer in
            var end = 0
            var count = 0
            var next = nextOffset
            while end < buffer.count {
                switch BatchHeader.parse(buffer, at: end) {
                case .needsBytes: return .success((end, count, next))
                case .malformed(let error):
                    return .failure(.corruptSegment(segmentBaseOffset: baseOffset, position: position + end, error))
                case .header(let header):
                    guard end + header.sizeInBytes <= buffer.count else { return .success((end, count, next)) }
                    end += header.sizeInBytes
                    count += 1
                    next = header.nextOffset
                }
            }
            return .success((end, count, next))
        }
        return try result.get()
    }

    /// `count` bytes of the log file from `position`, which must all be there.
    func readBytes(at position: Int, count: Int) throws(LogError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try log.read(at: position, count: count)
        } catch {
            throw .storage(error)
        }
        guard bytes.count == count else {
            let reason = "read \(bytes.count) of \(count) bytes at \(position); the file is shorter than the segment"
            throw .storage(.ioError(path: log.path, reason: reason))
        }
        return bytes
    }

    /// Kafka's `findOffsetByTimestamp`: the first record at or after `startingOffset` whose
    /// timestamp is ≥ `timestamp`, searched from the time index's entry for it. Compressed
    /// batches are not decoded, so for them the answer is the batch's first offset at or after
    /// `startingOffset` with the batch's max timestamp (exact under LogAppendTime).
    func findOffsetByTimestamp(_ timestamp: Int64, startingOffset: Offset) throws(LogError) -> TimestampAndOffset? {
        let entry = timeIndex.lookup(timestampMilliseconds: timestamp)
        let start = offsetIndex.lookup(max(entry.offset, startingOffset)).position
        let cursor = BatchCursor(
            file: log, from: start, end: sizeInBytes, mode: .wholeBatches, chunkBytes: Self.lookupChunkBytes)
        while true {
            switch try step(cursor) {
            case .end: return nil
            case .invalid(let error, let position):
                throw .corruptSegment(segmentBaseOffset: baseOffset, position: position, error)
            case .batch(let header, let position):
                guard header.maxTimestamp >= timestamp, header.lastOffset >= startingOffset else { continue }
                let batch = try decodeBatch(cursor.currentBatchBytes(), at: position)
                if let found = try search(batch, position: position, timestamp: timestamp, from: startingOffset) {
                    return found
                }
            }
        }
    }

    private func search(
        _ batch: RecordBatch, position: Int, timestamp: Int64, from startingOffset: Offset
    ) throws(LogError) -> TimestampAndOffset? {
        let epoch = batch.partitionLeaderEpoch.rawValue >= 0 ? batch.partitionLeaderEpoch : nil
        guard batch.compression == CompressionCodec.none else {
            return TimestampAndOffset(
                timestampMilliseconds: batch.maxTimestamp, offset: max(batch.baseOffset, startingOffset),
                leaderEpoch: epoch)
        }
        let records: [Record]
        do {
            records = try batch.records()
        } catch {
            throw .corruptSegment(segmentBaseOffset: baseOffset, position: position, error)
        }
        for record in records {
            let offset = batch.offset(of: record)
            let recordTimestamp = batch.timestamp(of: record)
            if recordTimestamp >= timestamp && offset >= startingOffset {
                return TimestampAndOffset(timestampMilliseconds: recordTimestamp, offset: offset, leaderEpoch: epoch)
            }
        }
        return nil
    }

    private func decodeBatch(_ bytes: [UInt8], at position: Int) throws(LogError) -> RecordBatch {
        do {
            return try RecordBatch(bytes: bytes)
        } catch {
            throw .corruptSegment(segmentBaseOffset: baseOffset, position: position, error)
        }
    }

    /// Kafka's `LogSegment.truncateTo`: removes every batch whose last offset is ≥ `offset` (a
    /// batch holding `offset` goes whole) and the index entries that point at them; returns the
    /// bytes removed. The index files, when open, are cut to match.
    func truncate(to offset: Offset, chunkBytes: Int) throws(LogError) -> Int {
        guard let position = try locate(offset)?.position else { return 0 }
        let removed = sizeInBytes - position
        do {
            try log.truncate(to: position)
        } catch {
            throw .storage(error)
        }
        sizeInBytes = position
        truncateBatchTable(toPosition: position)
        offsetIndex.truncate(to: offset)
        timeIndex.truncate(to: offset)
        if isEmpty { rollingBasedTimestampCache = nil }
        let tail: IndexLoad
        do {
            tail = try scanTail(chunkBytes: chunkBytes)
            if hasOpenIndexFiles { try openIndexFiles(rewriting: false) }
        } catch {
            throw .storage(error)
        }
        if case .corrupt(let reason) = tail {
            // The bytes kept were accepted before; only a change outside the log gets here.
            throw .storage(.ioError(path: log.path, reason: "inconsistent after truncating to \(offset): \(reason)"))
        }
        return removed
    }

    /// `cursor.next()` with a storage failure as a `LogError`.
    func step(_ cursor: BatchCursor) throws(LogError) -> BatchCursor.Step {
        do {
            return try cursor.next()
        } catch {
            throw .storage(error)
        }
    }
}
