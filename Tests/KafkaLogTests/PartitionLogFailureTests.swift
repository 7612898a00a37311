import KafkaCore
import KafkaLog
import Testing

@Suite struct PartitionLogFailureTests {
    @Test(
        "a full disk makes the append report a storage error and takes the log offline; reopening recovers the earlier data"
    )
    func diskFull() throws {
        let storage = SimulatedLogStorage(capacityBytes: 1 << 20)
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 1 << 20))
        try log.appendBatches(5, valueBytes: 30)
        let earlier = try log.allBatches()
        try log.flush(now: instant())
        let flushed = storage.flushedContents(of: testDirectory.appending("00000000000000000000.log"))
        storage.capacityBytes = storage.usedBytes + 40
        #expect {
            try log.appendAsLeader(
                [producerBatch(records: 5, valueBytes: 30)], leaderEpoch: LeaderEpoch(0), now: instant())
        } throws: { error in
            guard let error = error as? LogError, case .storage(.diskFull) = error else { return false }
            return error.errorCode == .kafkaStorageError
        }
        #expect(log.isOffline)
        #expect(throws: LogError.self) {
            try log.read(from: Offset(0), maxBytes: 100, upperBound: Offset(15), minOneMessage: true)
        }
        #expect(throws: LogError.self) { try log.appendBatches(1) }
        #expect(storage.flushedContents(of: testDirectory.appending("00000000000000000000.log")) == flushed)
        storage.capacityBytes = 1 << 30
        storage.crash(.processKill)
        let (reopened, report) = try openLog(
            storage, config: smallConfig(segmentBytes: 1 << 20), recoveryPoint: Offset(15))
        #expect(try reopened.allBatches() == earlier)
        #expect(report.truncation?.truncatedBytes == 40)
        try reopened.appendBatches(1)
    }

    @Test("an I/O error on append takes the log offline without touching flushed data")
    func ioErrorOnAppend() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage)
        try log.appendBatches(3)
        let earlier = try log.allBatches()
        storage.failNext(1, of: .write)
        #expect(throws: LogError.self) { try log.appendBatches(1) }
        #expect(log.offlineCause != nil)
        storage.crash(.processKill)
        let (reopened, _) = try openLog(storage)
        #expect(try reopened.allBatches() == earlier)
    }

    @Test("a failing disk under the partition fails reads and writes with KAFKA_STORAGE_ERROR, and opening reports it")
    func failingDirectory() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage)
        try log.appendBatches(3)
        storage.injectIOErrors(under: testDirectory, for: .read)
        #expect { try log.read(from: Offset(0), maxBytes: 1000, upperBound: Offset(9), minOneMessage: true) } throws: {
            error in
            (error as? LogError)?.errorCode == .kafkaStorageError
        }
        #expect(throws: LogError.self) { try log.appendBatches(1) }
        storage.crash(.processKill)
        #expect(throws: LogError.self) { try openLog(storage) }
        storage.removeIOErrors(under: testDirectory)
        let (reopened, _) = try openLog(storage)
        #expect(reopened.logEndOffset == Offset(9))
    }

    @Test("a failed epoch checkpoint write takes the log offline before any data of the new epoch is written")
    func checkpointFailure() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage)
        try log.appendBatches(2, epoch: 0)
        storage.capacityBytes = storage.usedBytes
        #expect(throws: LogError.self) { try log.appendBatches(1, epoch: 1) }
        #expect(log.isOffline)
        storage.capacityBytes = 1 << 30
        storage.crash(.processKill)
        let (reopened, _) = try openLog(storage)
        #expect(reopened.logEndOffset == Offset(6) && reopened.latestEpoch == LeaderEpoch(0))
    }

    @Test("a file-backed log survives a killed process (dropped without close) and recovers a torn tail")
    func fileBackedCrash() throws {
        try withTemporaryDirectory { root in
            let storage = FileLogStorage(rootDirectory: root)
            var batches: [RecordBatch] = []
            do {
                let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 700))
                try log.appendBatches(20, valueBytes: 20)
                batches = try log.allBatches()
            }
            let (reopened, report) = try openLog(
                storage, config: smallConfig(segmentBytes: 700), recoveryPoint: Offset(0))
            #expect(try reopened.allBatches() == batches && report.truncation == nil)
            let active = try #require(reopened.segmentSummaries.last)
            try reopened.close(now: instant())
            let path = testDirectory.appending(SegmentFileName(baseOffset: active.baseOffset, kind: .log).fileName)
            let file = try storage.openFile(path)
            try file.append(Array(batches[batches.count - 1].bytes.prefix(30)))
            try file.close()
            try storage.deleteFile(testDirectory.appending(PartitionLog.cleanShutdownFileName))
            let (recovered, recovery) = try openLog(
                storage, config: smallConfig(segmentBytes: 700), recoveryPoint: active.baseOffset)
            #expect(recovery.truncation?.truncatedBytes == 30)
            #expect(try recovered.allBatches() == batches)
        }
    }
}
