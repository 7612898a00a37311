import KafkaCore

/// The data every log benchmark writes: 100-byte record values with 8-byte keys in batches of
/// about 16 KiB, as a producer with `batch.size=16384` sends them.
struct BenchWorkload {
    static let valueBytes = 100
    static let targetBatchBytes = 16 * 1024
    static let firstTimestampMilliseconds: Int64 = 1_700_000_000_000

    /// One valid batch, built once; the log rewrites its base offset on every append, exactly as
    /// it does for a client's batch.
    let batch: RecordBatch
    let recordsPerBatch: Int

    init() {
        var builder = RecordBatchBuilder()
        let value = [UInt8]((0..<Self.valueBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        var index = 0
        while true {
            let key = Array("key-\(index % 10_000)".utf8)
            let next = builder.sizeOfNextRecord(timestamp: Self.firstTimestampMilliseconds, key: key, value: value)
            if builder.sizeInBytes + next > Self.targetBatchBytes && !builder.isEmpty { break }
            builder.append(timestamp: Self.firstTimestampMilliseconds + Int64(index), key: key, value: value)
            index += 1
        }
        recordsPerBatch = index
        batch = builder.build()
    }

    /// How many batches make `bytes` of log.
    func batchCount(forBytes bytes: Int) -> Int {
        max(1, bytes / batch.sizeInBytes)
    }
}
