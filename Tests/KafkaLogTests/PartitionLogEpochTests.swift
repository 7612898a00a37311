import KafkaCore
import KafkaLog
import Testing

@Suite struct PartitionLogEpochTests {
    private func entry(_ epoch: Int32, _ offset: Int64) -> EpochEntry {
        EpochEntry(epoch: LeaderEpoch(epoch), startOffset: Offset(offset))
    }

    private func checkpoint(_ storage: SimulatedLogStorage) throws -> [EpochEntry] {
        try LeaderEpochCheckpointFile(storage: storage, partitionDirectory: testDirectory).read()
    }

    /// A log with epochs 1 (offsets 0..<6), 3 (6..<12) and 4 (12..<15).
    private func threeEpochs() throws -> (SimulatedLogStorage, PartitionLog) {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 300))
        for epoch: Int32 in [1, 3, 4] {
            try log.assignEpoch(LeaderEpoch(epoch), startOffset: log.logEndOffset)
            try log.appendBatches(epoch == 4 ? 1 : 2, epoch: epoch)
        }
        return (storage, log)
    }

    @Test("a new leader's epoch starts at the log end, and its appends are stamped with it")
    func leaderEpochs() throws {
        let (storage, log) = try threeEpochs()
        #expect(log.epochEntries == [entry(1, 0), entry(3, 6), entry(4, 12)])
        #expect(try checkpoint(storage) == log.epochEntries)
        #expect(log.latestEpoch == LeaderEpoch(4))
        #expect(log.epoch(forOffset: Offset(7)) == LeaderEpoch(3))
        #expect(try log.allBatches().map(\.partitionLeaderEpoch.rawValue) == [1, 1, 3, 3, 4])
    }

    @Test("endOffset(forEpoch:) answers as Kafka's LeaderEpochFileCache does")
    func endOffsetForEpoch() throws {
        let (_, log) = try threeEpochs()
        #expect(log.endOffset(forEpoch: LeaderEpoch(4)) == EpochEndOffset(epoch: LeaderEpoch(4), endOffset: Offset(15)))
        #expect(log.endOffset(forEpoch: LeaderEpoch(3)) == EpochEndOffset(epoch: LeaderEpoch(3), endOffset: Offset(12)))
        #expect(log.endOffset(forEpoch: LeaderEpoch(2)) == EpochEndOffset(epoch: LeaderEpoch(1), endOffset: Offset(6)))
        #expect(log.endOffset(forEpoch: LeaderEpoch(0)) == EpochEndOffset(epoch: LeaderEpoch(0), endOffset: Offset(0)))
        #expect(log.endOffset(forEpoch: LeaderEpoch(5)) == .undefined)
    }

    @Test("truncating the log truncates the epoch cache and its checkpoint")
    func truncationTruncatesEpochs() throws {
        let (storage, log) = try threeEpochs()
        try log.truncate(to: Offset(9))
        log.checkInvariants()
        #expect(log.logEndOffset == Offset(9))
        #expect(log.epochEntries == [entry(1, 0), entry(3, 6)])
        #expect(try checkpoint(storage) == log.epochEntries)
        try log.truncate(to: Offset(6))
        #expect(log.epochEntries == [entry(1, 0)])
        #expect(try checkpoint(storage) == [entry(1, 0)])
    }

    @Test("truncating at the log end drops an epoch that started there but never wrote")
    func truncationAtLogEnd() throws {
        let (_, log) = try threeEpochs()
        try log.assignEpoch(LeaderEpoch(6), startOffset: Offset(15))
        #expect(try log.truncate(to: Offset(15)) == false)
        #expect(log.latestEpoch == LeaderEpoch(4))
    }

    @Test("moving the log start offset truncates the epoch cache from the start")
    func logStartTruncatesEpochs() throws {
        let (storage, log) = try threeEpochs()
        try log.deleteRecords(before: Offset(8), highWatermark: Offset(15))
        #expect(log.epochEntries == [entry(3, 8), entry(4, 12)])
        #expect(try checkpoint(storage) == log.epochEntries)
    }

    @Test("truncating fully clears the epoch cache")
    func truncateFullyClearsEpochs() throws {
        let (storage, log) = try threeEpochs()
        try log.truncateFully(startingAt: Offset(40), now: instant())
        log.checkInvariants()
        #expect(log.epochEntries.isEmpty && log.logStartOffset == Offset(40) && log.logEndOffset == Offset(40))
        #expect(try checkpoint(storage).isEmpty)
        _ = try log.appendAsFollower([replicatedBatch(baseOffset: 40, epoch: 7)], now: instant())
        #expect(log.epochEntries == [entry(7, 40)])
    }

    @Test("the epoch cache comes back from its checkpoint after a clean reopen, and from the batches after a crash")
    func epochsSurviveReopen() throws {
        let (storage, log) = try threeEpochs()
        let entries = log.epochEntries
        try log.close(now: instant())
        let (reopened, _) = try openLog(storage)
        #expect(reopened.epochEntries == entries)
        storage.crash(.processKill)
        try storage.deleteFile(testDirectory.appending(LeaderEpochCheckpointFile.fileName))
        let (recovered, _) = try openLog(storage, recoveryPoint: nil)
        #expect(recovered.epochEntries == entries)
    }
}
