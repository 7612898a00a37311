import KafkaCore

extension PartitionLog {
    // MARK: - Rolling

    /// Rolls a new active segment at the log end offset (Kafka's `UnifiedLog.roll`); a no-op when
    /// the active segment is empty. Returns the active segment's base offset.
    @discardableResult
    public func roll(now: Instant) throws(LogError) -> Offset {
        try guarded { () throws(LogError) in try rollSegment(at: nil, now: now).baseOffset }
    }

    /// Rolls when the incoming run of batches calls for it (Kafka's `LogSegment.shouldRoll`),
    /// returning the new active segment. `segment` is the active segment, which the caller holds
    /// to append to (passed in rather than looked up again: one retain and release less per append).
    func maybeRoll(
        _ segment: LogSegment, firstBaseOffset: Offset, lastOffset: Offset, messagesBytes: Int, maxTimestamp: Int64,
        now: Instant
    ) throws(LogError) -> LogSegment? {
        let rollingBase = try io { () throws(StorageError) in try segment.rollingBasedTimestamp() }
        let timeWaited: Int64
        if let rollingBase, rollingBase >= 0 {
            let (difference, overflow) = maxTimestamp.subtractingReportingOverflow(rollingBase)
            timeWaited = overflow ? (maxTimestamp > 0 ? Int64.max : Int64.min) : difference
        } else {
            timeWaited = now.milliseconds - segment.createdAt.milliseconds
        }
        let shouldRoll =
            segment.sizeInBytes > config.segmentBytes - messagesBytes
            || (segment.sizeInBytes > 0 && timeWaited > config.maxSegmentMilliseconds)
            || segment.offsetIndex.isFull || segment.timeIndex.isFull
            || !segment.offsetIndex.canAppend(lastOffset)
        guard shouldRoll else { return nil }
        // Kafka rolls at the first incoming offset. Here the new segment starts at the log end
        // offset whenever the run fits there, so a follower's gap lies inside a segment, never
        // between two: recovery can then treat an unflushed segment that ends before the next
        // one begins as torn (`RecoveryDefect.segmentEndsEarly`).
        let fitsAtLogEnd = lastOffset.distance(from: logEndOffset) <= Int64(Int32.max)
        return try rollSegment(at: fitsAtLogEnd ? nil : firstBaseOffset, now: now)
    }

    /// Kafka's `LocalLog.roll`: the active segment gets its final time index entry and gives up
    /// its write buffer, a new segment starts at `max(expected, logEndOffset)`, and a flush of
    /// everything below it is scheduled (see `scheduledFlush`). A flush an earlier roll scheduled
    /// and nobody ran yet runs first, so at most one segment waits for its flush.
    func rollSegment(at expected: Offset?, now: Instant) throws(LogError) -> LogSegment {
        let newOffset = max(expected ?? logEndOffset, logEndOffset)
        let old = activeSegment
        if old.baseOffset == newOffset && old.isEmpty { return old }
        precondition(
            newOffset > old.baseOffset, "\(topicPartition): roll to \(newOffset) at or before \(old.baseOffset)")
        if let scheduled = scheduledFlush { try flushSegments(upTo: scheduled.upTo, now: now, force: false) }
        try io { () throws(StorageError) in try old.onBecomeInactive() }
        let segment = try io { () throws(StorageError) in
            try LogSegment.create(
                storage: storage, directory: directory, baseOffset: newOffset, maxIndexBytes: config.segmentIndexBytes,
                now: now)
        }
        segments.append(segment)
        scheduledFlush = (newOffset, now)
        return segment
    }

    // MARK: - Flushing

    /// Flushes every segment holding offsets below `offset` (the log end offset by default) and
    /// moves the recovery point there (Kafka's `UnifiedLog.flush`).
    public func flush(upTo offset: Offset? = nil, now: Instant) throws(LogError) {
        try guarded { () throws(LogError) in try flushSegments(upTo: offset ?? logEndOffset, now: now, force: false) }
    }

    /// The broker's flush scheduler: runs the flush a roll scheduled, and the `flush.ms` flush
    /// when that long has passed since the last flush and something is unflushed (Kafka's
    /// `LogManager.flushDirtyLogs`). Returns whether it flushed; `nextFlushDeadline` says when
    /// to call it next.
    @discardableResult
    public func maybeFlush(now: Instant) throws(LogError) -> Bool {
        guard let deadline = nextFlushDeadline, now >= deadline else { return false }
        let target = scheduledFlush != nil && !flushMillisecondsDue(now) ? scheduledFlush?.upTo : nil
        guard target != nil || unflushedOffsets > 0 else { return false }
        try flush(upTo: target, now: now)
        return true
    }

    /// When `maybeFlush(now:)` next has work: at once after a roll, otherwise `flush.ms` after the
    /// last flush while something is unflushed; `nil` when neither applies (Kafka's default never
    /// flushes on time).
    public var nextFlushDeadline: Instant? {
        if let scheduled = scheduledFlush { return scheduled.at }
        guard unflushedOffsets > 0 else { return nil }
        let interval = config.flushMilliseconds
        guard interval < Int64.max / 1000 - lastFlushTime.milliseconds else { return nil }
        return lastFlushTime + .milliseconds(interval)
    }

    private func flushMillisecondsDue(_ now: Instant) -> Bool {
        let interval = config.flushMilliseconds
        return interval < Int64.max / 1000 - lastFlushTime.milliseconds
            && now >= lastFlushTime + .milliseconds(interval)
    }

    /// Flushes the segments that may hold unflushed bytes below `offset` (`force`: all of them,
    /// the active one included) and the directory, then moves the recovery point.
    ///
    /// Inactive segments keep their index files open exactly while unflushed; flushing one closes
    /// them. The active segment is flushed when it holds offsets below the target.
    func flushSegments(upTo offset: Offset, now: Instant, force: Bool) throws(LogError) {
        let target = min(offset, logEndOffset)
        var flushedAny = false
        for segment in segments.dropLast() where segment.hasOpenIndexFiles && (force || segment.baseOffset < target) {
            try io { () throws(StorageError) in
                try segment.flush()
                try segment.closeIndexFiles()
            }
            flushedAny = true
        }
        let active = activeSegment
        if force || (target > recoveryPoint && active.baseOffset < target) {
            try io { () throws(StorageError) in try active.flush() }
            flushedAny = true
        }
        if flushedAny { try io { () throws(StorageError) in try storage.flushDirectory(directory) } }
        if flushedAny || target > recoveryPoint { lastFlushTime = now }
        // Segments below the target that needed it were flushed above; the rest were already.
        if target > recoveryPoint { recoveryPoint = target }
        if let scheduled = scheduledFlush, force || offset >= scheduled.upTo { scheduledFlush = nil }
    }

    // MARK: - Closing

    /// A clean shutdown (Kafka's `LogManager.shutdown` for one log): the active segment's final
    /// time index entry, a flush of everything, closed files, and the clean-shutdown marker so the
    /// next `open` skips recovery. The log cannot be used afterwards.
    public func close(now: Instant) throws(LogError) {
        try guarded { () throws(LogError) in
            try io { () throws(StorageError) in try activeSegment.onBecomeInactive() }
            try flushSegments(upTo: logEndOffset, now: now, force: true)
            for segment in segments {
                try io { () throws(StorageError) in try segment.close() }
            }
            try io { () throws(StorageError) in
                try storage.writeWholeFileAtomically(directory.appending(Self.cleanShutdownFileName), contents: [])
            }
            isClosed = true
        }
    }
}
