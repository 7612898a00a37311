import KafkaCore
import KafkaLog
import Testing

@Suite struct LogRecoveryTests {
    /// The file of the segment at `base`.
    private func segmentPath(_ base: Int64, _ kind: SegmentFileName.Kind = .log) -> StoragePath {
        testDirectory.appending(SegmentFileName(baseOffset: Offset(base), kind: kind).fileName)
    }

    /// A storage holding one segment file with exactly `bytes`.
    private func storage(withSegment bytes: [UInt8]) throws -> SimulatedLogStorage {
        let storage = SimulatedLogStorage()
        try storage.createDirectory(testDirectory)
        let file = try storage.openFile(segmentPath(0))
        try file.append(bytes)
        try file.flush()
        return storage
    }

    /// One segment of `count` leader batches of varying sizes, and the batches as stored.
    private func writtenSegment(count: Int) throws -> (bytes: [UInt8], batches: [RecordBatch]) {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 1 << 20, indexIntervalBytes: 150))
        for index in 0..<count {
            let batch = producerBatch(records: 1 + index % 4, valueBytes: 5 + index * 3, seed: UInt8(index))
            _ = try log.appendAsLeader([batch], leaderEpoch: LeaderEpoch(Int32(index / 4)), now: instant())
        }
        let batches = try log.allBatches()
        return (try #require(storage.contents(of: segmentPath(0))), batches)
    }

    @Test("for every cut point of a segment, reopening keeps exactly the whole batches before the cut")
    func everyCutPoint() throws {
        let (bytes, batches) = try writtenSegment(count: 9)
        var boundaries = [0]
        for batch in batches { boundaries.append(boundaries[boundaries.count - 1] + batch.sizeInBytes) }
        for cut in 0...bytes.count {
            let (log, report) = try openLog(try storage(withSegment: Array(bytes[0..<cut])))
            let kept = boundaries.lastIndex { $0 <= cut } ?? 0
            #expect(try log.allBatches() == Array(batches.prefix(kept)), "cut at \(cut)")
            #expect(log.logEndOffset == (kept == 0 ? Offset(0) : batches[kept - 1].nextOffset), "cut at \(cut)")
            #expect((report.truncation != nil) == (cut != boundaries[kept]), "cut at \(cut)")
            #expect(report.truncation?.truncatedBytes ?? 0 == cut - boundaries[kept], "cut at \(cut)")
            let expectedEpochs = Set(batches.prefix(kept).map(\.partitionLeaderEpoch)).count
            #expect(log.epochEntries.count == expectedEpochs, "cut at \(cut)")
            try checkEveryOffsetReads(log)
        }
    }

    @Test("a corrupted byte under the CRC, in the length, magic or CRC loses that batch and everything after it")
    func corruptedBytes() throws {
        let (bytes, batches) = try writtenSegment(count: 9)
        var starts = [0]
        for batch in batches { starts.append(starts[starts.count - 1] + batch.sizeInBytes) }
        var random = TestRandom(seed: 7)
        for _ in 0..<300 {
            let position = random.int(0...(bytes.count - 1))
            let batchIndex = (starts.lastIndex { $0 <= position } ?? 0)
            let within = position - starts[batchIndex]
            // baseOffset (0..<8) and partitionLeaderEpoch (12..<16) are outside the CRC, as in Kafka.
            if within < 8 || (12..<16).contains(within) { continue }
            var damaged = bytes
            damaged[position] ^= UInt8(random.int(1...255))
            let (log, report) = try openLog(try storage(withSegment: damaged))
            #expect(try log.allBatches() == Array(batches.prefix(batchIndex)), "byte \(position)")
            #expect(report.truncation?.position == starts[batchIndex], "byte \(position)")
            log.checkInvariants()
        }
    }

    @Test("recovery of a damaged middle segment deletes every later segment")
    func damagedMiddleSegment() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 400))
        try log.appendBatches(30, valueBytes: 20)
        let bases = log.segmentSummaries.map(\.baseOffset)
        try #require(bases.count >= 4)
        let middle = bases[1]
        let path = segmentPath(middle.rawValue)
        var bytes = try #require(storage.contents(of: path))
        bytes[bytes.count - 3] ^= 0x40
        storage.crash(.processKill)
        try storage.deleteFile(path)
        let file = try storage.openFile(path)
        try file.append(bytes)
        let (reopened, report) = try openLog(storage, recoveryPoint: nil)
        #expect(report.truncation?.segmentBaseOffset == middle)
        #expect(report.deletedSegments == Array(bases.dropFirst(2)))
        #expect(reopened.segmentSummaries.map(\.baseOffset) == Array(bases.prefix(2)))
        #expect(reopened.logEndOffset < bases[2])
    }

    @Test("segments wholly below the recovery point are trusted, not scanned")
    func belowRecoveryPointIsTrusted() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 400))
        try log.appendBatches(30, valueBytes: 20)
        try log.maybeFlush(now: instant())
        let bases = log.segmentSummaries.map(\.baseOffset)
        let recoveryPoint = log.recoveryPoint
        #expect(recoveryPoint == bases[bases.count - 1])
        storage.crash(.processKill)
        let (reopened, report) = try openLog(storage, recoveryPoint: recoveryPoint)
        #expect(report.recoveredSegments.map(\.baseOffset) == [bases[bases.count - 1]])
        #expect(reopened.logEndOffset == log.logEndOffset)
        try checkEveryOffsetReads(reopened)
    }

    @Test("a process kill keeps every written batch; a power loss keeps the flushed ones, or a torn prefix")
    func processKillAndPowerLoss() throws {
        for crash in [
            SimulatedLogStorage.Crash.processKill, .powerLoss(tornTail: .none), .powerLoss(tornTail: .bytes(100)),
        ] {
            let storage = SimulatedLogStorage()
            let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 1 << 20))
            try log.appendBatches(5, valueBytes: 30)
            try log.flush(now: instant())
            let flushedEnd = log.logEndOffset
            let flushedBytes = log.sizeInBytes
            try log.appendBatches(5, valueBytes: 30)
            let written = try log.allBatches()
            storage.crash(crash)
            let (reopened, report) = try openLog(storage, recoveryPoint: flushedEnd)
            let survivors = try reopened.allBatches()
            switch crash {
            case .processKill:
                #expect(survivors == written && report.truncation == nil)
            case .powerLoss(.none):
                #expect(reopened.logEndOffset == flushedEnd && report.truncation == nil)
            default:
                var size = 0
                let expected = written.prefix { batch in
                    size += batch.sizeInBytes
                    return size <= flushedBytes + 100
                }
                let keptBytes = expected.reduce(0) { $0 + $1.sizeInBytes }
                #expect(survivors == Array(expected))
                #expect(report.truncation?.truncatedBytes == flushedBytes + 100 - keptBytes)
            }
        }
    }

    @Test("a clean shutdown skips recovery, and the marker is gone once the log is open again")
    func cleanShutdown() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 400))
        try log.appendBatches(12, valueBytes: 20)
        let batches = try log.allBatches()
        try log.close(now: instant())
        let marker = testDirectory.appending(PartitionLog.cleanShutdownFileName)
        #expect(storage.contents(of: marker) == [])
        let (reopened, report) = try openLog(storage, recoveryPoint: nil)
        #expect(report.hadCleanShutdown && report.recoveredSegments.isEmpty && report.rebuiltIndexes.isEmpty)
        #expect(storage.contents(of: marker) == nil)
        #expect(try reopened.allBatches() == batches)
        #expect(reopened.recoveryPoint == reopened.logEndOffset)
        storage.crash(.processKill)
        let (_, afterCrash) = try openLog(storage, recoveryPoint: nil)
        #expect(!afterCrash.hadCleanShutdown && !afterCrash.recoveredSegments.isEmpty)
    }

    @Test("missing or corrupt index files are rebuilt from the log")
    func rebuildsIndexes() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 600, indexIntervalBytes: 50))
        try log.appendBatches(20, valueBytes: 20)
        let summaries = log.segmentSummaries
        try log.close(now: instant())
        let first = summaries[0].baseOffset.rawValue
        let second = summaries[1].baseOffset.rawValue
        try storage.deleteFile(segmentPath(first, .offsetIndex))
        try storage.deleteFile(segmentPath(second, .timeIndex))
        let garbage = try storage.openFile(segmentPath(second, .offsetIndex))
        try garbage.append([1, 2, 3])
        let (reopened, report) = try openLog(storage)
        #expect(report.rebuiltIndexes == [Offset(first), Offset(second)])
        #expect(
            reopened.segmentSummaries
                == summaries.map { summary in
                    SegmentSummary(
                        baseOffset: summary.baseOffset, nextOffset: summary.nextOffset,
                        sizeInBytes: summary.sizeInBytes,
                        largestTimestamp: summary.largestTimestamp, offsetIndexEntries: summary.offsetIndexEntries,
                        timeIndexEntries: summary.timeIndexEntries, isActive: summary.isActive)
                })
        try checkEveryOffsetReads(reopened)
        #expect(storage.contents(of: segmentPath(first, .offsetIndex))?.count == summaries[0].offsetIndexEntries * 8)
    }

    @Test("leftover temporary files and index files without a log are removed on open; producer snapshots stay")
    func removesLeftovers() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage)
        try log.appendBatches(3)
        try log.close(now: instant())
        for name in [
            "00000000000000000000.log.cleaned", "00000000000000000007.log.deleted", "leader-epoch-checkpoint.tmp",
            "00000000000000000099.index", "00000000000000000099.timeindex", "00000000000000000042.snapshot",
        ] {
            try storage.openFile(testDirectory.appending(name)).append([1])
        }
        let (_, report) = try openLog(storage)
        #expect(report.removedFiles.count == 5)
        let names = try storage.entries(in: testDirectory).map(\.name)
        #expect(
            names == [
                "00000000000000000000.index", "00000000000000000000.log", "00000000000000000000.timeindex",
                "00000000000000000042.snapshot", "leader-epoch-checkpoint",
            ])
    }

    @Test("an interrupted cleaner swap is completed: the .swap segment replaces the ones it covers")
    func completesSwap() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 300))
        try log.appendBatches(12, valueBytes: 20)
        let bases = log.segmentSummaries.map(\.baseOffset)
        try #require(bases.count >= 3)
        let end = bases[2]
        try log.close(now: instant())
        // A cleaned segment covering the first two segments' offsets: here a single batch.
        let cleaned = replicatedBatch(baseOffset: end.rawValue - 3, epoch: 0)
        let swap = try storage.openFile(testDirectory.appending("00000000000000000000.log.swap"))
        try swap.append(cleaned.bytes)
        try storage.openFile(testDirectory.appending("00000000000000000000.index.swap")).append([9])
        let (reopened, report) = try openLog(storage)
        #expect(report.completedSwaps == [Offset(0)])
        #expect(reopened.segmentSummaries.map(\.baseOffset) == [Offset(0)] + bases.dropFirst(2))
        #expect(
            try reopened.read(from: Offset(0), maxBytes: 10_000, upperBound: end, minOneMessage: true).batches() == [
                cleaned
            ])
    }

    /// Reads every offset from the log start to the end one batch at a time: the index lookups
    /// agree with a plain scan.
    private func checkEveryOffsetReads(_ log: PartitionLog) throws {
        let batches = try log.allBatches()
        for offset in log.logStartOffset.rawValue..<log.logEndOffset.rawValue {
            let read = try log.read(
                from: Offset(offset), maxBytes: 1, upperBound: log.logEndOffset, minOneMessage: true)
            let expected = batches.first { $0.lastOffset >= Offset(offset) }
            #expect(read.batches().first == expected, "offset \(offset)")
        }
    }
}
