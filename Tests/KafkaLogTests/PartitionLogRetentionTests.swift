import KafkaCore
import KafkaLog
import Testing

@Suite struct PartitionLogRetentionTests {
    /// A log of 30 batches (90 offsets) over several 400-byte segments.
    private func segmentedLog(_ config: LogConfig = smallConfig(segmentBytes: 400)) throws -> PartitionLog {
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        try log.appendBatches(30, valueBytes: 20)
        return log
    }

    @Test("retention.bytes deletes the oldest segments but keeps at least that many bytes")
    func retentionBytes() throws {
        var config = smallConfig(segmentBytes: 400)
        config.retentionBytes = 1000
        let log = try segmentedLog(config)
        let before = log.segmentSummaries
        let deleted = try log.applyRetention(now: instant(), highWatermark: log.logEndOffset)
        log.checkInvariants()
        #expect(!deleted.isEmpty && deleted == before.prefix(deleted.count).map(\.baseOffset))
        #expect(log.sizeInBytes >= 1000)
        #expect(log.sizeInBytes - (log.segmentSummaries.first?.sizeInBytes ?? 0) < 1000)
        #expect(log.logStartOffset == log.segmentSummaries[0].baseOffset)
    }

    @Test("retention.ms deletes segments whose largest record timestamp is too old, active segment included")
    func retentionMilliseconds() throws {
        var config = smallConfig(segmentBytes: 400)
        config.retentionMilliseconds = 60_000
        let log = try segmentedLog(config)
        let end = log.logEndOffset
        #expect(try log.applyRetention(now: instant(59_000), highWatermark: end).isEmpty)
        let count = log.segmentSummaries.count
        let deleted = try log.applyRetention(now: instant(61_000), highWatermark: end)
        log.checkInvariants()
        #expect(deleted.count == count)
        #expect(log.segmentSummaries.map(\.baseOffset) == [end] && log.logStartOffset == end && log.logEndOffset == end)
    }

    @Test("retention never deletes a segment that ends above the high watermark")
    func highWatermarkGuard() throws {
        var config = smallConfig(segmentBytes: 400)
        config.retentionMilliseconds = 0
        let log = try segmentedLog(config)
        let bases = log.segmentSummaries.map(\.baseOffset)
        let deleted = try log.applyRetention(now: instant(1000), highWatermark: bases[2].advanced(by: 1))
        #expect(deleted == Array(bases.prefix(2)))
        #expect(log.logStartOffset == bases[2])
    }

    @Test("deleteRecords moves the log start offset up to the high watermark; retention then deletes what lies below")
    func deleteRecords() throws {
        var config = smallConfig(segmentBytes: 400)
        config.cleanupPolicy = .compact
        let log = try segmentedLog(config)
        let bases = log.segmentSummaries.map(\.baseOffset)
        #expect(throws: LogError.logStartOffsetBeyondHighWatermark(requested: Offset(50), highWatermark: Offset(40))) {
            try log.deleteRecords(before: Offset(50), highWatermark: Offset(40))
        }
        let target = bases[2].advanced(by: 2)
        #expect(try log.deleteRecords(before: target, highWatermark: Offset(80)))
        #expect(try log.deleteRecords(before: Offset(1), highWatermark: Offset(80)) == false)
        #expect(log.logStartOffset == target && log.segmentSummaries.count == bases.count)
        // Even on a compacted topic, segments wholly below the log start offset go.
        #expect(try log.applyRetention(now: instant(), highWatermark: Offset(80)) == Array(bases.prefix(2)))
        #expect(log.logStartOffset == target)
        log.checkInvariants()
    }

    @Test("an empty active segment is never deleted")
    func emptyActiveSegmentStays() throws {
        var config = smallConfig(segmentBytes: 400)
        config.retentionMilliseconds = 0
        let log = try segmentedLog(config)
        _ = try log.applyRetention(now: instant(1000), highWatermark: log.logEndOffset)
        #expect(try log.applyRetention(now: instant(2000), highWatermark: log.logEndOffset).isEmpty)
        #expect(log.segmentSummaries.count == 1)
    }
}
