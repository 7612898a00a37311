import KafkaCore
import KafkaLog
import Testing

@Suite struct PartitionLogFlushTests {
    private func segmentPath(_ base: Offset) -> StoragePath {
        testDirectory.appending(SegmentFileName(baseOffset: base, kind: .log).fileName)
    }

    @Test("appends are not flushed by default; a roll schedules a flush of the old segment that maybeFlush runs")
    func flushOnRoll() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 600))
        try log.appendBatches(3, valueBytes: 20)
        #expect(log.recoveryPoint == Offset(0) && log.nextFlushDeadline == nil)
        #expect(storage.flushedContents(of: segmentPath(Offset(0))) == [])
        try log.appendBatches(4, valueBytes: 20, at: instant(50))
        let bases = log.segmentSummaries.map(\.baseOffset)
        #expect(bases.count == 2 && log.nextFlushDeadline == instant(50))
        #expect(log.recoveryPoint == Offset(0))
        #expect(try log.maybeFlush(now: instant(60)))
        #expect(log.recoveryPoint == bases[1] && log.nextFlushDeadline == nil)
        #expect(storage.flushedContents(of: segmentPath(bases[0])) == storage.contents(of: segmentPath(bases[0])))
        #expect(storage.flushedContents(of: segmentPath(bases[1])) == [])
    }

    @Test("a roll runs the flush an earlier roll scheduled when nobody ran it, so one segment at most waits")
    func secondRollFlushesTheFirst() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 400))
        try log.appendBatches(12, valueBytes: 20)
        let bases = log.segmentSummaries.map(\.baseOffset)
        #expect(bases.count >= 3)
        #expect(log.recoveryPoint == bases[bases.count - 2])
        #expect(log.scheduledFlush?.upTo == bases[bases.count - 1])
    }

    @Test("flush.messages flushes once that many offsets are unflushed")
    func flushMessages() throws {
        let storage = SimulatedLogStorage()
        var config = smallConfig(segmentBytes: 1 << 20)
        config.flushMessages = 7
        let (log, _) = try openLog(storage, config: config)
        try log.appendBatches(2)
        #expect(log.recoveryPoint == Offset(0))
        try log.appendBatches(1)
        #expect(log.recoveryPoint == Offset(9) && log.unflushedOffsets == 0)
        #expect(storage.flushedContents(of: segmentPath(Offset(0))) == storage.contents(of: segmentPath(Offset(0))))
    }

    @Test("flush.ms flushes from maybeFlush once the interval has passed since the last flush")
    func flushMilliseconds() throws {
        var config = smallConfig(segmentBytes: 1 << 20)
        config.flushMilliseconds = 1000
        let (log, _) = try openLog(SimulatedLogStorage(), config: config, now: instant())
        #expect(log.nextFlushDeadline == nil)
        try log.appendBatches(2)
        #expect(log.nextFlushDeadline == instant(1000))
        #expect(try log.maybeFlush(now: instant(999)) == false)
        #expect(try log.maybeFlush(now: instant(1000)))
        #expect(log.recoveryPoint == Offset(6) && log.nextFlushDeadline == nil)
        try log.appendBatches(1)
        #expect(log.nextFlushDeadline == instant(2000))
        #expect(LogConfig().flushMilliseconds == Int64.max)
        let (never, _) = try openLog(SimulatedLogStorage())
        #expect(never.nextFlushDeadline == nil)
    }

    @Test("a truncation is flushed at once, so a power loss cannot bring the removed batches back")
    func truncationIsDurable() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 1 << 20))
        try log.appendBatches(5)
        try log.flush(now: instant())
        try log.truncate(to: Offset(6))
        #expect(log.recoveryPoint == Offset(6))
        storage.crash(.powerLoss())
        let (reopened, _) = try openLog(storage, recoveryPoint: Offset(0))
        #expect(reopened.logEndOffset == Offset(6))
    }
}
