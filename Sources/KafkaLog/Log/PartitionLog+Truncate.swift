import KafkaCore

extension PartitionLog {
    /// Kafka's `UnifiedLog.truncateTo`, for a follower whose log diverged from the leader's:
    /// removes every batch whose last offset is ≥ `offset` (a batch holding `offset` goes whole,
    /// so the log end offset becomes its base offset) and every segment after it, then truncates
    /// the epoch cache from the end. A target below the first segment truncates fully. The
    /// truncated file (after any older segment still waiting for its flush) is flushed at once,
    /// so the removed batches cannot come back after a power loss. Returns whether anything was removed; at or past the log end offset only the epoch
    /// cache is truncated (a leader's entry for an epoch it never wrote in).
    @discardableResult
    public func truncate(to offset: Offset) throws(LogError) -> Bool {
        precondition(offset.rawValue >= 0, "\(topicPartition): truncate to negative offset \(offset)")
        return try guarded { () throws(LogError) in
            if offset >= logEndOffset {
                try truncateEpochCacheFromEnd()
                return false
            }
            if offset < segments[0].baseOffset {
                try truncateFullyUnguarded(startingAt: offset)
                return true
            }
            var deletedAny = false
            while let last = segments.last, last.baseOffset > offset {
                segments.removeLast()
                try io { () throws(StorageError) in try last.delete() }
                deletedAny = true
            }
            let active = activeSegment
            do throws(LogError) {
                _ = try active.truncate(to: offset, chunkBytes: Self.recoveryChunkBytes)
            } catch {
                refreshLogEndOffset()
                throw error
            }
            refreshLogEndOffset()
            try io { () throws(StorageError) in
                if !active.hasOpenIndexFiles { try active.openIndexFiles(rewriting: false) }
                // Older segments a roll left unflushed go first: flushed bytes must always be a
                // prefix of the log, or a power loss would leave a hole.
                for segment in segments.dropLast() where segment.hasOpenIndexFiles {
                    try segment.flush()
                    try segment.closeIndexFiles()
                }
                try active.flush()
                if deletedAny { try storage.flushDirectory(directory) }
            }
            recoveryPoint = min(recoveryPoint, logEndOffset)
            logStartOffset = min(logStartOffset, logEndOffset)
            try truncateEpochCacheFromEnd()
            return true
        }
    }

    /// Kafka's `truncateFullyAndStartAt`: deletes every segment and starts an empty log at
    /// `offset`, which becomes the log start offset (a follower that fell behind the leader's log
    /// start offset). The epoch cache is cleared.
    public func truncateFully(startingAt offset: Offset, now: Instant) throws(LogError) {
        precondition(offset.rawValue >= 0, "\(topicPartition): truncate fully to negative offset \(offset)")
        try guarded { () throws(LogError) in
            try truncateFullyUnguarded(startingAt: offset, now: now)
        }
    }

    private func truncateFullyUnguarded(startingAt offset: Offset, now: Instant? = nil) throws(LogError) {
        let createdAt = now ?? activeSegment.lastModified
        for segment in segments {
            try io { () throws(StorageError) in try segment.delete() }
        }
        let fresh = try io { () throws(StorageError) in
            let segment = try LogSegment.create(
                storage: storage, directory: directory, baseOffset: offset, maxIndexBytes: config.segmentIndexBytes,
                now: createdAt)
            try storage.flushDirectory(directory)
            return segment
        }
        segments = [fresh]
        logStartOffset = offset
        recoveryPoint = offset
        scheduledFlush = nil
        if !epochCache.isEmpty {
            epochCache.removeAll()
            try writeEpochCheckpoint()
        }
    }

    /// Drops epoch entries starting at or past the log end offset and writes the checkpoint when
    /// that changed anything.
    private func truncateEpochCacheFromEnd() throws(LogError) {
        if !epochCache.truncateFromEnd(endOffset: logEndOffset).isEmpty { try writeEpochCheckpoint() }
    }
}
