import KafkaCore
import KafkaLog
import Testing

@Suite struct PartitionLogAppendTests {
    @Test("a leader append assigns offsets from the log end offset and stamps the leader epoch")
    func leaderAssignsOffsets() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage)
        let first = try log.appendAsLeader([producerBatch(records: 3)], leaderEpoch: LeaderEpoch(4), now: instant())
        let second = try log.appendAsLeader(
            [producerBatch(records: 2), producerBatch(records: 5)], leaderEpoch: LeaderEpoch(4), now: instant())
        log.checkInvariants()
        #expect(first.firstOffset == Offset(0) && first.lastOffset == Offset(2))
        #expect(second.firstOffset == Offset(3) && second.lastOffset == Offset(9) && second.recordCount == 7)
        #expect(log.logEndOffset == Offset(10))
        let batches = try log.allBatches()
        #expect(batches.map(\.baseOffset) == [Offset(0), Offset(3), Offset(5)])
        #expect(batches.allSatisfy { $0.partitionLeaderEpoch == LeaderEpoch(4) && $0.isChecksumValid })
        #expect(log.epochEntries == [EpochEntry(epoch: LeaderEpoch(4), startOffset: Offset(0))])
    }

    @Test("appending one batch at a time stores and answers what lists of one do, leader and follower")
    func singleBatchAppendsMatchLists() throws {
        let listStorage = SimulatedLogStorage()
        let (listLog, _) = try openLog(listStorage)
        let singleStorage = SimulatedLogStorage()
        let (singleLog, _) = try openLog(singleStorage)
        for index in 0..<12 {
            let batch = producerBatch(records: 1 + index % 4, seed: UInt8(index))
            let epoch = LeaderEpoch(Int32(index / 5))
            let fromList = try listLog.appendAsLeader([batch], leaderEpoch: epoch, now: instant())
            let fromOne = try singleLog.appendAsLeader(batch, leaderEpoch: epoch, now: instant())
            #expect(fromOne == fromList)
        }
        #expect(try singleLog.allBatches() == listLog.allBatches())
        #expect(singleLog.epochEntries == listLog.epochEntries)
        #expect(singleLog.logEndOffset == listLog.logEndOffset)
        singleLog.checkInvariants()

        let (listFollower, _) = try openLog(SimulatedLogStorage())
        let (singleFollower, _) = try openLog(SimulatedLogStorage())
        for batch in try listLog.allBatches() {
            let fromList = try listFollower.appendAsFollower([batch], now: instant())
            let fromOne = try singleFollower.appendAsFollower(batch, now: instant())
            #expect(fromOne == fromList)
        }
        #expect(try singleFollower.allBatches() == listLog.allBatches())
        #expect(singleFollower.epochEntries == listLog.epochEntries)
        singleFollower.checkInvariants()
        let stale = try #require(try listLog.allBatches().first)
        #expect(throws: LogError.self) { try singleFollower.appendAsFollower(stale, now: instant()) }
    }

    @Test("stored bytes are the producer's bytes with only the base offset and epoch rewritten")
    func storedBytesAreTheProducers() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage)
        try log.appendBatches(2)
        let batch = producerBatch(records: 4, seed: 9)
        _ = try log.appendAsLeader([batch], leaderEpoch: LeaderEpoch(1), now: instant())
        let stored = try #require(try log.allBatches().last)
        #expect(stored == batch.withBaseOffset(Offset(6)).withPartitionLeaderEpoch(LeaderEpoch(1)))
    }

    @Test(
        "a leader refuses batches a producer may not send, and appends nothing of the request",
        arguments: [
            ("non-zero base offset", KafkaError.invalidRecord),
            ("corrupt crc", KafkaError.corruptMessage),
            ("too large", KafkaError.messageTooLarge),
            ("control batch", KafkaError.invalidRecord),
            ("future timestamp", KafkaError.invalidTimestamp),
        ])
    func refusesInvalidBatches(kind: String, code: KafkaError) throws {
        let storage = SimulatedLogStorage()
        var config = smallConfig()
        config.maxMessageBytes = 500
        let (log, _) = try openLog(storage, config: config)
        var bad: RecordBatch
        switch kind {
        case "non-zero base offset": bad = producerBatch().withBaseOffset(Offset(7))
        case "corrupt crc":
            var bytes = producerBatch().bytes
            bytes[bytes.count - 1] ^= 0xFF
            bad = try RecordBatch(bytes: bytes)
        case "too large": bad = producerBatch(records: 10, valueBytes: 100)
        case "control batch":
            var builder = RecordBatchBuilder(isControl: true)
            builder.append(timestamp: testEpochMilliseconds, key: [0, 0, 0, 1], value: [0, 0, 0, 0, 0, 0])
            bad = builder.build()
        default: bad = producerBatch(timestamp: testEpochMilliseconds + 7_200_000)
        }
        #expect {
            try log.appendAsLeader([producerBatch(), bad], leaderEpoch: LeaderEpoch(0), now: instant())
        } throws: { error in
            guard let error = error as? LogError, case .invalidBatch(let index, _) = error else {
                if let error = error as? LogError, case .recordBatch(let index, _) = error {
                    return index == 1 && error.errorCode == code
                }
                return false
            }
            return index == 1 && error.errorCode == code
        }
        #expect(log.logEndOffset == Offset(0))
        log.checkInvariants()
    }

    @Test("a compacted topic refuses records without a key")
    func compactedTopicNeedsKeys() throws {
        var config = smallConfig()
        config.cleanupPolicy = .compact
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        #expect(throws: LogError.invalidBatch(index: 0, .missingKeyOnCompactedTopic(recordIndex: 0))) {
            try log.appendAsLeader([producerBatch(keyed: false)], leaderEpoch: LeaderEpoch(0), now: instant())
        }
        _ = try log.appendAsLeader([producerBatch(keyed: true)], leaderEpoch: LeaderEpoch(0), now: instant())
        #expect(log.logEndOffset == Offset(3))
    }

    @Test("LogAppendTime topics overwrite the max timestamp with the leader's clock and keep the CRC valid")
    func logAppendTime() throws {
        var config = smallConfig()
        config.messageTimestampType = .logAppendTime
        let (log, _) = try openLog(SimulatedLogStorage(), config: config)
        let now = instant(5000)
        let info = try log.appendAsLeader([producerBatch(timestamp: 17)], leaderEpoch: LeaderEpoch(0), now: now)
        #expect(info.logAppendTime == now.milliseconds)
        let stored = try #require(try log.allBatches().first)
        #expect(stored.timestampType == .logAppendTime && stored.maxTimestamp == now.milliseconds)
        try stored.validate()
    }

    @Test("a follower keeps the leader's offsets and epochs and learns epochs from the batches")
    func followerKeepsOffsets() throws {
        let (log, _) = try openLog(SimulatedLogStorage())
        let batches = [
            replicatedBatch(baseOffset: 0, epoch: 1), replicatedBatch(baseOffset: 3, epoch: 1),
            replicatedBatch(baseOffset: 6, epoch: 3),
        ]
        let info = try log.appendAsFollower(batches, now: instant())
        log.checkInvariants()
        #expect(info.firstOffset == Offset(0) && info.lastOffset == Offset(8))
        #expect(try log.allBatches() == batches)
        #expect(
            log.epochEntries == [
                EpochEntry(epoch: LeaderEpoch(1), startOffset: Offset(0)),
                EpochEntry(epoch: LeaderEpoch(3), startOffset: Offset(6)),
            ])
    }

    @Test("a follower append below the log end offset is an unexpected append offset")
    func followerBelowLogEnd() throws {
        let (log, _) = try openLog(SimulatedLogStorage())
        _ = try log.appendAsFollower([replicatedBatch(baseOffset: 0, epoch: 0)], now: instant())
        #expect(
            throws: LogError.unexpectedAppendOffset(
                firstOffset: Offset(2), lastOffset: Offset(4), logEndOffset: Offset(3))
        ) {
            try log.appendAsFollower([replicatedBatch(baseOffset: 2, epoch: 0)], now: instant())
        }
    }

    @Test("a follower append whose offsets go backwards is refused whole")
    func followerOutOfOrder() throws {
        let (log, _) = try openLog(SimulatedLogStorage())
        let batches = [replicatedBatch(baseOffset: 0, epoch: 0), replicatedBatch(baseOffset: 2, epoch: 0)]
        #expect(throws: LogError.offsetsOutOfOrder(index: 1, baseOffset: Offset(2), previousLastOffset: Offset(2))) {
            try log.appendAsFollower(batches, now: instant())
        }
        #expect(log.logEndOffset == Offset(0))
    }

    @Test("a follower may start past the log end offset, leaving a gap as compaction does")
    func followerGap() throws {
        let (log, _) = try openLog(SimulatedLogStorage())
        _ = try log.appendAsFollower([replicatedBatch(baseOffset: 0, epoch: 0)], now: instant())
        _ = try log.appendAsFollower([replicatedBatch(baseOffset: 10, epoch: 0)], now: instant())
        log.checkInvariants()
        #expect(log.logEndOffset == Offset(13))
        let read = try log.read(from: Offset(5), maxBytes: 1000, upperBound: Offset(13), minOneMessage: false)
        #expect(read.firstBatchBaseOffset == Offset(10))
    }

    @Test("a follower batch with a corrupt CRC is refused")
    func followerCorruptBatch() throws {
        let (log, _) = try openLog(SimulatedLogStorage())
        var bytes = replicatedBatch(baseOffset: 0, epoch: 0).bytes
        bytes[70] ^= 1
        let corrupt = try RecordBatch(bytes: bytes)
        #expect(throws: LogError.self) { try log.appendAsFollower([corrupt], now: instant()) }
        #expect(log.logEndOffset == Offset(0))
    }
}
