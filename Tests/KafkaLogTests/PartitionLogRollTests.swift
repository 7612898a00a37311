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

    @Test(
        "one follower append whose offsets span more than Int32 goes into two segments, split at the batch that overflows"
    )
    func followerAppendSplitsIntoRuns() throws {
        let (log, _) = try openLog(SimulatedLogStorage())
        let far = Int64(Int32.max) + 10
        let batches = [
            replicatedBatch(baseOffset: 0, epoch: 0), replicatedBatch(baseOffset: 3, epoch: 1),
            replicatedBatch(baseOffset: far, epoch: 1, timestamp: testEpochMilliseconds + 5),
            replicatedBatch(baseOffset: far + 3, epoch: 2),
        ]
        let info = try log.appendAsFollower(batches, now: instant())
        log.checkInvariants()
        #expect(info.firstOffset == Offset(0))
        #expect(info.lastOffset == Offset(far + 5))
        #expect(info.batchCount == 4 && info.recordCount == 12)
        // Records are stamped timestamp + index: the third batch holds the largest, +7.
        #expect(info.maxTimestamp == testEpochMilliseconds + 7 && info.offsetOfMaxTimestamp == Offset(far + 2))
        #expect(info.lastLeaderEpoch == LeaderEpoch(2))
        #expect(info.rolledSegmentBaseOffset == Offset(far))
        #expect(log.logEndOffset == Offset(far + 6))
        #expect(log.segmentSummaries.map(\.baseOffset) == [Offset(0), Offset(far)])
        #expect(log.segmentSummaries.map(\.nextOffset) == [Offset(6), Offset(far + 6)])
        #expect(log.epochEntries.map(\.startOffset) == [Offset(0), Offset(3), Offset(far + 3)])
        let tail = try log.read(
            from: Offset(far + 4), maxBytes: 10_000, upperBound: log.logEndOffset, minOneMessage: true)
        #expect(tail.batches().map(\.baseOffset) == [Offset(far + 3)])
    }

    @Test("a leader append assigns consecutive offsets from the log end and stamps its epoch on every batch")
    func leaderAppendStampsEachBatch() throws {
        let (log, _) = try openLog(SimulatedLogStorage())
        _ = try log.appendAsFollower([replicatedBatch(baseOffset: 0, epoch: 0)], now: instant())
        let batches = [producerBatch(records: 2), producerBatch(records: 4), producerBatch(records: 1)]
        let info = try log.appendAsLeader(batches, leaderEpoch: LeaderEpoch(3), now: instant())
        log.checkInvariants()
        #expect(info.firstOffset == Offset(3) && info.lastOffset == Offset(9))
        let read = try log.read(from: Offset(3), maxBytes: 10_000, upperBound: log.logEndOffset, minOneMessage: true)
        #expect(read.batches().map(\.baseOffset) == [Offset(3), Offset(5), Offset(9)])
        #expect(read.batches().allSatisfy { $0.partitionLeaderEpoch == LeaderEpoch(3) && $0.isChecksumValid })
        #expect(log.epochEntries.map(\.startOffset) == [Offset(0), Offset(3)])
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
