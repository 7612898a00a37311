import KafkaCore
import Testing

@testable import KafkaLog

@Suite struct LogCleanerTests {
    /// A random keyed workload against a log and the model, checked after every cleaning pass.
    struct Workload {
        var random: TestRandom
        var model = CompactionModel()
        var nowMilliseconds: Int64 = 0
        let seed: UInt64

        init(seed: UInt64) {
            self.seed = seed
            random = TestRandom(seed: seed)
        }

        /// Appends 1–3 batches of 1–4 records: 8 keys, about 15 % tombstones, 10 % keyless.
        mutating func appendSome(to log: PartitionLog) throws {
            for _ in 0..<random.int(1...3) {
                var pairs: [(key: String?, value: String?)] = []
                for _ in 0..<random.int(1...4) {
                    let key: String? = random.chance(10) ? nil : "k\(random.int(0...7))"
                    let value: String? = random.chance(15) && key != nil ? nil : "v\(random.int(0...9_999))"
                    pairs.append((key, value))
                }
                model.append(try log.appendKeyed(pairs, now: instant(nowMilliseconds)))
            }
        }

        /// One cleaning pass with a random map size; checks the log against the model.
        mutating func cleanAndCheck(_ log: PartitionLog) throws {
            let before = (log.logStartOffset, log.logEndOffset, log.segmentSummaries.last)
            let keys = random.int(2...12)
            let report = try LogCleaner.clean(
                log, now: instant(nowMilliseconds), highWatermark: log.logEndOffset,
                dedupeBufferBytes: dedupeBufferBytes(forKeys: keys))
            log.checkInvariants()
            #expect((log.logStartOffset, log.logEndOffset) == (before.0, before.1), "seed \(seed)")
            #expect(log.segmentSummaries.last == before.2, "the active segment is untouched, seed \(seed)")
            if let report {
                #expect(report.newFirstDirtyOffset > report.firstDirtyOffset, "seed \(seed)")
                #expect(report.newFirstDirtyOffset <= before.2?.baseOffset ?? log.logEndOffset, "seed \(seed)")
                model.clean(
                    firstDirty: report.firstDirtyOffset, newFirstDirty: report.newFirstDirtyOffset,
                    cleanedUpTo: report.cleanedUpTo, nowMilliseconds: testEpochMilliseconds + nowMilliseconds,
                    deleteRetentionMilliseconds: log.config.deleteRetentionMilliseconds)
            }
            try check(log)
        }

        /// The log holds exactly the model's records, and the latest value of every key.
        func check(_ log: PartitionLog) throws {
            let entries = try log.compactionEntries()
            #expect(entries == model.survivors, "seed \(seed): log differs from the model")
            let present = Set(entries)
            for (key, latest) in model.latestPerKey.sorted(by: { $0.key < $1.key }) where latest.value != nil {
                #expect(present.contains(latest), "seed \(seed): latest value of \(key) at \(latest.offset) lost")
            }
            let appended = Set(model.appended)
            #expect(entries.allSatisfy(appended.contains), "seed \(seed): a record changed its offset or content")
        }
    }

    @Test(
        "compaction keeps the latest record per key at its offset and expires tombstones, as the model says",
        arguments: 0..<40)
    func modelSweep(seed: UInt64) throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: compactedConfig())
        var workload = Workload(seed: seed)
        for round in 0..<40 {
            try workload.appendSome(to: log)
            workload.nowMilliseconds += Int64(workload.random.int(0...300))
            if workload.random.chance(10) { _ = try log.roll(now: instant(workload.nowMilliseconds)) }
            if round % 3 == 2 { try workload.cleanAndCheck(log) }
        }
        // Past every delete horizon, passes with a large map remove the expired tombstones.
        _ = try log.roll(now: instant(workload.nowMilliseconds))
        for _ in 0..<3 {
            workload.nowMilliseconds += 2_000
            try workload.cleanAndCheck(log)
        }
        try log.close(now: instant(workload.nowMilliseconds))
        let (reopened, _) = try openLog(storage, config: compactedConfig())
        try workload.check(reopened)
    }

    @Test("a tombstone survives delete.retention.ms after the pass that first kept it, then disappears")
    func tombstoneExpiry() throws {
        let (log, _) = try openLog(SimulatedLogStorage(), config: compactedConfig(deleteRetentionMilliseconds: 1_000))
        _ = try log.appendKeyed([("a", "1"), ("b", "1")], now: instant())
        _ = try log.appendKeyed([("a", nil)], now: instant())
        _ = try log.roll(now: instant())
        _ = try log.appendKeyed([("c", "1")], now: instant())
        let first = try #require(try LogCleaner.clean(log, now: instant(0), highWatermark: log.logEndOffset))
        #expect(first.recordsRemoved == 1)
        #expect(try log.compactionEntries().map(\.description) == ["1:b=1", "2:a=⊥", "3:c=1"])
        _ = try LogCleaner.clean(log, now: instant(999), highWatermark: log.logEndOffset)
        #expect(try log.compactionEntries().count == 3, "nothing is dirty, so no pass runs")
        _ = try log.roll(now: instant(999))
        let late = try #require(try LogCleaner.clean(log, now: instant(1_000), highWatermark: log.logEndOffset))
        #expect(late.tombstonesRemoved == 1)
        #expect(try log.compactionEntries().map(\.description) == ["1:b=1", "3:c=1"])
        #expect(log.logStartOffset == Offset(0) && log.logEndOffset == Offset(4))
    }

    @Test("the dirty ratio decides whether a log is cleaned, and delete-only logs never are")
    func dirtyRatio() throws {
        var config = compactedConfig()
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        for index in 0..<6 { _ = try log.appendKeyed([("k\(index % 2)", "\(index)")], now: instant()) }
        _ = try log.roll(now: instant())
        let dirty = try LogCleaner.decide(log, now: instant(), highWatermark: log.logEndOffset)
        #expect(dirty.reason == .dirtyRatioExceeded && dirty.dirtyRatio == 1 && dirty.cleanBytes == 0)
        let (decision, report) = try LogCleaner.maybeClean(log, now: instant(), highWatermark: log.logEndOffset)
        #expect(decision.shouldClean && report?.newFirstDirtyOffset == Offset(6))
        _ = try log.appendKeyed([("k0", "x")], now: instant())
        _ = try log.roll(now: instant())
        let after = try LogCleaner.decide(log, now: instant(), highWatermark: log.logEndOffset)
        #expect(after.reason == .belowDirtyRatio && after.dirtyRatio > 0 && after.dirtyRatio < 0.5)
        #expect(try LogCleaner.maybeClean(log, now: instant(), highWatermark: log.logEndOffset).report == nil)
        config.minCleanableDirtyRatio = 0.1
        log.updateConfig(config)
        #expect(try LogCleaner.decide(log, now: instant(), highWatermark: log.logEndOffset).shouldClean)
        config.cleanupPolicy = .delete
        log.updateConfig(config)
        #expect(try LogCleaner.decide(log, now: instant(), highWatermark: log.logEndOffset).reason == .notCompacted)
        #expect(try LogCleaner.clean(log, now: instant(), highWatermark: log.logEndOffset) == nil)
    }

    @Test("the active segment, the high watermark and min.compaction.lag.ms bound the cleanable range")
    func uncleanableBounds() throws {
        var config = compactedConfig()
        config.minCompactionLagMilliseconds = 500
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        _ = try log.appendKeyed([("a", "1"), ("a", "2")], now: instant(0))
        let second = try log.roll(now: instant(0))
        _ = try log.appendKeyed([("a", "3")], now: instant(400))
        let active = try log.roll(now: instant(400))
        _ = try log.appendKeyed([("a", "4")], now: instant(400))
        let young = try LogCleaner.decide(log, now: instant(600), highWatermark: log.logEndOffset)
        #expect(young.firstUncleanableOffset == second, "the segment with a record 200 ms old is too young")
        let old = try LogCleaner.decide(log, now: instant(900), highWatermark: log.logEndOffset)
        #expect(old.firstUncleanableOffset == active)
        let bounded = try LogCleaner.decide(log, now: instant(900), highWatermark: Offset(1))
        #expect(bounded.firstUncleanableOffset == Offset(0) && bounded.reason == .nothingCleanable)
        _ = try LogCleaner.clean(log, now: instant(900), highWatermark: log.logEndOffset)
        #expect(try log.compactionEntries().map(\.description) == ["2:a=3", "3:a=4"])
    }

    @Test("max.compaction.lag.ms forces a pass below the dirty ratio")
    func maxCompactionLag() throws {
        var config = compactedConfig()
        config.minCleanableDirtyRatio = 0.99
        config.maxCompactionLagMilliseconds = 1_000
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        for index in 0..<4 { _ = try log.appendKeyed([("k\(index)", "v")], now: instant(0)) }
        _ = try log.roll(now: instant(0))
        _ = try LogCleaner.clean(log, now: instant(0), highWatermark: log.logEndOffset)
        _ = try log.appendKeyed([("k0", "w")], now: instant(10))
        _ = try log.roll(now: instant(10))
        #expect(
            try LogCleaner.decide(log, now: instant(500), highWatermark: log.logEndOffset).reason == .belowDirtyRatio)
        let late = try LogCleaner.decide(log, now: instant(1_011), highWatermark: log.logEndOffset)
        #expect(late.reason == .maxCompactionLagExceeded && late.shouldClean)
    }

    @Test("a full offset map cleans part of the dirty range and the next pass goes on from there")
    func partialPass() throws {
        let (log, _) = try openLog(SimulatedLogStorage(), config: compactedConfig(segmentBytes: 10_000))
        for index in 0..<10 { _ = try log.appendKeyed([("k\(index % 5)", "\(index)")], now: instant()) }
        _ = try log.roll(now: instant())
        let threeKeys = dedupeBufferBytes(forKeys: 3)
        let first = try #require(
            try LogCleaner.clean(log, now: instant(), highWatermark: Offset(10), dedupeBufferBytes: threeKeys))
        #expect(first.mapWasFull && first.newFirstDirtyOffset == Offset(3))
        #expect(try LogCleaner.firstDirtyOffset(of: log) == Offset(3))
        #expect(try log.compactionEntries().count == 10, "keys 0–2 are latest within the map")
        let second = try #require(try LogCleaner.clean(log, now: instant(), highWatermark: Offset(10)))
        #expect(!second.mapWasFull && second.newFirstDirtyOffset == Offset(10))
        #expect(try log.compactionEntries().map(\.offset.rawValue) == [5, 6, 7, 8, 9])
    }

    @Test("the first dirty offset survives a reopen, so a reopened log is not cleaned again")
    func checkpointSurvivesReopen() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: compactedConfig())
        for index in 0..<8 { _ = try log.appendKeyed([("k\(index % 3)", "\(index)")], now: instant()) }
        _ = try log.roll(now: instant())
        _ = try LogCleaner.clean(log, now: instant(), highWatermark: log.logEndOffset)
        try log.close(now: instant())
        let (reopened, _) = try openLog(storage, config: compactedConfig())
        #expect(try LogCleaner.firstDirtyOffset(of: reopened) == Offset(8))
        let decision = try LogCleaner.decide(reopened, now: instant(), highWatermark: reopened.logEndOffset)
        #expect(decision.reason == .nothingCleanable)
    }

    @Test(
        "compact,delete: retention after cleaning deletes old cleaned segments, and cleaning goes on from the log start"
    )
    func compactDelete() throws {
        var config = compactedConfig(segmentBytes: 10_000)
        config.cleanupPolicy = .compactDelete
        config.retentionMilliseconds = 1_000
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        for index in 0..<6 { _ = try log.appendKeyed([("k\(index % 2)", "\(index)")], now: instant(0)) }
        _ = try log.roll(now: instant(0))
        _ = try LogCleaner.clean(log, now: instant(100), highWatermark: log.logEndOffset)
        #expect(try log.compactionEntries().map(\.offset.rawValue) == [4, 5])
        for index in 0..<2 { _ = try log.appendKeyed([("k\(index)", "new")], now: instant(2_000)) }
        _ = try log.roll(now: instant(2_000))
        let deleted = try log.applyRetention(now: instant(2_500), highWatermark: log.logEndOffset)
        #expect(deleted == [Offset(0)] && log.logStartOffset == Offset(6))
        #expect(try LogCleaner.firstDirtyOffset(of: log) == Offset(6))
        let report = try #require(try LogCleaner.clean(log, now: instant(2_500), highWatermark: log.logEndOffset))
        #expect(report.newFirstDirtyOffset == Offset(8))
        #expect(try log.compactionEntries().map(\.offset.rawValue) == [6, 7])
    }
}
