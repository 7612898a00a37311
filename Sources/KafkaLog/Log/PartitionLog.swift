import KafkaCore

/// One partition replica's log on one broker (Kafka's `UnifiedLog` + `LocalLog`): a list of
/// segments in a partition directory, the leader epoch cache, and the offsets that frame them.
///
/// ```
///  logStartOffset            recoveryPoint                         logEndOffset
///        │                        │                                     │
///  [ 00000000000000000000.log ][ 00000000000000004812.log ][ …active… )
///  ^ first segment's base          flushed below ───┘                    next append
/// ```
///
/// Operations and what they move:
///
/// | operation | logStartOffset | logEndOffset | recoveryPoint | epoch cache |
/// |---|---|---|---|---|
/// | `appendAsLeader` / `appendAsFollower` | – | up | up when `flush.messages` is reached | new epoch entries |
/// | `truncate(to:)` | down to at most the new end | down | down to at most the new end | truncated from the end |
/// | `truncateFully(startingAt:)` | set | set | set | cleared |
/// | `deleteRecords(before:highWatermark:)`, `applyRetention` | up (never past the high watermark) | – | – | truncated from the start |
/// | `flush(upTo:now:)`, `maybeFlush(now:)` (also runs the flush a roll scheduled), `close(now:)` | – | – | up | – |
///
/// Invariants (`checkInvariants()`): `firstSegment.baseOffset ≤ logStartOffset ≤ logEndOffset`;
/// segments sorted by base offset, each ending at or before the next one's base; the last
/// segment ends at `logEndOffset`; `recoveryPoint ≤ logEndOffset`; epoch entries strictly
/// increasing and within `[logStartOffset, logEndOffset]`.
///
/// Durability: appends are written, not flushed (Kafka's default). A roll schedules a flush of
/// the old segment, as Kafka's roll schedules one on its background scheduler: the broker's
/// next `maybeFlush(now:)` runs it (`nextFlushDeadline` is due at once), or else the next roll,
/// so no fsync sits on the append path of a broker that ticks. Truncations, by a follower or by
/// recovery, are flushed at once, so cut bytes cannot come back after a power loss; `close`
/// flushes everything and writes the clean-shutdown marker. Flushed bytes always form a prefix
/// of the log (older segments are flushed first), so a power loss never leaves a hole.
///
/// Checkpoints: the recovery point and the log start offset are per-log-directory files in
/// Kafka (`recovery-point-offset-checkpoint`, `log-start-offset-checkpoint`), owned by the
/// broker: it writes them with `OffsetCheckpointFile` from `recoveryPoint` / `logStartOffset`
/// and hands them back to `open`. The leader epoch checkpoint is the log's own, written
/// synchronously after every change of the cache.
///
/// Failures: any storage failure takes the log offline (see `LogError`). Single-threaded and
/// deterministic: time only arrives as `now`.
public final class PartitionLog {
    /// The file that marks a clean shutdown, so the next open skips recovery. Kafka writes one
    /// per log directory; here each partition directory has its own.
    public static let cleanShutdownFileName = ".kafka_cleanshutdown"
    /// Bytes per read while recovering (large reads: recovery is bound by CRC32C speed).
    public static let recoveryChunkBytes = 8 << 20

    public let topicPartition: TopicPartition
    /// The partition directory, `<topic>-<partition>` inside the broker's data directory.
    public let directory: StoragePath
    let storage: any LogStorage
    /// The topic's log settings; `updateConfig(_:)` changes them for later operations.
    public private(set) var config: LogConfig
    /// The segments, oldest first; never empty. The last one is the active segment.
    var segments: [LogSegment] {
        didSet { refreshLogEndOffset() }
    }
    /// The first offset that may be read.
    public internal(set) var logStartOffset: Offset {
        @inlinable get { storedLogStartOffset }
        @inline(__always) set { storedLogStartOffset = newValue }
    }
    // The storage behind `logStartOffset`, `offlineCause` and `isClosed`. The last two are not
    // visible outside the module, so the optimizer can drop the dynamic exclusivity checks on
    // every operation's reads. The log start and end offsets are `@usableFromInline` instead, for
    // their inlinable getters: the brokers read them for every fetched, served and appended
    // partition, and as calls into this module that was about 350,000 calls per 10 s of
    // `bench sim` (their setters stay internal; release builds of the engines run without the
    // dynamic exclusivity checks anyway, see `engine` in Package.swift).
    @usableFromInline var storedLogStartOffset: Offset {
        didSet { changeStamp &+= 1 }
    }
    private var storedOfflineCause: StorageError? {
        didSet { changeStamp &+= 1 }
    }
    private var storedIsClosed = false
    /// The active segment's `nextOffset`, kept here because the brokers read the log end offset
    /// of every session partition on every fetch: through `segments.last` that was three
    /// dependent loads (array, segment, field), usually cache misses, 1.9 % of `bench sim` in a
    /// getter. `refreshLogEndOffset()` runs after every change of the active segment's end (the
    /// array's `didSet`, appends, truncation); debug builds check it on every read.
    @usableFromInline var storedLogEndOffset: Offset {
        didSet { changeStamp &+= 1 }
    }
    /// Bumped on every change of the log end offset, the log start offset, the offline state or
    /// the epoch cache: a broker that read the log with nothing to send knows that the same read
    /// finds the same while the stamp holds (the leader's incremental fetch sessions skip such
    /// partitions instead of reading each of them on every fetch).
    public private(set) var changeStamp: UInt64 = 0 {
        didSet { changeSignal?.count &+= 1 }
    }
    /// Bumped with `changeStamp`: a signal shared with other logs tells a broker that none of
    /// them changed without a look at each (the broker's partitions of one topic share one).
    public var changeSignal: ChangeSignal?
    /// Every offset below it is flushed; recovery scans from the segment holding it.
    public internal(set) var recoveryPoint: Offset
    /// `@usableFromInline` for the inlinable `latestEpoch`, which brokers read on every fetch.
    @usableFromInline var epochCache: LeaderEpochCache {
        didSet { changeStamp &+= 1 }
    }
    let epochCheckpoint: LeaderEpochCheckpointFile
    /// When the log was last flushed (or opened), for `flush.ms`.
    public internal(set) var lastFlushTime: Instant
    /// The flush a roll scheduled (Kafka's `flush-log` task: everything below the new segment),
    /// and when; the broker's next `maybeFlush(now:)` runs it, or the next roll if it comes first.
    public internal(set) var scheduledFlush: (upTo: Offset, at: Instant)?
    /// The storage failure that took the log offline, `nil` while it is online.
    public internal(set) var offlineCause: StorageError? {
        @inline(__always) get { storedOfflineCause }
        @inline(__always) set { storedOfflineCause = newValue }
    }
    /// Where a storage failure of this log is reported for its whole log directory (set by the
    /// `LogManager` that owns the log).
    var failureChannel: LogDirFailureChannel?
    /// Whether `close` ran; using a closed log is a programmer error.
    public internal(set) var isClosed: Bool {
        @inline(__always) get { storedIsClosed }
        @inline(__always) set { storedIsClosed = newValue }
    }

    init(
        topicPartition: TopicPartition, directory: StoragePath, storage: any LogStorage, config: LogConfig,
        segments: [LogSegment], logStartOffset: Offset, recoveryPoint: Offset, epochCache: LeaderEpochCache,
        now: Instant
    ) {
        precondition(!segments.isEmpty, "a partition log needs at least one segment")
        self.topicPartition = topicPartition
        self.directory = directory
        self.storage = storage
        self.config = config
        self.segments = segments
        self.storedLogEndOffset = segments[segments.count - 1].nextOffset
        self.storedLogStartOffset = logStartOffset
        self.recoveryPoint = recoveryPoint
        self.epochCache = epochCache
        self.epochCheckpoint = LeaderEpochCheckpointFile(storage: storage, partitionDirectory: directory)
        self.lastFlushTime = now
        // Only the active segment keeps its batch table (recovery builds one for each segment).
        for segment in segments.dropLast() { segment.dropBatchTable() }
    }

    // MARK: - Offsets and shape

    /// The segment that takes appends.
    var activeSegment: LogSegment {
        guard let last = segments.last else { preconditionFailure("\(topicPartition) has no segments") }
        return last
    }

    /// The offset the next appended record gets.
    public var logEndOffset: Offset {
        @inlinable get {
            assert(isLogEndOffsetCurrent, "\(topicPartition): stale log end offset")
            return storedLogEndOffset
        }
    }

    /// Whether `storedLogEndOffset` is the active segment's end (what debug builds check on
    /// every read of `logEndOffset`).
    @usableFromInline var isLogEndOffsetCurrent: Bool { storedLogEndOffset == activeSegment.nextOffset }

    /// Re-reads the log end offset from the active segment (see `storedLogEndOffset`).
    @inline(__always)
    func refreshLogEndOffset() {
        storedLogEndOffset = activeSegment.nextOffset
    }

    /// Bytes in all segments.
    public var sizeInBytes: Int { segments.reduce(0) { $0 + $1.sizeInBytes } }

    /// Whether a storage failure took the log offline.
    public var isOffline: Bool { offlineCause != nil }

    /// Offsets appended since the last flush (Kafka's `unflushedMessages`).
    public var unflushedOffsets: Int64 { logEndOffset.distance(from: recoveryPoint) }

    /// The segments, oldest first, for the console.
    public var segmentSummaries: [SegmentSummary] {
        segments.enumerated().map { index, segment in segment.summary(isActive: index == segments.count - 1) }
    }

    /// The segments the log cleaner may read and replace: every one but the active segment.
    public var nonActiveSegments: ArraySlice<LogSegment> { segments.dropLast() }

    /// Changes the topic configuration; new values apply from the next operation (existing
    /// indexes keep the size they were created with).
    public func updateConfig(_ newConfig: LogConfig) {
        config = newConfig
    }

    /// The index of the segment with the greatest base offset ≤ `offset`, `nil` when `offset` is
    /// below the first segment.
    func floorSegmentIndex(_ offset: Offset) -> Int? {
        let after = OffsetIndex.partitionPoint(segments.count) { segments[$0].baseOffset > offset }
        return after == 0 ? nil : after - 1
    }

    /// The end of segment `index`'s offset range: the next segment's base, or the log end offset.
    func upperBound(ofSegment index: Int) -> Offset {
        index + 1 < segments.count ? segments[index + 1].baseOffset : logEndOffset
    }

    // MARK: - Leader epochs

    /// The epoch the log is being written in, `nil` when the cache is empty.
    @inlinable public var latestEpoch: LeaderEpoch? { epochCache.latestEpoch }

    /// The leader epoch cache's entries, oldest first.
    public var epochEntries: [EpochEntry] { epochCache.entries }

    /// Where `epoch` ends in this log (Kafka's `endOffsetForEpoch`), for `OffsetsForLeaderEpoch`
    /// and follower truncation.
    public func endOffset(forEpoch epoch: LeaderEpoch) -> EpochEndOffset {
        epochCache.endOffset(forEpoch: epoch, logEndOffset: logEndOffset)
    }

    /// The epoch `offset` was written in, `nil` when the cache does not know.
    public func epoch(forOffset offset: Offset) -> LeaderEpoch? {
        epochCache.epoch(forOffset: offset)
    }

    /// Records that `epoch` starts at `startOffset` and writes the checkpoint when that changed
    /// the cache. A new leader calls it with the log end offset on taking office, before it
    /// appends anything (Kafka's `maybeAssignEpochStartOffset` in `Partition.makeLeader`).
    public func assignEpoch(_ epoch: LeaderEpoch, startOffset: Offset) throws(LogError) {
        precondition(
            startOffset >= logStartOffset && startOffset <= logEndOffset && epoch.rawValue >= 0,
            "\(topicPartition): epoch \(epoch) cannot start at \(startOffset), outside [\(logStartOffset), \(logEndOffset)]"
        )
        try guarded { () throws(LogError) in
            if epochCache.assign(epoch: epoch, startOffset: startOffset) { try writeEpochCheckpoint() }
        }
    }

    /// Writes the leader epoch checkpoint with the cache's entries.
    func writeEpochCheckpoint() throws(LogError) {
        try io { () throws(StorageError) in try epochCheckpoint.write(epochCache.entries) }
    }

    // MARK: - Failure handling

    /// Runs one public operation: refuses to run on a closed or offline log, and takes the log
    /// offline when the operation fails on storage.
    func guarded<T>(_ body: () throws(LogError) -> T) throws(LogError) -> T {
        precondition(!isClosed, "\(topicPartition) used after close()")
        if let offlineCause { throw .offline(offlineCause) }
        do {
            return try body()
        } catch {
            switch error {
            case .storage(let cause):
                offlineCause = cause
                failureChannel?.report(cause)
            case .corruptSegment:
                let cause = StorageError.ioError(path: directory, reason: error.description)
                offlineCause = cause
                failureChannel?.report(cause)
            case .offline, .checkpoint, .recordBatch, .invalidBatch, .offsetOutOfRange,
                .logStartOffsetBeyondHighWatermark, .unexpectedAppendOffset, .offsetsOutOfOrder, .recordListTooLarge:
                break
            }
            throw error
        }
    }

    /// Runs a storage call, turning its failure into `LogError.storage`.
    func io<T>(_ body: () throws(StorageError) -> T) throws(LogError) -> T {
        do {
            return try body()
        } catch {
            throw .storage(error)
        }
    }

    // MARK: - Invariants

    /// Traps when the log's state is inconsistent (see the type's summary).
    public func checkInvariants() {
        precondition(!segments.isEmpty, "\(topicPartition) has no segments")
        precondition(
            storedLogEndOffset == activeSegment.nextOffset,
            "\(topicPartition): cached log end offset \(storedLogEndOffset), active segment ends at \(activeSegment.nextOffset)"
        )
        let first = segments[0].baseOffset
        precondition(
            first <= logStartOffset && logStartOffset <= logEndOffset,
            "\(topicPartition): log start \(logStartOffset) outside [first segment \(first), log end \(logEndOffset)]")
        precondition(
            recoveryPoint <= logEndOffset,
            "\(topicPartition): recovery point \(recoveryPoint) > log end \(logEndOffset)")
        for index in segments.indices {
            segments[index].checkInvariants()
            if index > 0 {
                let previous = segments[index - 1]
                precondition(
                    previous.baseOffset < segments[index].baseOffset
                        && previous.nextOffset <= segments[index].baseOffset,
                    "\(topicPartition): segment \(previous.baseOffset) ends at \(previous.nextOffset), "
                        + "past the next segment's base \(segments[index].baseOffset)")
            }
        }
        epochCache.checkInvariants()
        for entry in epochCache.entries {
            precondition(
                entry.startOffset >= logStartOffset && entry.startOffset <= logEndOffset,
                "\(topicPartition): \(entry) outside [\(logStartOffset), \(logEndOffset)]")
        }
    }
}

@available(*, unavailable)
extension PartitionLog: Sendable {}
