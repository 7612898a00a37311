import Foundation
import KafkaCore
import KafkaLog

/// `flightdeck bench log`: the log engine on real files, against a bare write(2)+CRC loop over
/// the same bytes measured in the same process.
///
/// 1. baseline: write every batch with one write(2) each, computing its CRC32C;
/// 2. append: the same batches appended as leader to a `PartitionLog` on `FileLogStorage`
///    (validation, offset assignment, indexes, coalesced writes; no fsync, Kafka's default);
/// 3. read: the whole log read back from the start in 1 MiB fetches, every batch's CRC checked;
/// 4. recovery: the log is dropped without a clean shutdown and opened again with no recovery
///    point, so every segment is scanned, CRC-checked and its indexes rebuilt.
///
/// The files are fresh, so reads and recovery are served mostly from the page cache, as they
/// are on a broker that restarts soon after writing.
enum LogBenchmark {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let fetchBytes = 1 << 20
    /// The virtual time of the run: just after the workload's record timestamps, so the log's
    /// timestamp checks (`message.timestamp.after.max.ms`) see a plausible producer clock.
    static let now = Instant(microseconds: BenchWorkload.firstTimestampMilliseconds * 1000) + .seconds(1)

    static func run(_ options: BenchOptions) throws -> [BenchFigure] {
        let workload = BenchWorkload()
        let root = try makeRoot(under: options.directory)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let batchCount = workload.batchCount(forBytes: options.logMebibytes << 20)
        let records = Double(batchCount * workload.recordsPerBatch)
        let logBytes = Double(batchCount * workload.batch.sizeInBytes)

        let baselineSeconds = try WriteBaseline.run(
            path: root + "/baseline.bin", batch: workload.batch, count: batchCount)
        let storage = FileLogStorage(rootDirectory: root)
        let directory = StoragePath("bench-0")
        let topicPartition = TopicPartition("bench", 0)
        // The log goes out of scope after the read without `close()`: no clean-shutdown marker,
        // so the next open recovers every segment, as after a crash.
        let (appendSeconds, readSeconds) = try appendAndRead(
            workload, count: batchCount, storage: storage, directory: directory, expectedRecords: Int(records))
        let start = ContinuousClock.now
        let (reopened, report) = try PartitionLog.open(
            storage: storage, directory: directory, topicPartition: topicPartition, config: LogConfig(), now: now)
        let recoverySeconds = (ContinuousClock.now - start).seconds
        guard reopened.logEndOffset == Offset(Int64(records)), report.truncation == nil else {
            throw Failure(description: "recovery lost data: \(report)")
        }
        return [
            BenchFigure(name: "log_bytes", value: logBytes, unit: "bytes"),
            BenchFigure(name: "records", value: records, unit: "records"),
            BenchFigure(name: "records_per_batch", value: Double(workload.recordsPerBatch), unit: "records"),
            BenchFigure(name: "append_records_per_s", value: records / appendSeconds, unit: "records/s"),
            BenchFigure(name: "append_bytes_per_s", value: logBytes / appendSeconds, unit: "bytes/s"),
            BenchFigure(name: "read_records_per_s", value: records / readSeconds, unit: "records/s"),
            BenchFigure(name: "recovery_bytes_per_s", value: logBytes / recoverySeconds, unit: "bytes/s"),
            BenchFigure(name: "baseline_write_records_per_s", value: records / baselineSeconds, unit: "records/s"),
            BenchFigure(name: "append_ratio_to_baseline", value: baselineSeconds / appendSeconds, unit: "ratio"),
            BenchFigure(name: "peak_resident_bytes", value: Double(ProcessMemory.peakResidentBytes), unit: "bytes"),
        ]
    }

    /// Appends `count` copies of the workload's batch, one batch per produce call as a client
    /// with one partition sends them, then reads the whole log back from the start in
    /// `fetchBytes` fetches, verifying every batch's CRC. Returns both durations in seconds.
    private static func appendAndRead(
        _ workload: BenchWorkload, count: Int, storage: FileLogStorage, directory: StoragePath, expectedRecords: Int
    ) throws -> (Double, Double) {
        try storage.createDirectory(directory)
        let (log, _) = try PartitionLog.open(
            storage: storage, directory: directory, topicPartition: TopicPartition("bench", 0), config: LogConfig(),
            now: now)
        let batches = [workload.batch]
        let appendStart = ContinuousClock.now
        for _ in 0..<count {
            _ = try log.appendAsLeader(batches, leaderEpoch: LeaderEpoch(0), now: now)
        }
        let appendSeconds = (ContinuousClock.now - appendStart).seconds
        var records = 0
        var offset = log.logStartOffset
        let readStart = ContinuousClock.now
        while offset < log.logEndOffset {
            let result = try log.read(
                from: offset, maxBytes: fetchBytes, upperBound: log.logEndOffset, minOneMessage: true)
            records += try result.verifyChecksums()
            guard result.nextOffset > offset else { throw Failure(description: "read made no progress at \(offset)") }
            offset = result.nextOffset
        }
        let readSeconds = (ContinuousClock.now - readStart).seconds
        guard records == expectedRecords else {
            throw Failure(description: "read back \(records) records, appended \(expectedRecords)")
        }
        return (appendSeconds, readSeconds)
    }

    private static func makeRoot(under parent: String?) throws -> String {
        let base = parent ?? NSTemporaryDirectory()
        let root = (base as NSString).appendingPathComponent(
            "flightdeck-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(root): \(error.localizedDescription)")
        }
        return root
    }
}
