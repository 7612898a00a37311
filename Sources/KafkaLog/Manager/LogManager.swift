import KafkaCore

/// Every partition log in one broker's data directory (Kafka's `LogManager` for one log
/// directory), and the directory-wide checkpoint files that frame them:
///
/// ```
/// <data-dir>/broker-1/
///   recovery-point-offset-checkpoint    topic partition offset: flushed below this
///   log-start-offset-checkpoint         topic partition offset: readable from this
///   orders-0/  orders-1/  …             one PartitionLog each
/// ```
///
/// `open` loads every partition directory, handing each log its checkpointed recovery point and
/// log start offset, so recovery scans only what was not known to be flushed. The broker calls
/// `checkpoint()` periodically (Kafka: `log.flush.offset.checkpoint.interval.ms`, 60 s) and
/// `shutdown(now:)` on a clean stop. A missing or malformed checkpoint is never fatal: recovery
/// just scans from the start of each log, which is always safe.
///
/// Logs are kept in a dictionary for lookups and in an array in `TopicPartition` order for
/// every walk over them, so nothing depends on hash order. The array is kept sorted as logs come
/// and go: the broker's periodic flush check walks every log, and sorting the keys on each walk
/// was most of its cost.
public final class LogManager {
    public let storage: any LogStorage
    /// The broker's data directory.
    public let directory: StoragePath
    private var logs: [TopicPartition: PartitionLog] = [:]
    /// The values of `logs`, sorted by topic partition.
    private var orderedLogs: [PartitionLog] = []
    /// Where this directory's logs report storage failures; the first one takes it offline.
    public let failureChannel = LogDirFailureChannel()

    /// Why a checkpoint was ignored at open, for the broker's event timeline.
    public private(set) var checkpointWarnings: [String] = []

    /// What `checkpoint()` last wrote, to skip identical rewrites.
    private var lastRecoveryPoints: [TopicPartition: Offset]?
    private var lastLogStartOffsets: [TopicPartition: Offset]?

    private init(storage: any LogStorage, directory: StoragePath) {
        self.storage = storage
        self.directory = directory
    }

    /// Opens the data directory (creating it when missing) and every partition log in it.
    /// `config` gives each partition's topic config. Directories that are not
    /// `<topic>-<partition>` are left alone; `-delete` directories are removed, finishing a
    /// deletion a crash interrupted.
    public static func open(
        storage: any LogStorage, directory: StoragePath, now: Instant, config: (TopicPartition) -> LogConfig
    ) throws(LogError) -> (manager: LogManager, reports: [RecoveryReport]) {
        let manager = LogManager(storage: storage, directory: directory)
        let recoveryPoints = manager.readCheckpoint(OffsetCheckpointFile.recoveryPointFileName)
        let logStartOffsets = manager.readCheckpoint(OffsetCheckpointFile.logStartFileName)
        var reports: [RecoveryReport] = []
        try io { () throws(StorageError) in try storage.createDirectory(directory) }
        for entry in try io({ () throws(StorageError) in try storage.entries(in: directory) })
        where entry.kind == .directory {
            if entry.name.hasSuffix(PartitionDirectoryName.deletedSuffix) {
                try io { () throws(StorageError) in try storage.deleteDirectory(directory.appending(entry.name)) }
                continue
            }
            guard let topicPartition = PartitionDirectoryName.parse(entry.name) else { continue }
            let (log, report) = try PartitionLog.open(
                storage: storage, directory: directory.appending(entry.name), topicPartition: topicPartition,
                config: config(topicPartition), now: now, recoveryPoint: recoveryPoints[topicPartition],
                logStartOffset: logStartOffsets[topicPartition])
            log.failureChannel = manager.failureChannel
            manager.add(log)
            reports.append(report)
        }
        return (manager, reports)
    }

    /// The partitions with a log here, in order.
    public var topicPartitions: [TopicPartition] { orderedLogs.map(\.topicPartition) }

    public func log(for topicPartition: TopicPartition) -> PartitionLog? {
        logs[topicPartition]
    }

    /// The log of `topicPartition`, created empty when it does not exist yet.
    public func getOrCreateLog(
        _ topicPartition: TopicPartition, config: LogConfig, now: Instant
    ) throws(LogError)
        -> PartitionLog
    {
        if let existing = logs[topicPartition] { return existing }
        let path = directory.appending(PartitionDirectoryName.name(of: topicPartition))
        try reporting { () throws(LogError) in
            try Self.io { () throws(StorageError) in try storage.createDirectory(path) }
        }
        let (log, _) = try reporting { () throws(LogError) in
            try PartitionLog.open(
                storage: storage, directory: path, topicPartition: topicPartition, config: config, now: now)
        }
        log.failureChannel = failureChannel
        add(log)
        return log
    }

    /// Puts `log` in both `logs` and `orderedLogs`, replacing one of the same partition (two
    /// directories at open, `orders-1` and `orders-01`, name the same partition: the later wins).
    private func add(_ log: PartitionLog) {
        logs[log.topicPartition] = log
        let index = orderedIndex(of: log.topicPartition)
        if index < orderedLogs.count && orderedLogs[index].topicPartition == log.topicPartition {
            orderedLogs[index] = log
        } else {
            orderedLogs.insert(log, at: index)
        }
    }

    /// The position of `topicPartition` in `orderedLogs`, or where it would go.
    private func orderedIndex(of topicPartition: TopicPartition) -> Int {
        OffsetIndex.partitionPoint(orderedLogs.count) { orderedLogs[$0].topicPartition >= topicPartition }
    }

    /// Deletes a partition's log: its directory is renamed `…-delete` first, so a crash part way
    /// leaves a directory the next `open` finishes removing, never half a log.
    public func deleteLog(_ topicPartition: TopicPartition) throws(LogError) {
        guard logs.removeValue(forKey: topicPartition) != nil else { return }
        orderedLogs.remove(at: orderedIndex(of: topicPartition))
        let name = PartitionDirectoryName.name(of: topicPartition)
        let doomed = directory.appending(name + PartitionDirectoryName.deletedSuffix)
        try reporting { () throws(LogError) in
            try Self.io { () throws(StorageError) in
                try storage.rename(directory.appending(name), to: doomed)
                try storage.flushDirectory(directory)
                try storage.deleteDirectory(doomed)
            }
        }
    }

    /// Writes the recovery points and log start offsets of every online log (Kafka's
    /// `checkpointLogRecoveryOffsets` and `checkpointLogStartOffsets`).
    public func checkpoint() throws(LogError) {
        var recoveryPoints: [TopicPartition: Offset] = [:]
        var logStartOffsets: [TopicPartition: Offset] = [:]
        for log in orderedLogs where !log.isOffline {
            recoveryPoints[log.topicPartition] = log.recoveryPoint
            logStartOffsets[log.topicPartition] = log.logStartOffset
        }
        // Files that would not change are not rewritten (nor fsynced).
        try reporting { () throws(LogError) in
            try Self.io { () throws(StorageError) in
                if recoveryPoints != lastRecoveryPoints {
                    try checkpointFile(OffsetCheckpointFile.recoveryPointFileName).write(recoveryPoints)
                    lastRecoveryPoints = recoveryPoints
                }
                if logStartOffsets != lastLogStartOffsets {
                    try checkpointFile(OffsetCheckpointFile.logStartFileName).write(logStartOffsets)
                    lastLogStartOffsets = logStartOffsets
                }
            }
        }
    }

    /// Runs every log's due flush (`flush.ms`, `flush.messages`, flushes scheduled by rolls).
    public func maybeFlush(now: Instant) throws(LogError) {
        for log in orderedLogs where !log.isOffline && !log.isClosed {
            _ = try log.maybeFlush(now: now)
        }
    }

    /// A clean shutdown: every log closed (flushed, with its clean-shutdown marker), then the
    /// checkpoints written with the final recovery points.
    public func shutdown(now: Instant) throws(LogError) {
        for log in orderedLogs where !log.isOffline && !log.isClosed {
            try log.close(now: now)
        }
        try checkpoint()
    }

    /// Runs directory-level work, reporting a storage failure to `failureChannel`.
    private func reporting<T>(_ body: () throws(LogError) -> T) throws(LogError) -> T {
        do {
            return try body()
        } catch {
            if case .storage(let cause) = error { failureChannel.report(cause) }
            throw error
        }
    }

    /// Runs storage work, turning its failure into a `LogError`.
    private static func io<T>(_ body: () throws(StorageError) -> T) throws(LogError) -> T {
        do {
            return try body()
        } catch {
            throw .storage(error)
        }
    }

    private func checkpointFile(_ name: String) -> OffsetCheckpointFile {
        OffsetCheckpointFile(storage: storage, path: directory.appending(name))
    }

    /// A checkpoint's offsets; empty (with a warning) when the file is missing or malformed.
    private func readCheckpoint(_ name: String) -> [TopicPartition: Offset] {
        do {
            return try checkpointFile(name).read()
        } catch {
            if case .storage(.notFound) = error { return [:] }
            checkpointWarnings.append("\(directory.appending(name)): \(error); recovering those logs from their start")
            return [:]
        }
    }
}
