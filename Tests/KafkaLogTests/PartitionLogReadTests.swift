import KafkaCore
import KafkaLog
import Testing

@Suite struct PartitionLogReadTests {
    /// A log of `count` batches of 3 records each (offsets 3i...3i+2), one append per batch.
    private func logWithBatches(
        _ count: Int, config: LogConfig = smallConfig(segmentBytes: 1 << 20)
    ) throws -> (PartitionLog, [RecordBatch]) {
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        try log.appendBatches(count, valueBytes: 20)
        return (log, try log.allBatches())
    }

    @Test("reads return whole batches within maxBytes, and the first one whole with minOneMessage")
    func maxBytes() throws {
        let (log, batches) = try logWithBatches(6)
        let size = batches[0].sizeInBytes
        let two = try log.read(
            from: Offset(0), maxBytes: 2 * size + size / 2, upperBound: Offset(18), minOneMessage: false)
        #expect(two.batches() == Array(batches[0..<2]) && two.nextOffset == Offset(6))
        let none = try log.read(from: Offset(0), maxBytes: size - 1, upperBound: Offset(18), minOneMessage: false)
        #expect(none.isEmpty && none.nextOffset == Offset(0))
        let one = try log.read(from: Offset(4), maxBytes: 1, upperBound: Offset(18), minOneMessage: true)
        #expect(one.batches() == [batches[1]] && one.firstBatchBaseOffset == Offset(3))
    }

    @Test("reads stop before the batch holding the upper bound and are empty between it and the log end")
    func upperBound() throws {
        let (log, batches) = try logWithBatches(6)
        let bounded = try log.read(from: Offset(0), maxBytes: 1 << 20, upperBound: Offset(7), minOneMessage: true)
        #expect(bounded.batches() == Array(batches[0..<2]))
        let atBound = try log.read(from: Offset(9), maxBytes: 1 << 20, upperBound: Offset(9), minOneMessage: true)
        #expect(atBound.isEmpty)
        let mid = try log.read(from: Offset(7), maxBytes: 1 << 20, upperBound: Offset(8), minOneMessage: true)
        #expect(mid.isEmpty)
    }

    @Test("offsets below the log start or past the log end are out of range; the log end itself reads empty")
    func outOfRange() throws {
        let (log, _) = try logWithBatches(4)
        try log.deleteRecords(before: Offset(3), highWatermark: Offset(12))
        #expect(
            throws: LogError.offsetOutOfRange(requested: Offset(2), logStartOffset: Offset(3), logEndOffset: Offset(12))
        ) {
            try log.read(from: Offset(2), maxBytes: 100, upperBound: Offset(12), minOneMessage: true)
        }
        #expect(
            throws: LogError.offsetOutOfRange(
                requested: Offset(13), logStartOffset: Offset(3), logEndOffset: Offset(12))
        ) {
            try log.read(from: Offset(13), maxBytes: 100, upperBound: Offset(12), minOneMessage: true)
        }
        #expect(try log.read(from: Offset(12), maxBytes: 100, upperBound: Offset(12), minOneMessage: true).isEmpty)
        #expect(
            LogError.offsetOutOfRange(requested: Offset(2), logStartOffset: Offset(3), logEndOffset: Offset(12))
                .errorCode == .offsetOutOfRange)
    }

    @Test(
        "every offset reads from the batch holding it, at segment and index entry boundaries",
        arguments: [0, 90, 250, 100_000])
    func indexBoundaries(indexIntervalBytes: Int) throws {
        let (log, batches) = try logWithBatches(
            40, config: smallConfig(segmentBytes: 500, indexIntervalBytes: indexIntervalBytes))
        #expect(log.segmentSummaries.count > 3)
        if indexIntervalBytes == 0 {
            // Every batch but each segment's first gets an entry: the first starts at position 0.
            #expect(log.segmentSummaries.dropLast().allSatisfy { $0.offsetIndexEntries > 0 })
        }
        for offset in 0..<log.logEndOffset.rawValue {
            for maxBytes in [1, 200] {
                let read = try log.read(
                    from: Offset(offset), maxBytes: maxBytes, upperBound: log.logEndOffset, minOneMessage: true)
                let first = try #require(read.batches().first)
                #expect(first.baseOffset <= Offset(offset) && first.lastOffset >= Offset(offset), "offset \(offset)")
                #expect(batches.contains(first))
            }
        }
        let bases = log.segmentSummaries.map(\.baseOffset)
        for base in bases.dropFirst() {
            let before = try log.read(
                from: base.advanced(by: -1), maxBytes: 1 << 20, upperBound: log.logEndOffset, minOneMessage: true)
            #expect(before.batches().last?.nextOffset == base, "a read never crosses into segment \(base)")
        }
    }

    @Test("an index entry is added once more than index.interval.bytes were appended since the last one")
    func indexInterval() throws {
        let size = producerBatch(valueBytes: 20).sizeInBytes
        let (log, batches) = try logWithBatches(
            10, config: smallConfig(segmentBytes: 1 << 20, indexIntervalBytes: size))
        #expect(batches.allSatisfy { $0.sizeInBytes == size })
        // Batch 0 starts the segment; batch 1 follows exactly one interval; batch 2 passes it.
        #expect(log.segmentSummaries[0].offsetIndexEntries == 4)
        // Every batch has the same timestamps: the time index only grows with the max timestamp.
        #expect(log.segmentSummaries[0].timeIndexEntries == 1)
    }

    @Test("verifyChecksums counts the records of a read and catches a damaged batch")
    func verifyChecksums() throws {
        let (log, _) = try logWithBatches(5)
        let read = try log.read(from: Offset(0), maxBytes: 1 << 20, upperBound: Offset(15), minOneMessage: true)
        #expect(try read.verifyChecksums() == 15)
        var bytes = read.records
        bytes[bytes.count - 2] ^= 1
        let damaged = LogReadResult(
            fetchOffset: Offset(0), records: bytes, batchCount: 5, firstBatchBaseOffset: Offset(0),
            nextOffset: Offset(15),
            logStartOffset: Offset(0), logEndOffset: Offset(15))
        #expect(throws: RecordBatchError.self) { try damaged.verifyChecksums() }
    }

    @Test("offsetForTimestamp finds the first record at or after the log start with a timestamp at or after the target")
    func offsetForTimestamp() throws {
        let (log, _) = try openLog(
            SimulatedLogStorage(), config: smallConfig(segmentBytes: 400, indexIntervalBytes: 60))
        var random = TestRandom(seed: 3)
        var records: [(offset: Int64, timestamp: Int64)] = []
        for _ in 0..<40 {
            let timestamps = (0..<3).map { _ in testEpochMilliseconds + Int64(random.int(0...10_000)) }
            let info = try log.appendAsLeader(
                [producerBatch(records: 3, valueBytes: 15, timestamps: timestamps)], leaderEpoch: LeaderEpoch(2),
                now: instant())
            for (index, timestamp) in timestamps.enumerated() {
                records.append((info.firstOffset.rawValue + Int64(index), timestamp))
            }
        }
        try log.deleteRecords(before: Offset(10), highWatermark: log.logEndOffset)
        #expect(log.segmentSummaries.count > 3)
        for target in stride(from: testEpochMilliseconds - 10, through: testEpochMilliseconds + 10_010, by: 37) {
            let found = try log.offsetForTimestamp(target)
            // Kafka's answer: the first batch (by offset) whose max timestamp reaches the target,
            // then its first record at or after the log start that does.
            var expected: TimestampAndOffset?
            let batches = Dictionary(grouping: records.filter { $0.offset >= 9 }, by: { $0.offset / 3 }).sorted {
                $0.key < $1.key
            }
            for (_, batch) in batches where batch.map(\.timestamp).max() ?? -1 >= target {
                if let record = batch.first(where: { $0.timestamp >= target && $0.offset >= 10 }) {
                    expected = TimestampAndOffset(
                        timestampMilliseconds: record.timestamp, offset: Offset(record.offset),
                        leaderEpoch: LeaderEpoch(2))
                    break
                }
            }
            #expect(found == expected, "target \(target)")
        }
    }
}
