import KafkaCore

/// How a leader stamps the batches of one append: base offsets assigned from `firstOffset` on,
/// batch after batch, and `epoch` as every batch's partition leader epoch. A follower's append
/// has none and keeps the batches' own.
struct AppendStamp {
    let firstOffset: Offset
    let epoch: LeaderEpoch
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
        try batches.withUnsafeBufferPointer { (batches) throws(LogError) in
            try appendAsLeader(batches, leaderEpoch: leaderEpoch, origin: origin, now: now)
        }
    }

    /// `appendAsLeader(_:leaderEpoch:origin:now:)` of one batch (a produce request carries one
    /// per partition), lent in place: no array of one allocated per append.
    public func appendAsLeader(
        _ batch: RecordBatch, leaderEpoch: LeaderEpoch, origin: AppendOrigin = .client, now: Instant
    ) throws(LogError) -> LogAppendInfo {
        try withUnsafePointer(to: batch) { (batch) throws(LogError) in
            try appendAsLeader(
                UnsafeBufferPointer(start: batch, count: 1), leaderEpoch: leaderEpoch, origin: origin, now: now)
        }
    }

    private func appendAsLeader(
        _ batches: UnsafeBufferPointer<RecordBatch>, leaderEpoch: LeaderEpoch, origin: AppendOrigin, now: Instant
    ) throws(LogError) -> LogAppendInfo {
        try guarded { () throws(LogError) in
            for index in batches.indices {
                try validateLeaderBatch(batches[index], index: index, origin: origin, now: now)
            }
            guard !batches.isEmpty else {
                return .empty(logEndOffset: logEndOffset, logStartOffset: logStartOffset)
            }
            let appendTime = config.messageTimestampType == .logAppendTime ? now.milliseconds : RecordBatch.noTimestamp
            let stamp = AppendStamp(firstOffset: logEndOffset, epoch: leaderEpoch)
            var info: LogAppendInfo
            if appendTime != RecordBatch.noTimestamp {
                var stored = Array(batches)
                for index in stored.indices {
                    stored[index].setMaxTimestamp(appendTime, timestampType: .logAppendTime)
                }
                info = try stored.withUnsafeBufferPointer { (stored) throws(LogError) in
                    try appendPlanned(stored, stamp: stamp, now: now)
                }
            } else {
                info = try appendPlanned(batches, stamp: stamp, now: now)
            }
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
        try batches.withUnsafeBufferPointer { (batches) throws(LogError) in try appendAsFollower(batches, now: now) }
    }

    /// `appendAsFollower(_:now:)` of one batch (a follower's fetch answer usually holds one per
    /// partition), lent in place: no array of one allocated per append.
    public func appendAsFollower(_ batch: RecordBatch, now: Instant) throws(LogError) -> LogAppendInfo {
        try withUnsafePointer(to: batch) { (batch) throws(LogError) in
            try appendAsFollower(UnsafeBufferPointer(start: batch, count: 1), now: now)
        }
    }

    private func appendAsFollower(
        _ batches: UnsafeBufferPointer<RecordBatch>, now: Instant
    ) throws(LogError) -> LogAppendInfo {
        try guarded { () throws(LogError) in
            guard !batches.isEmpty else {
                return .empty(logEndOffset: logEndOffset, logStartOffset: logStartOffset)
            }
            try validateFollowerBatches(batches)
            let firstOffset = batches[0].baseOffset
            if firstOffset < logEndOffset {
                throw .unexpectedAppendOffset(
                    firstOffset: firstOffset, lastOffset: batches[batches.count - 1].lastOffset,
                    logEndOffset: logEndOffset)
            }
            return try appendPlanned(batches, stamp: nil, now: now)
        }
    }

    private func validateFollowerBatches(_ batches: UnsafeBufferPointer<RecordBatch>) throws(LogError) {
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
    /// The batches go in as they came, lent in place (no array of planned copies: that was an
    /// allocation and a retain and release of every batch's bytes per append); a leader's base offsets are
    /// computed batch after batch from `stamp`. Sizes, timestamps and record counts are summed in
    /// one pass (`PlannedTotals`) that the size check, the roll decision and the answer share.
    private func appendPlanned(
        _ batches: UnsafeBufferPointer<RecordBatch>, stamp: AppendStamp?, now: Instant
    ) throws(LogError) -> LogAppendInfo {
        let firstOffset = stamp?.firstOffset ?? batches[0].baseOffset
        let totals = PlannedTotals(batches, 0..<batches.count, firstBaseOffset: firstOffset, stamped: stamp != nil)
        guard totals.bytes <= config.segmentBytes else {
            throw .recordListTooLarge(sizeInBytes: totals.bytes, segmentBytes: config.segmentBytes)
        }
        var epochChanged = false
        var nextBase = firstOffset
        for index in batches.indices {
            let baseOffset = stamp == nil ? batches[index].baseOffset : nextBase
            let epoch = stamp?.epoch ?? batches[index].partitionLeaderEpoch
            // Asked first, without a mutation: changing `epochCache` runs its `didSet` (and an
            // out-of-line `assign`) even when nothing changes, as on every append but an epoch's first.
            if epoch.rawValue >= 0 && !epochCache.holds(epoch: epoch, from: baseOffset)
                && epochCache.assign(epoch: epoch, startOffset: baseOffset)
            {
                epochChanged = true
            }
            nextBase = Self.lastOffset(of: batches[index], at: baseOffset).advanced(by: 1)
        }
        if epochChanged { try writeEpochCheckpoint() }
        var rolledTo: Offset?
        var runStart = 0
        var runBase = firstOffset
        var lastOffset = firstOffset
        while runStart < batches.count {
            let (runEnd, runLast) = endOfRun(batches, from: runStart, at: runBase, stamped: stamp != nil)
            let run =
                runStart == 0 && runEnd == batches.count
                ? totals : PlannedTotals(batches, runStart..<runEnd, firstBaseOffset: runBase, stamped: stamp != nil)
            var segment = activeSegment
            if let rolled = try maybeRoll(
                segment, firstBaseOffset: runBase, lastOffset: runLast, messagesBytes: run.bytes,
                maxTimestamp: run.maxTimestamp, now: now)
            {
                rolledTo = rolled.baseOffset
                segment = rolled
            }
            var baseOffset = runBase
            for index in runStart..<runEnd {
                if stamp == nil { baseOffset = batches[index].baseOffset }
                do {
                    try segment.append(
                        batches[index], stamp: stamp.map { (baseOffset, $0.epoch) },
                        indexIntervalBytes: config.indexIntervalBytes, now: now)
                } catch {
                    refreshLogEndOffset()
                    throw .storage(error)
                }
                lastOffset = Self.lastOffset(of: batches[index], at: baseOffset)
                baseOffset = lastOffset.advanced(by: 1)
            }
            refreshLogEndOffset()
            runStart = runEnd
            if runEnd < batches.count { runBase = stamp == nil ? batches[runEnd].baseOffset : baseOffset }
        }
        if unflushedOffsets >= config.flushMessages {
            try flushSegments(upTo: logEndOffset, now: now, force: false)
        }
        let lastEpoch = stamp?.epoch ?? batches[batches.count - 1].partitionLeaderEpoch
        return LogAppendInfo(
            firstOffset: firstOffset, lastOffset: lastOffset,
            maxTimestamp: totals.maxTimestamp, offsetOfMaxTimestamp: totals.offsetOfMaxTimestamp,
            logAppendTime: RecordBatch.noTimestamp, logStartOffset: logStartOffset, batchCount: batches.count,
            recordCount: totals.recordCount, validBytes: totals.bytes,
            lastLeaderEpoch: lastEpoch.rawValue >= 0 ? lastEpoch : nil,
            rolledSegmentBaseOffset: rolledTo)
    }

    /// The last offset of `batch` when its base offset is `baseOffset`.
    @inline(__always)
    static func lastOffset(of batch: RecordBatch, at baseOffset: Offset) -> Offset {
        baseOffset.advanced(by: Int64(batch.lastOffsetDelta))
    }

    /// The end of the run of batches from `start` (based at `base`) whose offsets fit one segment
    /// (relative offsets are int32), normally every batch of the append, and the run's last offset.
    private func endOfRun(
        _ batches: UnsafeBufferPointer<RecordBatch>, from start: Int, at base: Offset, stamped: Bool
    ) -> (end: Int, lastOffset: Offset) {
        var lastOffset = Self.lastOffset(of: batches[start], at: base)
        var end = start + 1
        while end < batches.count {
            let baseOffset = stamped ? lastOffset.advanced(by: 1) : batches[end].baseOffset
            let candidate = Self.lastOffset(of: batches[end], at: baseOffset)
            guard candidate.distance(from: base) <= Int64(Int32.max) else { break }
            lastOffset = candidate
            end += 1
        }
        return (end, lastOffset)
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

    /// Sums `batches[range]`; the first is based at `firstBaseOffset`, and the others follow it
    /// when `stamped` (a leader's append) or keep their own base offsets. Inlined into
    /// `appendPlanned`, which calls it for every append.
    @inline(__always)
    init(_ batches: UnsafeBufferPointer<RecordBatch>, _ range: Range<Int>, firstBaseOffset: Offset, stamped: Bool) {
        var baseOffset = firstBaseOffset
        offsetOfMaxTimestamp = PartitionLog.lastOffset(of: batches[range.lowerBound], at: baseOffset)
        for index in range {
            if !stamped { baseOffset = batches[index].baseOffset }
            let lastOffset = PartitionLog.lastOffset(of: batches[index], at: baseOffset)
            bytes += batches[index].sizeInBytes
            recordCount += Int(batches[index].recordCount)
            let timestamp = batches[index].maxTimestamp
            if timestamp > maxTimestamp {
                maxTimestamp = timestamp
                offsetOfMaxTimestamp = lastOffset
            }
            baseOffset = lastOffset.advanced(by: 1)
        }
    }
}
