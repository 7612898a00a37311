import KafkaCore
import KafkaLog
import Testing

@Suite struct LogCleanerCrashTests {
    /// A flushed compacted log of random keyed appends over small segments, the same for a seed.
    static func makeLog(_ storage: SimulatedLogStorage, seed: UInt64) throws -> PartitionLog {
        let (log, _) = try openLog(storage, config: compactedConfig(segmentBytes: 300))
        var random = TestRandom(seed: seed)
        for _ in 0..<30 {
            let key = "k\(random.int(0...5))"
            _ = try log.appendKeyed([(key, random.chance(15) ? nil : "v\(random.int(0...999))")], now: instant())
        }
        _ = try log.roll(now: instant())
        try log.flush(now: instant())
        return log
    }

    @Test(
        "a fault at any storage operation of a pass, then a crash, leaves a log with every record the pass would keep",
        arguments: [SimulatedLogStorage.Crash.processKill, .powerLoss(tornTail: .none)], 0..<3)
    func faultAtEveryOperation(crash: SimulatedLogStorage.Crash, seed: UInt64) throws {
        let reference = try Self.makeLog(SimulatedLogStorage(), seed: seed)
        let before = Set(try reference.compactionEntries())
        _ = try LogCleaner.clean(reference, now: instant(), highWatermark: reference.logEndOffset)
        let after = try reference.compactionEntries()
        #expect(after.count < before.count, "seed \(seed): the pass must remove something to test anything")
        var skipped = 0
        while skipped < 10_000 {
            let storage = SimulatedLogStorage()
            let log = try Self.makeLog(storage, seed: seed)
            let injected = storage.statistics.injectedFailureCount
            storage.failNext(1, of: .all, skipping: skipped)
            var failed = false
            do {
                _ = try LogCleaner.clean(log, now: instant(), highWatermark: log.logEndOffset)
            } catch {
                failed = true
            }
            storage.clearIOErrors()
            storage.crash(crash)
            let (reopened, _) = try openLog(storage, config: compactedConfig(segmentBytes: 300))
            let entries = try reopened.compactionEntries()
            let context = "seed \(seed), fault after \(skipped) operations, \(crash)"
            #expect(Set(after).isSubset(of: Set(entries)), "\(context): a record the pass keeps was lost")
            #expect(Set(entries).isSubset(of: before), "\(context): a record appeared or changed")
            #expect(entries.map(\.offset) == entries.map(\.offset).sorted(), "\(context): offsets out of order")
            #expect(reopened.logEndOffset == reference.logEndOffset, "\(context)")
            let cleanedAgain = try LogCleaner.clean(reopened, now: instant(), highWatermark: reopened.logEndOffset)
            #expect(try reopened.compactionEntries() == after || cleanedAgain == nil, "\(context): a retry converges")
            if !failed && storage.statistics.injectedFailureCount == injected { break }
            skipped += 1
        }
        #expect(skipped > 10, "seed \(seed): the pass ran only \(skipped) storage operations")
    }
}
