import KafkaCore

/// A batch about to be appended: the bytes, its final base offset, and the epoch to stamp (the
/// leader's) or `nil` to keep the batch's own (a follower's).
struct PlannedBatch {
    var batch: RecordBatch
    var baseOffset: Offset
    var stampEpoch: LeaderEpoch?

    var lastOffset: Offset { baseOffset.advanced(by: Int64(batch.lastOffsetDelta)) }
    var epoch: LeaderEpoch { stampEpoch ?? batch.partitionLeaderEpoch }
}

extension PartitionLog {
    /// Appends a producer's (or a coordinator's) batches as the leader (Kafka's
    /// `UnifiedLog.appendAsLeader`): validates each batch (see `validateLeaderBatch`), assigns
    /// offsets from the log end offset, stamps `leaderEpoch`, overwrites the max timestamp on
    /// LogAppendTime topics, records a new epoch in the epoch cache, rolls if needed, and writes
    /// each batch with one append (its header's offset and epoch patched on the way, no copy).
    /// Nothing is appended when any batch is refused.
    ///
    /// Idempotence and transactions (duplicate detection, sequence checks) belong to the
    /// broker's producer state, which runs before this call.
    public func appendAsLeader(
        _ batches: [RecordBatch], leaderEpoch: LeaderEpoch, origin: AppendOrigin = .client, now: Instant
    ) throws(LogError) -> LogAppendInfo {
        try guarded { () throws(LogError) in
            for (index, batch) in batches.enumerated() {
                try validateLeaderBatch(batch, index: index, origin: origin, now: now)
            }
            guard !batches.isEmpty else {
                return .empty(logEndOffset: logEndOffset, logStartOffset: logStartOffset)
            }
            let appendTime = config.messageTimestampType == .logAppendTime ? now.milliseconds : RecordBatch.noTimestamp
            var planned: [PlannedBatch] = []
            planned.reserveCapacity(batches.count)
            var nextOffset = logEndOffset
            for batch in batches {
                var stored = batch
                if appendTime != RecordBatch.noTimestamp {
                    stored.setMaxTimestamp(appendTime, timestampType: .logAppendTime)
                }
                planned.append(PlannedBatch(batch: stored, baseOffset: nextOffset, stampEpoch: leaderEpoch))
                nextOffset = nextOffset.advanced(by: Int64(batch.lastOffsetDelta) + 1)
            }
            var info = try appendPlanned(planned, now: now)
            info.logAppendTime = appendTime
            return info
        }
    }

    /// Appends batches fetched from the leader, keeping their offsets and epochs (Kafka's
    /// `UnifiedLog.appendAsFollower`). Each batch's CRC is checked (not its size: the leader
    /// already accepted it), offsets must increase from batch to batch
    /// (`offsetsOutOfOrder`), and the first offset must not be below the log end offset
    /// (`unexpectedAppendOffset`); it may be above it, leaving a gap, as after compaction on the
    /// leader. The epoch cache learns each batch's partition leader epoch.
    public func appendAsFollower(_ batches: [RecordBatch], now: Instant) throws(LogError) -> LogAppendInfo {
        try guarded { () throws(LogError) in
            guard let first = batches.first, let last = batches.last else {
                return .empty(logEndOffset: logEndOffset, logStartOffset: logStartOffset)
            }
            try validateFollowerBatches(batches)
            if first.baseOffset < logEndOffset {
                throw .unexpectedAppendOffset(
                    firstOffset: first.baseOffset, lastOffset: last.lastOffset, logEndOffset: logEndOffset)
            }
            let planned = batches.map { PlannedBatch(batch: $0, baseOffset: $0.baseOffset, stampEpoch: nil) }
            return try appendPlanned(planned, now: now)
        }
    }

    private func validateFollowerBatches(_ batches: [RecordBatch]) throws(LogError) {
        var previousLastOffset: Offset?
        // Indexing instead of `for batch in batches`: no copy (retain and release) of each batch.
        for index in batches.indices {
            let computed = batches[index].computedChecksum
            let crc = batches[index].crc
            guard computed == crc else {
                throw .recordBatch(index: index, .corruptRecord(.checksumMismatch(stored: crc, computed: computed)))
            }
            let baseOffset = batches[index].baseOffset
            let lastOffsetDelta = batches[index].lastOffsetDelta
            let lastOffset = Offset(baseOffset.rawValue &+ Int64(lastOffsetDelta))
            guard lastOffsetDelta >= 0, baseOffset.rawValue >= 0, lastOffset >= baseOffset else {
                let range = RecordBatchError.InvalidRecord.invalidOffsetRange(
                    lastOffsetDelta: lastOffsetDelta, recordCount: batches[index].recordCount)
                throw .recordBatch(index: index, .invalidRecord(range))
            }
            if let previousLastOffset, baseOffset <= previousLastOffset {
                throw .offsetsOutOfOrder(index: index, baseOffset: baseOffset, previousLastOffset: previousLastOffset)
            }
            previousLastOffset = lastOffset
        }
    }

    /// The shared second half of both appends: epoch cache (written before the data, as Kafka
    /// does, so the checkpoint never misses an epoch whose batches survived), roll, segment
    /// appends, `flush.messages`.
    ///
    /// The batches' sizes, timestamps and record counts are summed in one pass (`PlannedTotals`)
    /// that the size check, the roll decision and the answer share; loops index `planned` instead
    /// of copying each `PlannedBatch` out (a retain and release of its bytes per batch per loop).
    private func appendPlanned(_ planned: [PlannedBatch], now: Instant) throws(LogError) -> LogAppendInfo {
        let totals = PlannedTotals(planned, 0..<planned.count)
        guard totals.bytes <= config.segmentBytes else {
            throw .recordListTooLarge(sizeInBytes: totals.bytes, segmentBytes: config.segmentBytes)
        }
        var epochChanged = false
        for index in planned.indices {
            let epoch = planned[index].epoch
            if epoch.rawValue >= 0 && epochCache.assign(epoch: epoch, startOffset: planned[index].baseOffset) {
                epochChanged = true
            }
        }
        if epochChanged { try writeEpochCheckpoint() }
        var rolledTo: Offset?
        var runStart = 0
        while runStart < planned.count {
            let runEnd = endOfRun(planned, from: runStart)
            let run = runStart == 0 && runEnd == planned.count ? totals : PlannedTotals(planned, runStart..<runEnd)
            rolledTo =
                try maybeRoll(
                    firstBaseOffset: planned[runStart].baseOffset, lastOffset: planned[runEnd - 1].lastOffset,
                    messagesBytes: run.bytes, maxTimestamp: run.maxTimestamp, now: now) ?? rolledTo
            let segment = activeSegment
            for index in runStart..<runEnd {
                do {
                    let stamp = planned[index].stampEpoch.map { (planned[index].baseOffset, $0) }
                    try segment.append(
                        planned[index].batch, stamp: stamp, indexIntervalBytes: config.indexIntervalBytes, now: now)
                } catch {
                    refreshLogEndOffset()
                    throw .storage(error)
                }
            }
            refreshLogEndOffset()
            runStart = runEnd
        }
        if unflushedOffsets >= config.flushMessages {
            try flushSegments(upTo: logEndOffset, now: now, force: false)
        }
        let lastEpoch = planned[planned.count - 1].epoch
        return LogAppendInfo(
            firstOffset: planned[0].baseOffset, lastOffset: planned[planned.count - 1].lastOffset,
            maxTimestamp: totals.maxTimestamp, offsetOfMaxTimestamp: totals.offsetOfMaxTimestamp,
            logAppendTime: RecordBatch.noTimestamp, logStartOffset: logStartOffset, batchCount: planned.count,
            recordCount: totals.recordCount, validBytes: totals.bytes,
            lastLeaderEpoch: lastEpoch.rawValue >= 0 ? lastEpoch : nil,
            rolledSegmentBaseOffset: rolledTo)
    }

    /// The end of the run of batches from `start` whose offsets fit one segment (relative offsets
    /// are int32); normally every batch of the append.
    private func endOfRun(_ planned: [PlannedBatch], from start: Int) -> Int {
        var end = start + 1
        while end < planned.count
            && planned[end].lastOffset.distance(from: planned[start].baseOffset) <= Int64(Int32.max)
        {
            end += 1
        }
        return end
    }
}

/// Sums over a range of planned batches: bytes, record count, and the largest `maxTimestamp`
/// with the last offset of the first batch holding it (`offsetOfMaxTimestamp` is the range's
/// first batch's last offset when no batch has a timestamp).
struct PlannedTotals {
    var bytes = 0
    var recordCount = 0
    var maxTimestamp = RecordBatch.noTimestamp
    var offsetOfMaxTimestamp: Offset

    init(_ planned: [PlannedBatch], _ range: Range<Int>) {
        offsetOfMaxTimestamp = planned[range.lowerBound].lastOffset
        for index in range {
            bytes += planned[index].batch.sizeInBytes
            recordCount += Int(planned[index].batch.recordCount)
            let timestamp = planned[index].batch.maxTimestamp
            if timestamp > maxTimestamp {
                maxTimestamp = timestamp
                offsetOfMaxTimestamp = planned[index].lastOffset
            }
        }
    }
}
