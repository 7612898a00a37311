import KafkaCore

/// Opens a partition log from its directory (Kafka's `LogLoader`), in Kafka's order:
///
/// 1. remove leftovers: `.tmp` checkpoint files, `.cleaned` and `.deleted` segment files;
/// 2. complete interrupted swaps: a `.swap` log replaces the live segments its offsets cover;
/// 3. remove index files whose log file is gone;
/// 4. load every segment. After a clean shutdown (the marker file is there, and is removed
///    first) index files are trusted once they pass their sanity checks. Otherwise segments
///    wholly below the recovery point are loaded the same way, and every segment from the one
///    holding the recovery point on is recovered: scanned with large reads, CRC and offset
///    order checked, cut at the first invalid byte, indexes rebuilt, epochs learned. A missing
///    or corrupt index also sends its segment to recovery. When recovery cuts a segment, or an
///    unflushed segment ends before the next one begins (a power loss tore both), every later
///    segment is deleted;
/// 5. truncate the epoch cache to the recovered end and to the log start offset
///    (`max(checkpointed, first segment base)`, at most the log end offset).
///
/// Memory: one read buffer of `PartitionLog.recoveryChunkBytes` at a time, plus the indexes.
struct LogLoader {
    let storage: any LogStorage
    let directory: StoragePath
    let config: LogConfig
    let now: Instant
    var report: RecoveryReport

    /// Loads the log. `recoveryPoint` and `logStartOffset` are the broker's checkpointed values
    /// (`nil`: none, recover every segment and start at the first one).
    mutating func load(recoveryPoint: Offset?, logStartOffset: Offset?) throws(LogError) -> PartitionLog {
        try io { () throws(StorageError) in try storage.createDirectory(directory) }
        var names = try fileNames()
        report.hadCleanShutdown = names.contains(PartitionLog.cleanShutdownFileName)
        if report.hadCleanShutdown {
            try io { () throws(StorageError) in
                try storage.deleteFile(directory.appending(PartitionLog.cleanShutdownFileName))
                try storage.flushDirectory(directory)
            }
        }
        try removeLeftovers(names)
        let swapped = try completeSwaps(names)
        names = try fileNames()
        try removeOrphanIndexes(names)
        var segments = try openSegments(names)
        var epochCache = try readEpochCache()
        let checkpointed = epochCache.entries
        if segments.isEmpty {
            segments = [try createFirstSegment(at: logStartOffset ?? Offset(0))]
        } else {
            let point = report.hadCleanShutdown ? Offset(Int64.max) : (recoveryPoint ?? Offset(0))
            try loadSegments(&segments, recoveryPoint: point, forced: swapped, epochCache: &epochCache)
        }
        return try finish(
            segments: segments, epochCache: epochCache, checkpointed: checkpointed, recoveryPoint: recoveryPoint,
            logStartOffset: logStartOffset)
    }

    // MARK: - Files

    private func fileNames() throws(LogError) -> [String] {
        try io { () throws(StorageError) in try storage.entries(in: directory) }.filter { $0.kind == .file }.map(\.name)
    }

    private mutating func removeLeftovers(_ names: [String]) throws(LogError) {
        for name in names {
            let parsed = SegmentFileName(parsing: name)
            let isLeftover =
                name.hasSuffix(".tmp") || parsed?.suffix == .cleaned || parsed?.suffix == .deleted
            guard isLeftover else { continue }
            try io { () throws(StorageError) in try storage.deleteFile(directory.appending(name)) }
            report.removedFiles.append(name)
        }
    }

    /// Completes each `.swap` log (oldest first): deletes the live segments whose base offsets
    /// fall in the swapped segment's offset range, renames the swap log into place, and drops its
    /// swap indexes (recovery rebuilds them). Returns the swapped segments' base offsets.
    private mutating func completeSwaps(_ names: [String]) throws(LogError) -> [Offset] {
        let swaps = names.compactMap(SegmentFileName.init(parsing:)).filter { $0.suffix == .swap }.sorted()
        var completed: [Offset] = []
        for swap in swaps where swap.kind == .log {
            let end = try swapEndOffset(swap)
            let live = names.compactMap(SegmentFileName.init(parsing:)).filter {
                $0.suffix == nil && $0.kind != .producerSnapshot && $0.baseOffset >= swap.baseOffset
                    && $0.baseOffset < end
            }
            try io { () throws(StorageError) in
                for file in live { try storage.deleteFile(directory.appending(file.fileName)) }
                try storage.rename(
                    directory.appending(swap.fileName), to: directory.appending(swap.withoutSuffix.fileName))
            }
            completed.append(swap.baseOffset)
        }
        for swap in swaps where swap.kind != .log {
            try io { () throws(StorageError) in try storage.deleteFile(directory.appending(swap.fileName)) }
        }
        try io { () throws(StorageError) in try storage.flushDirectory(directory) }
        report.completedSwaps = completed
        return completed
    }

    /// The offset after the last framed batch of a swap log.
    private func swapEndOffset(_ swap: SegmentFileName) throws(LogError) -> Offset {
        try io { () throws(StorageError) in
            let file = try storage.openFile(
                directory.appending(swap.fileName), options: OpenOptions(createIfMissing: false))
            let cursor = BatchCursor(
                file: file, from: 0, end: file.sizeInBytes, mode: .headers, chunkBytes: LogSegment.lookupChunkBytes)
            var end = swap.baseOffset
            while case .batch(let header, _) = try cursor.next() { end = max(end, header.nextOffset) }
            try file.close()
            return end
        }
    }

    private mutating func removeOrphanIndexes(_ names: [String]) throws(LogError) {
        let parsed = names.compactMap(SegmentFileName.init(parsing:)).filter { $0.suffix == nil }
        let logBases = parsed.filter { $0.kind == .log }.map(\.baseOffset)
        // Producer snapshots are named by offset, not by segment: the producer state owns them.
        for file in parsed
        where file.kind != .log && file.kind != .producerSnapshot && !logBases.contains(file.baseOffset) {
            try io { () throws(StorageError) in try storage.deleteFile(directory.appending(file.fileName)) }
            report.removedFiles.append(file.fileName)
        }
    }

    private func openSegments(_ names: [String]) throws(LogError) -> [LogSegment] {
        let bases = names.compactMap(SegmentFileName.init(parsing:))
            .filter { $0.suffix == nil && $0.kind == .log }.map(\.baseOffset).sorted()
        var segments: [LogSegment] = []
        for base in bases {
            segments.append(
                try io { () throws(StorageError) in
                    try LogSegment.open(
                        storage: storage, directory: directory, baseOffset: base,
                        maxIndexBytes: config.segmentIndexBytes,
                        now: now)
                })
        }
        return segments
    }

    private func createFirstSegment(at offset: Offset) throws(LogError) -> LogSegment {
        try io { () throws(StorageError) in
            let segment = try LogSegment.create(
                storage: storage, directory: directory, baseOffset: offset, maxIndexBytes: config.segmentIndexBytes,
                now: now)
            try storage.flushDirectory(directory)
            return segment
        }
    }

    private func readEpochCache() throws(LogError) -> LeaderEpochCache {
        do {
            return LeaderEpochCache(
                restoring: try LeaderEpochCheckpointFile(storage: storage, partitionDirectory: directory).read())
        } catch {
            throw .checkpoint(error)
        }
    }

    // MARK: - Segments

    /// Loads or recovers each segment; see the type's summary.
    private mutating func loadSegments(
        _ segments: inout [LogSegment], recoveryPoint: Offset, forced: [Offset], epochCache: inout LeaderEpochCache
    ) throws(LogError) {
        var index = 0
        while index < segments.count {
            let segment = segments[index]
            let upperBound = index + 1 < segments.count ? segments[index + 1].baseOffset : Offset(Int64.max)
            var mustRecover = upperBound > recoveryPoint || forced.contains(segment.baseOffset)
            if !mustRecover {
                let load = try io { () throws(StorageError) in
                    try segment.loadIndexes(
                        maxIndexBytes: config.segmentIndexBytes, chunkBytes: LogSegment.lookupChunkBytes)
                }
                if load != .loaded {
                    report.rebuiltIndexes.append(segment.baseOffset)
                    mustRecover = true
                }
            }
            var cut = false
            if mustRecover { cut = try recover(segment, epochCache: &epochCache) }
            if !cut && upperBound > recoveryPoint && index + 1 < segments.count {
                cut = noteEndsEarly(segment, nextBaseOffset: segments[index + 1].baseOffset)
            }
            let overlapsNext = index + 1 < segments.count && segment.nextOffset > segments[index + 1].baseOffset
            if cut || overlapsNext {
                try deleteSegments(after: index, in: &segments)
            }
            index += 1
        }
    }

    /// Recovers one segment; returns whether it was cut.
    private mutating func recover(_ segment: LogSegment, epochCache: inout LeaderEpochCache) throws(LogError) -> Bool {
        let (recovery, truncation) = try io { () throws(StorageError) in
            try segment.recover(
                indexIntervalBytes: config.indexIntervalBytes, chunkBytes: PartitionLog.recoveryChunkBytes,
                epochCache: &epochCache)
        }
        report.recoveredSegments.append(recovery)
        guard let truncation else { return false }
        report.truncation = truncation
        return true
    }

    /// Whether an unflushed segment stops short of the next one (see
    /// `RecoveryDefect.segmentEndsEarly`); records the cut when it does.
    private mutating func noteEndsEarly(_ segment: LogSegment, nextBaseOffset: Offset) -> Bool {
        guard segment.nextOffset < nextBaseOffset else { return false }
        report.truncation = RecoveryTruncation(
            segmentBaseOffset: segment.baseOffset, offset: segment.nextOffset, position: segment.sizeInBytes,
            truncatedBytes: 0,
            defect: .segmentEndsEarly(nextOffset: segment.nextOffset, nextSegmentBaseOffset: nextBaseOffset))
        return true
    }

    private mutating func deleteSegments(after index: Int, in segments: inout [LogSegment]) throws(LogError) {
        while segments.count > index + 1 {
            let doomed = segments.removeLast()
            try io { () throws(StorageError) in try doomed.delete() }
            report.deletedSegments.insert(doomed.baseOffset, at: 0)
        }
    }

    // MARK: - Offsets

    /// Truncates the epoch cache, settles the offsets, flushes segments rebuilt below the
    /// recovery point, and opens the active segment's index files.
    private mutating func finish(
        segments: [LogSegment], epochCache: LeaderEpochCache, checkpointed: [EpochEntry], recoveryPoint: Offset?,
        logStartOffset: Offset?
    ) throws(LogError) -> PartitionLog {
        guard let first = segments.first, let active = segments.last else { preconditionFailure("no segments") }
        var epochCache = epochCache
        let logEndOffset = active.nextOffset
        report.removedEpochEntries = epochCache.truncateFromEnd(endOffset: logEndOffset)
        let start = min(max(logStartOffset ?? first.baseOffset, first.baseOffset), logEndOffset)
        epochCache.truncateFromStart(startOffset: start)
        let point = report.hadCleanShutdown ? logEndOffset : min(recoveryPoint ?? Offset(0), logEndOffset)
        try io { () throws(StorageError) in
            if epochCache.entries != checkpointed {
                try LeaderEpochCheckpointFile(storage: storage, partitionDirectory: directory).write(epochCache.entries)
            }
            for (index, segment) in segments.enumerated().dropLast()
            where segment.hasOpenIndexFiles && segments[index + 1].baseOffset <= point {
                try segment.flush()
                try segment.closeIndexFiles()
            }
            try active.openIndexFiles(rewriting: false)
        }
        report.segmentCount = segments.count
        report.logStartOffset = start
        report.logEndOffset = logEndOffset
        report.recoveryPoint = point
        return PartitionLog(
            topicPartition: report.topicPartition, directory: directory, storage: storage, config: config,
            segments: segments, logStartOffset: start, recoveryPoint: point, epochCache: epochCache, now: now)
    }

    private func io<T>(_ body: () throws(StorageError) -> T) throws(LogError) -> T {
        do {
            return try body()
        } catch {
            throw .storage(error)
        }
    }
}

extension PartitionLog {
    /// Opens (creating when missing) the log in `directory` and recovers it as Kafka's
    /// `LogLoader` does (see `LogLoader`), reporting what it found.
    ///
    /// - Parameters:
    ///   - recoveryPoint: the broker's checkpointed recovery point for this partition
    ///     (`recovery-point-offset-checkpoint`); `nil` recovers every segment. Ignored after a
    ///     clean shutdown.
    ///   - logStartOffset: the broker's checkpointed log start offset
    ///     (`log-start-offset-checkpoint`); `nil` starts at the first segment.
    public static func open(
        storage: any LogStorage, directory: StoragePath, topicPartition: TopicPartition, config: LogConfig,
        now: Instant, recoveryPoint: Offset? = nil, logStartOffset: Offset? = nil
    ) throws(LogError) -> (log: PartitionLog, report: RecoveryReport) {
        var loader = LogLoader(
            storage: storage, directory: directory, config: config, now: now,
            report: RecoveryReport(topicPartition: topicPartition))
        let log = try loader.load(recoveryPoint: recoveryPoint, logStartOffset: logStartOffset)
        return (log, loader.report)
    }
}
