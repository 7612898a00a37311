import KafkaCore
import KafkaLog
import Testing

/// Random sequences of operations against `PartitionLog` on simulated storage and against
/// `LogModel`, compared after every step. A failure names its seed and step; rerun one seed
/// with `ModelRun(seed:).run(steps:)`.
@Suite struct LogModelTests {
    @Test("the log matches the in-memory model for 200 seeds of 200 random operations")
    func modelSweep() throws {
        for seed: UInt64 in 1...200 {
            let run = try ModelRun(seed: seed)
            try run.run(steps: 200)
            if run.failed { break }
        }
    }
}

/// One seeded run of the model test.
final class ModelRun {
    let seed: UInt64
    private var random: TestRandom
    private let storage = SimulatedLogStorage()
    private let config: LogConfig
    private var log: PartitionLog
    private var model = LogModel()
    private var now = instant()
    private var leaderEpoch = LeaderEpoch(0)
    private var step = 0
    private var lastOperation = "open"
    /// The last operations, for failure messages.
    private var history: [String] = []
    private(set) var failed = false
    /// The last reopen's report, for failure messages.
    private var lastReport: RecoveryReport?

    init(seed: UInt64) throws {
        self.seed = seed
        random = TestRandom(seed: seed)
        config = Self.randomConfig(&random)
        (log, _) = try openLog(storage, config: config, now: now)
        try log.assignEpoch(leaderEpoch, startOffset: Offset(0))
        model.assign(epoch: leaderEpoch, startOffset: Offset(0))
    }

    private static func randomConfig(_ random: inout TestRandom) -> LogConfig {
        var config = LogConfig()
        config.segmentBytes = random.int(300...3000)
        config.indexIntervalBytes = random.int(0...400)
        config.segmentIndexBytes = random.chance(20) ? 48 : 10_485_760
        config.segmentMilliseconds = random.chance(30) ? 20_000 : 604_800_000
        config.retentionMilliseconds = random.chance(50) ? 30_000 : -1
        config.retentionBytes = random.chance(50) ? Int64(random.int(500...4000)) : -1
        config.flushMessages = random.chance(20) ? 10 : Int64.max
        return config
    }

    func run(steps: Int) throws {
        while step < steps && !failed {
            step += 1
            now = now + .milliseconds(Int64(random.int(0...1500)))
            if history.count == 12 { history.removeFirst() }
            history.append("\(step): \(lastOperation) → end \(model.logEndOffset), start \(model.logStartOffset)")
            do {
                try perform()
            } catch {
                check(false, "threw \(error)")
            }
            if failed { return }
            log.checkInvariants()
            compareOffsets()
            if step % 10 == 0 { try compareContents() }
        }
    }

    private func perform() throws {
        switch random.int(0...99) {
        case 0..<30: try appendAsLeader()
        case 30..<38: try appendAsFollower()
        case 38..<42: try becomeLeader()
        case 42..<60: try read()
        case 60..<64: try offsetForTimestamp()
        case 64..<69: try truncate()
        case 69..<71: try truncateFully()
        case 71..<74: try roll()
        case 74..<79: try retention()
        case 79..<83: try deleteRecords()
        case 83..<86: try flush()
        case 86..<90: try closeAndReopen()
        case 90..<95: try crashAndReopen(.processKill)
        default:
            let torn: SimulatedLogStorage.TornTail =
                random.chance(50)
                ? .seeded(UInt64(random.int(0...1_000_000))) : (random.chance(50) ? .none : .bytes(random.int(0...200)))
            try crashAndReopen(.powerLoss(tornTail: torn))
        }
    }

    // MARK: - Operations

    private func randomBatch(baseOffset: Offset, epoch: LeaderEpoch) -> ModelBatch {
        let count = random.int(1...8)
        let valueBytes = random.int(0...60)
        let timestamps = (0..<count).map { _ in now.milliseconds + Int64(random.int(-5000...5000)) }
        let batch = producerBatch(
            records: count, valueBytes: valueBytes, timestamps: timestamps, seed: UInt8(truncatingIfNeeded: step))
        let stored = batch.withBaseOffset(baseOffset).withPartitionLeaderEpoch(epoch)
        let records = timestamps.enumerated().map {
            ModelRecord(offset: baseOffset.advanced(by: Int64($0)), timestamp: $1)
        }
        return ModelBatch(batch: stored, records: records)
    }

    private func appendAsLeader() throws {
        let count = random.int(1...3)
        var planned: [ModelBatch] = []
        var next = model.logEndOffset
        for _ in 0..<count {
            let batch = randomBatch(baseOffset: next, epoch: leaderEpoch)
            planned.append(batch)
            next = batch.nextOffset
        }
        lastOperation = "appendAsLeader(\(count) batches at \(model.logEndOffset), epoch \(leaderEpoch))"
        let producerBatches = planned.map { $0.batch.withBaseOffset(Offset(0)).withPartitionLeaderEpoch(.none) }
        let totalBytes = planned.reduce(0) { $0 + $1.sizeInBytes }
        guard totalBytes <= config.segmentBytes else {
            #expect(throws: LogError.recordListTooLarge(sizeInBytes: totalBytes, segmentBytes: config.segmentBytes)) {
                try self.log.appendAsLeader(producerBatches, leaderEpoch: self.leaderEpoch, now: self.now)
            }
            return
        }
        let info = try log.appendAsLeader(producerBatches, leaderEpoch: leaderEpoch, now: now)
        check(
            info.firstOffset == model.logEndOffset && info.lastOffset == next.advanced(by: -1), "append offsets \(info)"
        )
        for batch in planned { model.append(batch) }
    }

    private func appendAsFollower() throws {
        let count = random.int(1...3)
        var next = model.logEndOffset.advanced(by: random.chance(20) ? Int64(random.int(1...5)) : 0)
        let epoch = random.chance(30) ? leaderEpoch.next : leaderEpoch
        leaderEpoch = epoch
        var planned: [ModelBatch] = []
        for _ in 0..<count {
            let batch = randomBatch(baseOffset: next, epoch: epoch)
            planned.append(batch)
            next = batch.nextOffset
        }
        lastOperation = "appendAsFollower(\(count) batches from \(planned[0].baseOffset), epoch \(epoch))"
        guard planned.reduce(0, { $0 + $1.sizeInBytes }) <= config.segmentBytes else { return }
        _ = try log.appendAsFollower(planned.map(\.batch), now: now)
        for batch in planned { model.append(batch) }
    }

    private func becomeLeader() throws {
        leaderEpoch = leaderEpoch.next
        lastOperation = "assignEpoch(\(leaderEpoch), \(model.logEndOffset))"
        try log.assignEpoch(leaderEpoch, startOffset: model.logEndOffset)
        model.assign(epoch: leaderEpoch, startOffset: model.logEndOffset)
    }

    private func read() throws {
        let low = model.logStartOffset.rawValue - 2
        let offset = Offset(max(0, Int64(random.int(Int(low)...Int(model.logEndOffset.rawValue + 2)))))
        let upperBound = Offset(
            Int64(random.int(Int(model.logStartOffset.rawValue)...Int(model.logEndOffset.rawValue + 2))))
        let maxBytes = random.int(0...2000)
        let minOne = random.chance(50)
        lastOperation = "read(from: \(offset), maxBytes: \(maxBytes), upperBound: \(upperBound), minOne: \(minOne))"
        let expected = model.expectedRead(from: offset, upperBound: upperBound)
        let result: LogReadResult
        do {
            result = try log.read(from: offset, maxBytes: maxBytes, upperBound: upperBound, minOneMessage: minOne)
        } catch {
            guard case .offsetOutOfRange = error, case .outOfRange = expected else {
                check(false, "read threw \(error)")
                return
            }
            return
        }
        guard case .batches(let candidates) = expected else {
            check(false, "read of an out-of-range offset returned \(result.batchCount) batches")
            return
        }
        checkRead(
            result, candidates: candidates, maxBytes: maxBytes, bound: min(upperBound, model.logEndOffset),
            minOne: minOne)
    }

    /// The read returned a prefix of the candidates, stopped only where it had to.
    private func checkRead(
        _ result: LogReadResult, candidates: [ModelBatch], maxBytes: Int, bound: Offset, minOne: Bool
    ) {
        let returned = result.batches()
        guard check(returned.count <= candidates.count, "read returned \(returned.count) > \(candidates.count) batches")
        else { return }
        check(returned == candidates.prefix(returned.count).map(\.batch), "read returned other batches")
        check(result.records.count <= maxBytes || (minOne && returned.count == 1), "read exceeded maxBytes")
        check(returned.allSatisfy { $0.lastOffset < bound }, "read returned batches past the bound \(bound)")
        guard returned.count < candidates.count else { return }
        let next = candidates[returned.count]
        let pastBound = next.lastOffset >= bound
        let tooBig = result.records.count + next.sizeInBytes > maxBytes && !(minOne && returned.isEmpty)
        let bases = log.segmentSummaries.map(\.baseOffset)
        func segment(_ offset: Offset) -> Offset { bases.last { $0 <= offset } ?? Offset(-1) }
        let otherSegment = !returned.isEmpty && segment(next.baseOffset) != segment(candidates[0].baseOffset)
        check(pastBound || tooBig || otherSegment, "read stopped before \(next.baseOffset) without a reason")
    }

    private func offsetForTimestamp() throws {
        let target = now.milliseconds + Int64(random.int(-40_000...6000))
        lastOperation = "offsetForTimestamp(\(target))"
        let found = try log.offsetForTimestamp(target)
        let expected = model.offsetForTimestamp(target)
        check(
            found == expected,
            "offsetForTimestamp gave \(String(describing: found)), model \(String(describing: expected))")
    }

    private func truncate() throws {
        let candidates = model.batches.map(\.baseOffset).filter { $0 >= model.logStartOffset } + [model.logEndOffset]
        let target = candidates[random.int(0...(candidates.count - 1))]
        lastOperation = "truncate(to: \(target))"
        try log.truncate(to: target)
        let activeBase = log.segmentSummaries.last?.baseOffset ?? Offset(0)
        check(
            activeBase <= target || target == model.logEndOffset,
            "truncation left a segment at \(activeBase) > \(target)")
        if target < model.logEndOffset {
            model.truncate(to: target, floor: min(activeBase, target))
        } else {
            model.truncateEpochs(fromEnd: model.logEndOffset)
        }
    }

    private func truncateFully() throws {
        let offset = model.logEndOffset.advanced(by: Int64(random.int(0...20)))
        lastOperation = "truncateFully(startingAt: \(offset))"
        try log.truncateFully(startingAt: offset, now: now)
        model.truncateFully(startingAt: offset)
    }

    private func roll() throws {
        lastOperation = "roll()"
        try log.roll(now: now)
    }

    private func highWatermark() -> Offset {
        Offset(Int64(random.int(Int(model.logStartOffset.rawValue)...Int(model.logEndOffset.rawValue))))
    }

    private func retention() throws {
        let highWatermark = highWatermark()
        lastOperation = "applyRetention(highWatermark: \(highWatermark))"
        var prediction = RetentionPrediction(
            segments: log.segmentSummaries, logStartOffset: model.logStartOffset, logEndOffset: model.logEndOffset,
            highWatermark: highWatermark)
        prediction.run(config: config, nowMilliseconds: now.milliseconds)
        let deleted = try log.applyRetention(now: now, highWatermark: highWatermark)
        check(deleted == prediction.deleted, "retention deleted \(deleted), predicted \(prediction.deleted)")
        check(
            log.segmentSummaries.map(\.baseOffset) == prediction.segments.map(\.baseOffset),
            "segments after retention differ from the prediction")
        model.raiseLogStartOffset(to: prediction.logStartOffset)
        model.dropBatches(below: prediction.segments[0].baseOffset)
    }

    private func deleteRecords() throws {
        let highWatermark = highWatermark()
        let offset = Offset(Int64(random.int(Int(model.logStartOffset.rawValue)...Int(highWatermark.rawValue + 2))))
        lastOperation = "deleteRecords(before: \(offset), highWatermark: \(highWatermark))"
        do {
            try log.deleteRecords(before: offset, highWatermark: highWatermark)
            check(offset <= highWatermark, "deleteRecords moved the log start past the high watermark")
            model.raiseLogStartOffset(to: offset)
        } catch LogError.logStartOffsetBeyondHighWatermark {
            check(offset > highWatermark, "deleteRecords refused \(offset) below the high watermark")
        }
    }

    private func flush() throws {
        if random.chance(50) {
            lastOperation = "maybeFlush()"
            let scheduled = log.scheduledFlush?.upTo
            try log.maybeFlush(now: now)
            check(
                log.recoveryPoint >= min(scheduled ?? Offset(0), model.logEndOffset),
                "maybeFlush skipped a roll's flush")
            return
        }
        lastOperation = "flush()"
        try log.flush(now: now)
        check(log.recoveryPoint == model.logEndOffset, "flush left the recovery point at \(log.recoveryPoint)")
    }

    private func closeAndReopen() throws {
        lastOperation = "close() and open"
        try log.close(now: now)
        let report = try reopen(recoveryPoint: Offset(0))
        check(report.hadCleanShutdown && report.recoveredSegments.isEmpty, "clean reopen recovered: \(report)")
        check(log.recoveryPoint == model.logEndOffset, "clean reopen set the recovery point to \(log.recoveryPoint)")
        model.truncateEpochs(fromEnd: model.logEndOffset)
        try compareContents()
    }

    private func crashAndReopen(_ crash: SimulatedLogStorage.Crash) throws {
        lastOperation = "crash(\(crash)) and open"
        let recoveryPoint = log.recoveryPoint
        storage.crash(crash)
        let passedRecoveryPoint = random.chance(20) ? nil : recoveryPoint
        // Recovery scans from the segment holding the recovery point, and any segment whose
        // indexes it had to rebuild, and learns epochs there.
        let bases = log.segmentSummaries.map(\.baseOffset)
        let scannedFrom = passedRecoveryPoint.flatMap { point in bases.last { $0 <= point } } ?? Offset(0)
        let report = try reopen(recoveryPoint: passedRecoveryPoint)
        func isScanned(_ batch: ModelBatch) -> Bool {
            let segment = bases.last { $0 <= batch.baseOffset } ?? Offset(0)
            return segment >= scannedFrom || report.rebuiltIndexes.contains(segment)
        }
        check(!report.hadCleanShutdown, "a crash left a clean-shutdown marker")
        if case .processKill = crash {
            check(
                log.logEndOffset == model.logEndOffset && report.truncation == nil,
                "a process kill lost data: \(report)")
        }
        check(
            log.logEndOffset >= recoveryPoint && log.logEndOffset <= model.logEndOffset,
            "log end \(log.logEndOffset) after a crash is outside [recovery point \(recoveryPoint), \(model.logEndOffset)]: \(report)"
        )
        let survivors = try log.allBatches()
        let expected = model.readableBatches
        guard
            check(expected.starts(with: [] as [ModelBatch]) && survivors.count <= expected.count, "crash grew the log")
        else { return }
        check(survivors == expected.prefix(survivors.count).map(\.batch), "crash left batches the model never had")
        let kept = Set(survivors.map(\.baseOffset))
        let start = model.logStartOffset
        let end = log.logEndOffset
        model.batches.removeAll { $0.nextOffset > end || ($0.lastOffset >= start && !kept.contains($0.baseOffset)) }
        model.logEndOffset = end
        check(model.logEndOffset >= (model.batches.last?.nextOffset ?? Offset(0)), "log end below the last batch")
        model.logStartOffset = min(model.logStartOffset, model.logEndOffset)
        for batch in model.batches where isScanned(batch) {
            let epoch = batch.batch.partitionLeaderEpoch
            if epoch > (model.epochs.last?.epoch ?? .none) { model.assign(epoch: epoch, startOffset: batch.baseOffset) }
        }
        model.truncateEpochs(fromEnd: model.logEndOffset)
        model.truncateEpochs(fromStart: model.logStartOffset)
        try compareContents()
    }

    @discardableResult
    private func reopen(recoveryPoint: Offset?) throws -> RecoveryReport {
        let report: RecoveryReport
        (log, report) = try openLog(
            storage, config: config, now: now, recoveryPoint: recoveryPoint, logStartOffset: model.logStartOffset)
        lastReport = report
        return report
    }

    // MARK: - Comparison

    private func compareOffsets() {
        check(
            log.logStartOffset == model.logStartOffset,
            "log start \(log.logStartOffset) != model \(model.logStartOffset)")
        check(log.logEndOffset == model.logEndOffset, "log end \(log.logEndOffset) != model \(model.logEndOffset)")
        check(log.epochEntries == model.epochs, "epochs \(log.epochEntries) != model \(model.epochs)")
    }

    private func compareContents() throws {
        let batches = try log.allBatches()
        check(
            batches == model.readableBatches.map(\.batch),
            "contents differ: \(batches.count) batches, model \(model.readableBatches.count)")
    }

    /// Records a failure naming the seed, the step and the operation, and stops the run.
    @discardableResult
    private func check(_ condition: Bool, _ message: @autoclosure () -> String) -> Bool {
        guard !condition, !failed else { return condition }
        failed = true
        Issue.record(
            """
            seed \(seed), step \(step), after \(lastOperation): \(message())
            config: segment.bytes \(config.segmentBytes), index.interval.bytes \(config.indexIntervalBytes)
            segments: \(log.segmentSummaries)
            last reopen: \(lastReport.map { "\($0), rebuilt \($0.rebuiltIndexes), scanned \($0.recoveredSegments.map(\.baseOffset))" } ?? "none")
            recent steps (state before each):
            \(history.joined(separator: "\n"))
            """)
        return false
    }
}
