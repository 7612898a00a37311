import KafkaCore

extension PartitionLog {
    /// Kafka's `UnifiedLog.read`: whole batches from the one holding `offset`, from a single
    /// segment, up to `maxBytes` (the first batch whole even when larger, with `minOneMessage`),
    /// and only batches that end below `upperBound`: the caller passes the log end offset
    /// (followers), the high watermark (consumers) or the last stable offset (read_committed).
    ///
    /// `offset` below the log start offset or past the log end offset is `offsetOutOfRange`; an
    /// offset at or past `upperBound` gives an empty result, not an error. Stored batches are
    /// returned as they are, without re-validating (see `LogReadResult.verifyChecksums()`).
    public func read(
        from offset: Offset, maxBytes: Int, upperBound: Offset, minOneMessage: Bool
    ) throws(LogError) -> LogReadResult {
        precondition(maxBytes >= 0, "\(topicPartition): read of \(maxBytes) bytes")
        return try guarded { () throws(LogError) in
            let logEndOffset = self.logEndOffset
            guard offset >= logStartOffset && offset <= logEndOffset else {
                throw .offsetOutOfRange(requested: offset, logStartOffset: logStartOffset, logEndOffset: logEndOffset)
            }
            let bound = min(upperBound, logEndOffset)
            if offset >= bound {
                // Nothing to read (a caught-up fetch): no segment to look at.
                return .empty(at: offset, logStartOffset: logStartOffset, logEndOffset: logEndOffset)
            }
            var index = floorSegmentIndex(offset) ?? 0
            while offset < bound && index < segments.count && segments[index].baseOffset < bound {
                let segment = segments[index]
                let maxPosition = try position(of: bound, in: segment)
                if let read = try segment.read(
                    from: offset, maxBytes: maxBytes, maxPosition: maxPosition, minOneMessage: minOneMessage)
                {
                    return LogReadResult(
                        fetchOffset: offset, records: read.records, batchCount: read.batchCount,
                        firstBatchBaseOffset: read.firstBaseOffset,
                        nextOffset: read.batchCount > 0 ? read.nextOffset : offset,
                        logStartOffset: logStartOffset, logEndOffset: logEndOffset)
                }
                index += 1
            }
            return .empty(at: offset, logStartOffset: logStartOffset, logEndOffset: logEndOffset)
        }
    }

    /// The byte position in `segment` of the batch holding `bound` (Kafka's conversion of the
    /// high watermark to offset metadata): batches before it end below `bound`.
    private func position(of bound: Offset, in segment: LogSegment) throws(LogError) -> Int {
        guard bound < segment.nextOffset else { return segment.sizeInBytes }
        return try segment.locate(bound)?.position ?? segment.sizeInBytes
    }

    /// Kafka's `fetchOffsetByTimestamp` for a real timestamp (`ListOffsets`): the first record at
    /// or after the log start offset whose timestamp is ≥ `timestampMilliseconds`, searched in the
    /// first segment whose largest timestamp reaches it (and the next ones, should that segment's
    /// matching records all lie below the log start offset). `nil` when no record qualifies.
    public func offsetForTimestamp(_ timestampMilliseconds: Int64) throws(LogError) -> TimestampAndOffset? {
        try guarded { () throws(LogError) in
            for segment in segments
            where segment.maxTimestampSoFar >= timestampMilliseconds && segment.nextOffset > logStartOffset {
                if let found = try segment.findOffsetByTimestamp(timestampMilliseconds, startingOffset: logStartOffset)
                {
                    return found
                }
            }
            return nil
        }
    }
}
