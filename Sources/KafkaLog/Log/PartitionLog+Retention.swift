import KafkaCore

extension PartitionLog {
    /// Kafka's `maybeIncrementLogStartOffset`, reached through DeleteRecords on a leader (KIP-107)
    /// or, on a follower, with the leader's log start offset from a fetch response: moves the log
    /// start offset up to `offset` and truncates the epoch cache from the start. Moving it past
    /// the high watermark (clamped to the log end offset) is `logStartOffsetBeyondHighWatermark`.
    /// Segments wholly below the new start are deleted by the next `applyRetention`, as in Kafka.
    /// Returns whether the log start offset moved.
    @discardableResult
    public func deleteRecords(before offset: Offset, highWatermark: Offset) throws(LogError) -> Bool {
        try guarded { () throws(LogError) in
            let committed = min(highWatermark, logEndOffset)
            guard offset <= committed else {
                throw .logStartOffsetBeyondHighWatermark(requested: offset, highWatermark: committed)
            }
            guard offset > logStartOffset else { return false }
            try incrementLogStartOffset(to: offset)
            return true
        }
    }

    /// Kafka's `deleteOldSegments`, run every `log.retention.check.interval.ms`: deletes, oldest
    /// first, segments wholly below the log start offset, then (when `cleanup.policy` deletes)
    /// segments past `retention.bytes` (per partition: the log keeps at least that many bytes)
    /// and segments whose largest timestamp is older than `retention.ms`. Each pass stops at the
    /// first segment that does not qualify, and never deletes a segment that ends above
    /// `highWatermark` (clamped to the log end offset), so the log start offset never passes it.
    /// When every segment goes, an empty active segment is rolled first. Files are deleted at
    /// once (Kafka renames them `.deleted` and removes them after `file.delete.delay.ms`).
    /// Returns the base offsets of the deleted segments.
    public func applyRetention(now: Instant, highWatermark: Offset) throws(LogError) -> [Offset] {
        try guarded { () throws(LogError) in
            let committed = min(highWatermark, logEndOffset)
            var deleted = try deleteOldSegments(committed: committed, now: now) { _, next in
                next.map { $0.baseOffset <= logStartOffset } ?? false
            }
            guard config.cleanupPolicy.deletes else { return deleted }
            deleted += try deleteRetentionBytesBreached(committed: committed, now: now)
            if config.retentionMilliseconds >= 0 {
                let limit = config.retentionMilliseconds
                deleted += try deleteOldSegments(committed: committed, now: now) { segment, _ in
                    now.milliseconds - segment.largestTimestamp > limit
                }
            }
            return deleted
        }
    }

    private func deleteRetentionBytesBreached(committed: Offset, now: Instant) throws(LogError) -> [Offset] {
        let limit = config.retentionBytes
        let size = Int64(sizeInBytes)
        guard limit >= 0, size >= limit else { return [] }
        var excess = size - limit
        return try deleteOldSegments(committed: committed, now: now) { segment, _ in
            guard excess - Int64(segment.sizeInBytes) >= 0 else { return false }
            excess -= Int64(segment.sizeInBytes)
            return true
        }
    }

    /// Deletes the oldest segments while `predicate(segment, next)` holds and the segment ends at
    /// or below `committed` (Kafka's `deletableSegments` + `deleteSegments`).
    private func deleteOldSegments(
        committed: Offset, now: Instant, predicate: (LogSegment, LogSegment?) -> Bool
    ) throws(LogError) -> [Offset] {
        var deletable: [LogSegment] = []
        for index in segments.indices {
            let segment = segments[index]
            let next = index + 1 < segments.count ? segments[index + 1] : nil
            let isLastAndEmpty = next == nil && segment.isEmpty
            guard committed >= upperBound(ofSegment: index) && predicate(segment, next) && !isLastAndEmpty else {
                break
            }
            deletable.append(segment)
        }
        guard !deletable.isEmpty else { return [] }
        if deletable.count == segments.count {
            let fresh = try rollSegment(at: nil, now: now)
            if deletable.last === fresh { deletable.removeLast() }
        }
        guard let lastDeleted = deletable.last else { return [] }
        let remaining = segments[deletable.count]
        precondition(
            segments.prefix(deletable.count).last === lastDeleted,
            "\(topicPartition): segments to delete are not the oldest ones")
        try incrementLogStartOffset(to: max(remaining.baseOffset, logStartOffset))
        segments.removeFirst(deletable.count)
        for segment in deletable {
            try io { () throws(StorageError) in try segment.delete() }
        }
        try io { () throws(StorageError) in try storage.flushDirectory(directory) }
        return deletable.map(\.baseOffset)
    }

    /// Raises the log start offset and forgets the epochs that ended before it.
    private func incrementLogStartOffset(to offset: Offset) throws(LogError) {
        guard offset > logStartOffset else { return }
        logStartOffset = offset
        if !epochCache.truncateFromStart(startOffset: offset).isEmpty { try writeEpochCheckpoint() }
    }
}
