import KafkaCore
import KafkaLog
import Testing

@Suite struct PartitionLogRollTests {
    @Test("segments roll before they would pass segment.bytes and are named by their 20-digit base offset")
    func rollsOnSegmentBytes() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 500))
        let infos = try log.appendBatches(20, valueBytes: 20)
        let summaries = log.segmentSummaries
        #expect(summaries.count > 2)
        #expect(summaries.allSatisfy { $0.sizeInBytes <= 500 })
        #expect(infos.compactMap(\.rolledSegmentBaseOffset) == summaries.dropFirst().map(\.baseOffset))
        let names = try storage.entries(in: testDirectory).map(\.name).filter { $0.hasSuffix(".log") }
        #expect(names == summaries.map { SegmentFileName.prefix(for: $0.baseOffset) + ".log" })
        #expect(names[1].count == 24 && names[1].hasPrefix("000000000000000000"))
    }

    @Test("segment.ms is judged by record timestamps on append, not by the clock, and an idle log never rolls")
    func rollsOnSegmentMilliseconds() throws {
        var config = smallConfig(segmentBytes: 1 << 20)
        config.segmentMilliseconds = 10_000
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        let now = instant()
        _ = try log.appendAsLeader(
            [producerBatch(timestamp: testEpochMilliseconds)], leaderEpoch: LeaderEpoch(0), now: now)
        _ = try log.appendAsLeader(
            [producerBatch(timestamp: testEpochMilliseconds + 9_000)], leaderEpoch: LeaderEpoch(0), now: now)
        #expect(log.segmentSummaries.count == 1)
        // Hours pass on the clock without appends: nothing rolls.
        #expect(try log.maybeFlush(now: instant(10_000_000)) == false)
        #expect(log.segmentSummaries.count == 1)
        let info = try log.appendAsLeader(
            [producerBatch(timestamp: testEpochMilliseconds + 10_100)], leaderEpoch: LeaderEpoch(0), now: now)
        #expect(info.rolledSegmentBaseOffset == Offset(6))
        #expect(log.segmentSummaries.map(\.baseOffset) == [Offset(0), Offset(6)])
    }

    @Test("a full offset or time index rolls the segment")
    func rollsOnFullIndex() throws {
        var config = smallConfig(segmentBytes: 1 << 20, indexIntervalBytes: 0)
        config.segmentIndexBytes = 36  // 4 offset entries, 3 time entries (one kept for the roll)
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        for index in 0..<12 {
            _ = try log.appendAsLeader(
                [producerBatch(timestamp: testEpochMilliseconds + Int64(index) * 10)], leaderEpoch: LeaderEpoch(0),
                now: instant())
            log.checkInvariants()
        }
        let summaries = log.segmentSummaries
        #expect(summaries.count > 2)
        #expect(summaries.dropLast().allSatisfy { $0.timeIndexEntries <= 3 && $0.offsetIndexEntries <= 4 })
    }

    @Test("a batch whose offset cannot be stored relative to the segment's base rolls a segment at that batch")
    func rollsOnOffsetOverflow() throws {
        let (log, _) = try openLog(SimulatedLogStorage())
        _ = try log.appendAsFollower([replicatedBatch(baseOffset: 0, epoch: 0)], now: instant())
        let far = Int64(Int32.max) + 10
        let info = try log.appendAsFollower([replicatedBatch(baseOffset: far, epoch: 0)], now: instant())
        log.checkInvariants()
        #expect(info.rolledSegmentBaseOffset == Offset(far))
        #expect(log.segmentSummaries.map(\.baseOffset) == [Offset(0), Offset(far)])
        #expect(
            try log.read(from: Offset(5), maxBytes: 1000, upperBound: log.logEndOffset, minOneMessage: true)
                .firstBatchBaseOffset == Offset(far))
    }

    @Test("an explicit roll starts an empty segment at the log end, and rolling an empty segment does nothing")
    func explicitRoll() throws {
        let (log, _) = try openLog(SimulatedLogStorage())
        try log.appendBatches(2)
        #expect(try log.roll(now: instant()) == Offset(6))
        #expect(try log.roll(now: instant()) == Offset(6))
        #expect(log.segmentSummaries.map(\.baseOffset) == [Offset(0), Offset(6)])
        log.checkInvariants()
    }

    @Test("an append larger than a segment is refused with RECORD_LIST_TOO_LARGE")
    func appendLargerThanSegment() throws {
        let (log, _) = try openLog(SimulatedLogStorage(), config: smallConfig(segmentBytes: 300))
        let batches = [producerBatch(records: 5, valueBytes: 30), producerBatch(records: 5, valueBytes: 30)]
        #expect { try log.appendAsLeader(batches, leaderEpoch: LeaderEpoch(0), now: instant()) } throws: { error in
            (error as? LogError)?.errorCode == .recordListTooLarge
        }
    }
}
