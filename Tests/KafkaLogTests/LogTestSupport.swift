import KafkaCore
import KafkaLog

/// A small seeded generator (SplitMix64) for tests: the same seed gives the same run in every
/// process, unlike the system generator.
struct TestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A value in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// `true` with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
}

/// Virtual time for tests: 2023-11-14 in milliseconds, far from zero so timestamps look real.
let testEpochMilliseconds: Int64 = 1_700_000_000_000

/// The instant `milliseconds` after `testEpochMilliseconds`.
func instant(_ milliseconds: Int64 = 0) -> Instant {
    Instant(microseconds: (testEpochMilliseconds + milliseconds) * 1000)
}

/// A producer batch (base offset 0, no epoch) of `records` records with `valueBytes`-byte values,
/// timestamps from `timestamp` (one millisecond apart unless `timestamps` gives each).
func producerBatch(
    records: Int = 3, valueBytes: Int = 10, timestamp: Int64 = testEpochMilliseconds, timestamps: [Int64]? = nil,
    keyed: Bool = true, seed: UInt8 = 0
) -> RecordBatch {
    var builder = RecordBatchBuilder(capacityBytes: 128 + records * (valueBytes + 16))
    for index in 0..<records {
        let value = [UInt8](repeating: seed &+ UInt8(truncatingIfNeeded: index), count: valueBytes)
        let key: [UInt8]? = keyed ? Array("k\(index % 5)".utf8) : nil
        builder.append(timestamp: timestamps?[index] ?? timestamp + Int64(index), key: key, value: value)
    }
    return builder.build()
}

/// A batch as a leader would have stored it, for follower appends.
func replicatedBatch(
    baseOffset: Int64, epoch: Int32, records: Int = 3, valueBytes: Int = 10, timestamp: Int64 = testEpochMilliseconds
) -> RecordBatch {
    producerBatch(records: records, valueBytes: valueBytes, timestamp: timestamp)
        .withBaseOffset(Offset(baseOffset)).withPartitionLeaderEpoch(LeaderEpoch(epoch))
}

/// A log config with small segments and indexes so tests cross every boundary.
func smallConfig(segmentBytes: Int = 1024, indexIntervalBytes: Int = 100) -> LogConfig {
    var config = LogConfig()
    config.segmentBytes = segmentBytes
    config.indexIntervalBytes = indexIntervalBytes
    config.retentionMilliseconds = -1
    return config
}

let testPartition = TopicPartition("orders", 0)
let testDirectory: StoragePath = "broker-1/orders-0"

/// Opens the test partition's log.
func openLog(
    _ storage: any LogStorage, config: LogConfig = smallConfig(), now: Instant = instant(),
    recoveryPoint: Offset? = nil, logStartOffset: Offset? = nil
) throws -> (PartitionLog, RecoveryReport) {
    let (log, report) = try PartitionLog.open(
        storage: storage, directory: testDirectory, topicPartition: testPartition, config: config, now: now,
        recoveryPoint: recoveryPoint, logStartOffset: logStartOffset)
    log.checkInvariants()
    return (log, report)
}

extension PartitionLog {
    /// Every batch from the log start offset to the log end offset, read segment by segment.
    func allBatches() throws -> [RecordBatch] {
        var batches: [RecordBatch] = []
        var offset = logStartOffset
        while offset < logEndOffset {
            let result = try read(from: offset, maxBytes: 1 << 20, upperBound: logEndOffset, minOneMessage: true)
            if result.isEmpty { break }
            batches += result.batches()
            offset = result.nextOffset
        }
        return batches
    }

    /// Appends `count` producer batches as leader in `epoch`, one append each.
    @discardableResult
    func appendBatches(
        _ count: Int, records: Int = 3, valueBytes: Int = 10, epoch: Int32 = 0, at now: Instant = instant()
    )
        throws -> [LogAppendInfo]
    {
        var infos: [LogAppendInfo] = []
        for index in 0..<count {
            let batch = producerBatch(
                records: records, valueBytes: valueBytes, timestamp: now.milliseconds,
                seed: UInt8(truncatingIfNeeded: index))
            infos.append(try appendAsLeader([batch], leaderEpoch: LeaderEpoch(epoch), now: now))
            checkInvariants()
        }
        return infos
    }
}
