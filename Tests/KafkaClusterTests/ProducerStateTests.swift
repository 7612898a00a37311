import KafkaCluster
import KafkaCore
import KafkaLog
import Testing

/// Virtual time for these tests: 2023-11-14 in milliseconds.
private let testEpochMilliseconds: Int64 = 1_700_000_000_000
private let now = Instant(microseconds: testEpochMilliseconds * 1000)

/// An idempotent producer's batch of `records` records starting at `sequence`, as a producer
/// sends it (base offset 0). `seed` varies the timestamp so answers can be told apart.
private func idempotentBatch(
    producerID: Int64 = 7, epoch: Int16 = 0, sequence: Int32, records: Int = 3, seed: Int64 = 0
) -> RecordBatch {
    var builder = RecordBatchBuilder(
        producerID: producerID, producerEpoch: epoch, baseSequence: sequence, capacityBytes: 256)
    for index in 0..<records {
        builder.append(
            timestamp: testEpochMilliseconds + seed * 10 + Int64(index), key: Array("k\(index)".utf8),
            value: [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 8))
    }
    return builder.build()
}

/// A leader without a log: assigns offsets from 0 and records what it appends.
private struct Leader {
    var state = ProducerStateManager()
    var logEndOffset = Offset(0)
    /// The batches as stored, with their offsets.
    var appended: [RecordBatch] = []

    /// Checks `batches` and appends them when the check allows.
    @discardableResult
    mutating func produce(_ batches: RecordBatch...) -> ProducerAppendCheck {
        let verdict = state.check(batches)
        guard verdict == .append else { return verdict }
        for batch in batches {
            let stored = batch.withBaseOffset(logEndOffset)
            state.record(stored)
            appended.append(stored)
            logEndOffset = stored.nextOffset
        }
        state.checkInvariants()
        return verdict
    }

    /// The answer a retry of the stored `batch` gets.
    static func duplicate(of batch: RecordBatch) -> ProducerAppendCheck {
        .duplicate(firstOffset: batch.baseOffset, lastOffset: batch.lastOffset, timestamp: batch.maxTimestamp)
    }
}

/// Opens the test partition's log on `storage` with small segments.
private func openLog(_ storage: SimulatedLogStorage) throws -> PartitionLog {
    var config = LogConfig()
    config.segmentBytes = 1024
    config.indexIntervalBytes = 100
    config.retentionMilliseconds = -1
    let (log, _) = try PartitionLog.open(
        storage: storage, directory: "broker-1/orders-0", topicPartition: TopicPartition("orders", 0), config: config,
        now: now, recoveryPoint: nil, logStartOffset: nil)
    log.checkInvariants()
    return log
}

extension PartitionLog {
    /// Every batch from the log start offset to the log end offset.
    fileprivate func allBatches() throws -> [RecordBatch] {
        var batches: [RecordBatch] = []
        var offset = logStartOffset
        while offset < logEndOffset {
            let result = try read(from: offset, maxBytes: 1 << 20, upperBound: logEndOffset, minOneMessage: true)
            if result.isEmpty { break }
            batches += result.batches()
            offset = result.nextOffset
        }
        return batches
    }

    /// Checks and appends `batches` as leader, recording them in `state` when appended.
    fileprivate func produce(
        _ batches: [RecordBatch], state: inout ProducerStateManager
    ) throws -> ProducerAppendCheck {
        let verdict = state.check(batches)
        guard verdict == .append else { return verdict }
        let info = try appendAsLeader(batches, leaderEpoch: LeaderEpoch(0), now: now)
        state.recordLeaderAppend(batches, info: info)
        state.checkInvariants()
        return verdict
    }
}

@Suite struct ProducerStateTests {
    // MARK: - Sequences and epochs

    @Test("a producer the partition has no state for may start at any sequence", arguments: [0, 17, Int32.max - 1])
    func freshProducer(sequence: Int32) {
        var leader = Leader()
        #expect(leader.produce(idempotentBatch(sequence: sequence)) == .append)
        let entry = leader.state.entry(for: 7)
        #expect(entry?.lastSequence == RecordBatch.incrementSequence(sequence, by: 2))
        #expect(leader.state.producerIDs == [7])
    }

    @Test("a leader append's metadata is the stored batch's, computed without stamping a copy")
    func leaderAppendMetadata() {
        let batch = idempotentBatch(sequence: 5, records: 4, seed: 3)
        var stored = batch.withBaseOffset(Offset(40))
        #expect(BatchMetadata(batch, firstOffset: Offset(40), timestamp: batch.maxTimestamp) == BatchMetadata(stored))
        let appendTime = testEpochMilliseconds + 999
        stored.setMaxTimestamp(appendTime, timestampType: .logAppendTime)
        #expect(BatchMetadata(batch, firstOffset: Offset(40), timestamp: appendTime) == BatchMetadata(stored))
        #expect(BatchMetadata(batch, firstOffset: Offset(40), timestamp: appendTime).lastOffset == Offset(43))
    }

    @Test("each batch must start right after the last sequence of the producer's epoch")
    func continuity() {
        var leader = Leader()
        #expect(leader.produce(idempotentBatch(sequence: 0)) == .append)
        #expect(leader.produce(idempotentBatch(sequence: 3, records: 1)) == .append)
        #expect(leader.produce(idempotentBatch(sequence: 4, records: 5)) == .append)
        #expect(leader.state.entry(for: 7)?.lastSequence == 8)
        #expect(leader.state.entry(for: 7)?.lastOffset == Offset(8))
    }

    @Test("a gap or an overlapping batch that is no retry is out of order, and nothing is appended")
    func outOfOrder() {
        var leader = Leader()
        leader.produce(idempotentBatch(sequence: 0))
        leader.produce(idempotentBatch(sequence: 3))
        let before = leader.state
        #expect(leader.produce(idempotentBatch(sequence: 7)) == .reject(.outOfOrderSequenceNumber))
        #expect(leader.produce(idempotentBatch(sequence: 3, records: 2)) == .reject(.outOfOrderSequenceNumber))
        #expect(leader.produce(idempotentBatch(sequence: 4, records: 2)) == .reject(.outOfOrderSequenceNumber))
        #expect(leader.state == before)
        #expect(leader.appended.count == 2)
    }

    @Test("a retry of any of the last five batches is answered with its original offsets", arguments: 0..<5)
    func duplicates(age: Int) throws {
        var leader = Leader()
        for index in 0..<7 {
            leader.produce(idempotentBatch(sequence: Int32(index * 3), seed: Int64(index)))
        }
        let original = leader.appended[leader.appended.count - 1 - age]
        let before = leader.state
        let retry = idempotentBatch(sequence: original.baseSequence)
        #expect(leader.produce(retry) == Leader.duplicate(of: original))
        #expect(leader.state == before)
        #expect(leader.appended.count == 7)
    }

    @Test("a retry of the sixth-newest batch is no longer recognised and is out of order")
    func sixthOldestIsForgotten() {
        var leader = Leader()
        for index in 0..<6 {
            leader.produce(idempotentBatch(sequence: Int32(index * 3)))
        }
        #expect(leader.state.entry(for: 7)?.retainedBatches.count == ProducerStateManager.batchesToRetain)
        #expect(leader.produce(idempotentBatch(sequence: 0)) == .reject(.outOfOrderSequenceNumber))
    }

    @Test("the window keeps exactly the newest five batches, oldest first, as more arrive")
    func windowSlides() {
        var leader = Leader()
        for index in 0..<9 {
            leader.produce(idempotentBatch(sequence: Int32(index * 3), seed: Int64(index)))
            let expected = leader.appended.suffix(ProducerStateManager.batchesToRetain).map { BatchMetadata($0) }
            #expect(leader.state.entry(for: 7)?.retainedBatches == Array(expected))
        }
    }

    @Test("a duplicate is found only among the batches of the current epoch, newest first")
    func duplicateInCurrentEpochOnly() {
        var leader = Leader()
        leader.produce(idempotentBatch(epoch: 0, sequence: 0))
        leader.produce(idempotentBatch(epoch: 1, sequence: 0, seed: 1))
        leader.produce(idempotentBatch(epoch: 1, sequence: 3, seed: 2))
        let entry = leader.state.entry(for: 7)
        #expect(entry?.duplicate(of: idempotentBatch(epoch: 1, sequence: 0)) == BatchMetadata(leader.appended[1]))
        #expect(entry?.duplicate(of: idempotentBatch(epoch: 1, sequence: 3)) == BatchMetadata(leader.appended[2]))
        #expect(entry?.duplicate(of: idempotentBatch(epoch: 0, sequence: 0)) == nil)
        #expect(entry?.duplicate(of: idempotentBatch(epoch: 1, sequence: 6)) == nil)
    }

    @Test("a new epoch must start at sequence 0, and then fences the old one")
    func epochBump() {
        var leader = Leader()
        leader.produce(idempotentBatch(epoch: 0, sequence: 0))
        #expect(leader.produce(idempotentBatch(epoch: 1, sequence: 3)) == .reject(.outOfOrderSequenceNumber))
        #expect(leader.produce(idempotentBatch(epoch: 1, sequence: 0)) == .append)
        #expect(leader.state.entry(for: 7)?.producerEpoch == 1)
        #expect(leader.state.entry(for: 7)?.currentEpochBatches.count == 1)
        #expect(leader.produce(idempotentBatch(epoch: 0, sequence: 3)) == .reject(.invalidProducerEpoch))
    }

    @Test("a batch in a lower epoch is refused, even as a retry of one of that epoch's batches")
    func lowerEpoch() {
        var leader = Leader()
        leader.produce(idempotentBatch(epoch: 2, sequence: 0))
        leader.produce(idempotentBatch(epoch: 3, sequence: 0))
        #expect(leader.produce(idempotentBatch(epoch: 2, sequence: 0)) == .reject(.invalidProducerEpoch))
        #expect(leader.produce(idempotentBatch(epoch: 1, sequence: 0)) == .reject(.invalidProducerEpoch))
        #expect(leader.produce(idempotentBatch(epoch: 3, sequence: 0)) == Leader.duplicate(of: leader.appended[1]))
    }

    @Test("sequences continue at 0 after Int32.max")
    func sequenceWrap() {
        var leader = Leader()
        #expect(leader.produce(idempotentBatch(sequence: Int32.max - 2, records: 3)) == .append)
        #expect(leader.state.entry(for: 7)?.lastSequence == Int32.max)
        #expect(leader.produce(idempotentBatch(sequence: 0, records: 3)) == .append)
        #expect(leader.produce(idempotentBatch(sequence: Int32.max, records: 2)) == .reject(.outOfOrderSequenceNumber))
        #expect(leader.produce(idempotentBatch(sequence: 3, records: 2)) == .append)

        var other = Leader()
        other.produce(idempotentBatch(sequence: Int32.max - 1, records: 3))
        #expect(other.state.entry(for: 7)?.lastSequence == 0)
        #expect(other.produce(idempotentBatch(sequence: 1)) == .append)
        let retry = idempotentBatch(sequence: Int32.max - 1, records: 3)
        #expect(other.produce(retry) == Leader.duplicate(of: other.appended[0]))
    }

    @Test("later batches of one append are checked against the earlier ones")
    func multiBatch() {
        var leader = Leader()
        #expect(leader.produce(idempotentBatch(sequence: 0), idempotentBatch(sequence: 3)) == .append)
        #expect(
            leader.produce(idempotentBatch(sequence: 6), idempotentBatch(sequence: 10))
                == .reject(.outOfOrderSequenceNumber))
        #expect(
            leader.produce(idempotentBatch(sequence: 6), idempotentBatch(sequence: 6))
                == .reject(.outOfOrderSequenceNumber))
        #expect(
            leader.produce(idempotentBatch(epoch: 1, sequence: 0), idempotentBatch(epoch: 0, sequence: 6))
                == .reject(.invalidProducerEpoch))
        #expect(
            leader.produce(
                idempotentBatch(producerID: 8, sequence: 40), idempotentBatch(sequence: 6),
                idempotentBatch(producerID: 8, sequence: 43), idempotentBatch(epoch: 1, sequence: 0))
                == .append)
        #expect(leader.state.producerIDs == [7, 8])
        #expect(leader.state.entry(for: 7)?.producerEpoch == 1)
        #expect(leader.state.entry(for: 8)?.lastSequence == 45)
        #expect(leader.appended.count == 6)
    }

    @Test("a retry anywhere in an append answers the whole append, and only stored batches are retries")
    func multiBatchDuplicate() {
        var leader = Leader()
        leader.produce(idempotentBatch(sequence: 0))
        #expect(
            leader.produce(idempotentBatch(sequence: 3), idempotentBatch(sequence: 0))
                == Leader.duplicate(of: leader.appended[0]))
        #expect(leader.appended.count == 1)
    }

    @Test("batches without a producer id are not checked and leave no state")
    func noProducerID() {
        var leader = Leader()
        leader.produce(idempotentBatch(sequence: 0))
        var builder = RecordBatchBuilder()
        builder.append(timestamp: testEpochMilliseconds, key: nil, value: [1])
        let plain = builder.build()
        #expect(leader.produce(plain, plain) == .append)
        #expect(leader.state.producerIDs == [7])
        #expect(leader.produce(plain, idempotentBatch(sequence: 3)) == .append)
    }

    // MARK: - Rebuilding from the log

    @Test("rebuilding from the log gives the incremental state, also after a reopen and a crash")
    func rebuildFromLog() throws {
        let storage = SimulatedLogStorage()
        var log = try openLog(storage)
        var state = ProducerStateManager()
        var sequences: [Int64: Int32] = [:]
        for index in 0..<40 {
            let producerID = Int64(1 + index % 3)
            let sequence = sequences[producerID, default: 0]
            let epoch: Int16 = index >= 30 && producerID == 2 ? 1 : 0
            let batch = idempotentBatch(
                producerID: producerID, epoch: epoch, sequence: epoch == 1 && index < 33 ? 0 : sequence,
                records: 1 + index % 4)
            #expect(try log.produce([batch], state: &state) == .append)
            sequences[producerID] = RecordBatch.incrementSequence(batch.lastSequence, by: 1)
        }
        #expect(log.segmentSummaries.count > 3)
        #expect(try ProducerStateManager.rebuild(from: log) == state)
        #expect(state.entry(for: 2)?.producerEpoch == 1)

        try log.close(now: now)
        log = try openLog(storage)
        #expect(try ProducerStateManager.rebuild(from: log) == state)

        storage.crash(.processKill)
        log = try openLog(storage)
        #expect(try ProducerStateManager.rebuild(from: log) == state)
    }

    @Test("truncating the state is the same as rebuilding it from the truncated log")
    func truncateEqualsRebuild() throws {
        let storage = SimulatedLogStorage()
        let log = try openLog(storage)
        var state = ProducerStateManager()
        let batches = [
            idempotentBatch(producerID: 1, sequence: 0), idempotentBatch(producerID: 2, sequence: 10),
            idempotentBatch(producerID: 1, sequence: 3), idempotentBatch(producerID: 2, epoch: 1, sequence: 0),
            idempotentBatch(producerID: 3, sequence: 5), idempotentBatch(producerID: 2, epoch: 1, sequence: 3),
        ]
        for batch in batches {
            #expect(try log.produce([batch], state: &state) == .append)
        }
        // Offsets 0-2, 3-5, 6-8, 9-11, 12-14, 15-17; 10 lies inside producer 2's epoch-1 batch.
        for target in [Offset(16), Offset(10)] {
            try log.truncate(to: target)
            state.truncate(to: target)
            state.checkInvariants()
            #expect(try ProducerStateManager.rebuild(from: log) == state, "truncated to \(target)")
        }
        #expect(state.producerIDs == [1, 2])
        // Producer 2 is back in epoch 0, whose batch is still retained.
        #expect(state.entry(for: 2)?.producerEpoch == 0)
        #expect(state.entry(for: 2)?.lastSequence == 12)
        #expect(try log.produce([idempotentBatch(producerID: 2, sequence: 13)], state: &state) == .append)

        try log.truncate(to: Offset(4))
        state.truncate(to: Offset(4))
        #expect(try ProducerStateManager.rebuild(from: log) == state)
        #expect(state.producerIDs == [1])
    }

    @Test("a producer whose batches were all truncated is forgotten and may start anywhere")
    func truncateForgetsProducer() {
        var leader = Leader()
        leader.produce(idempotentBatch(producerID: 1, sequence: 0))
        leader.produce(idempotentBatch(producerID: 2, sequence: 0))
        leader.state.truncate(to: Offset(3))
        #expect(leader.state.producerIDs == [1])
        #expect(leader.produce(idempotentBatch(producerID: 2, sequence: 99)) == .append)
    }

    @Test("after truncating a producer with more than five batches, the state keeps the newest part of a rebuild")
    func truncateBeyondRetained() throws {
        let storage = SimulatedLogStorage()
        let log = try openLog(storage)
        var state = ProducerStateManager()
        for index in 0..<7 {
            #expect(try log.produce([idempotentBatch(sequence: Int32(index * 3))], state: &state) == .append)
        }
        try log.truncate(to: Offset(15))
        state.truncate(to: Offset(15))
        let rebuilt = try ProducerStateManager.rebuild(from: log)
        let kept = try #require(state.entry(for: 7)).retainedBatches
        let full = try #require(rebuilt.entry(for: 7)).retainedBatches
        #expect(kept.count == 3)
        #expect(full.count == 5)
        #expect(Array(full.suffix(3)) == kept)
        #expect(state.check(idempotentBatch(sequence: 15)) == rebuilt.check(idempotentBatch(sequence: 15)))
    }

    // MARK: - Randomized

    @Test(
        "incremental state matches a rebuild from the log through random appends, retries and truncations",
        arguments: 1...12 as ClosedRange<UInt64>)
    func randomized(seed: UInt64) throws {
        print("ProducerStateTests.randomized seed \(seed)")
        var run = try RandomRun(seed: seed)
        for step in 0..<150 {
            try run.step(step)
        }
    }
}

/// One randomized run: three producers append, retry, bump and go stale against a real log
/// that is also truncated and reopened; after each step the state must match a rebuild.
private struct RandomRun {
    /// What a producer client believes: its epoch and next sequence, and what it sent lately.
    struct Client {
        var epoch: Int16 = 0
        var nextSequence: Int32 = 0
        var sent: [RecordBatch] = []
    }

    let seed: UInt64
    var random: SeededGenerator
    let storage = SimulatedLogStorage()
    var log: PartitionLog
    var state = ProducerStateManager()
    var clients: [Client] = Array(repeating: Client(), count: 3)

    init(seed: UInt64) throws {
        self.seed = seed
        random = SeededGenerator(seed: seed).stream("producer-state")
        log = try openLog(storage)
    }

    mutating func step(_ step: Int) throws {
        let context = "seed \(seed) step \(step)"
        switch random.next(below: 10) {
        case 0...4: try produce(context: context)
        case 5: try retry(context: context)
        case 6: try stale(context: context)
        case 7:
            let index = Int(random.next(below: 3))
            clients[index].epoch += 1
            clients[index].nextSequence = 0
            try produce(index: index, context: context)
        case 8: try truncate(context: context)
        default:
            try log.close(now: now)
            if random.chance(0.5) { storage.crash(.processKill) }
            log = try openLog(storage)
        }
        state.checkInvariants()
        #expect(try ProducerStateManager.rebuild(from: log) == state, "\(context)")
    }

    /// The next batch of client `index`, in its epoch from its next sequence.
    mutating func nextBatch(index: Int) -> RecordBatch {
        let batch = idempotentBatch(
            producerID: Int64(index + 1), epoch: clients[index].epoch, sequence: clients[index].nextSequence,
            records: 1 + Int(random.next(below: 4)), seed: Int64(random.next(below: 1000)))
        clients[index].nextSequence = RecordBatch.incrementSequence(batch.lastSequence, by: 1)
        clients[index].sent = Array((clients[index].sent + [batch]).suffix(8))
        return batch
    }

    /// One or two clients send their next batches in one append; a client refused for its
    /// sequence (after a truncation) bumps its epoch, as Kafka's producer does.
    mutating func produce(context: String) throws {
        let first = Int(random.next(below: 3))
        var indexes = [first]
        if random.chance(0.3) { indexes.append((first + 1 + Int(random.next(below: 2))) % 3) }
        var batches: [RecordBatch] = []
        for index in indexes { batches.append(nextBatch(index: index)) }
        let verdict = try log.produce(batches, state: &state)
        if verdict == .reject(.outOfOrderSequenceNumber) {
            for index in indexes {
                clients[index].epoch += 1
                clients[index].nextSequence = 0
            }
        } else {
            #expect(verdict == .append, "\(context): \(verdict)")
        }
    }

    mutating func produce(index: Int, context: String) throws {
        let verdict = try log.produce([nextBatch(index: index)], state: &state)
        #expect(verdict == .append, "\(context): \(verdict)")
    }

    /// A client resends one of its recent batches: a retry is answered with the offsets and
    /// timestamp the log holds for it.
    mutating func retry(context: String) throws {
        let index = Int(random.next(below: 3))
        let sent = clients[index].sent
        guard !sent.isEmpty else { return }
        let batch = sent[Int(random.next(below: UInt64(sent.count)))]
        let verdict = try log.produce([batch], state: &state)
        guard case .duplicate(let firstOffset, let lastOffset, let timestamp) = verdict else { return }
        let stored = try log.allBatches().first { $0.baseOffset == firstOffset }
        #expect(stored?.producerID == batch.producerID, "\(context)")
        #expect(stored?.producerEpoch == batch.producerEpoch, "\(context)")
        #expect(stored?.baseSequence == batch.baseSequence, "\(context)")
        #expect(stored?.lastOffset == lastOffset, "\(context)")
        #expect(stored?.maxTimestamp == timestamp, "\(context)")
    }

    /// A client sends in an older epoch or with a gap: refused whenever the partition knows it.
    mutating func stale(context: String) throws {
        let index = Int(random.next(below: 3))
        guard let entry = state.entry(for: Int64(index + 1)) else { return }
        let lower = entry.producerEpoch > 0 && random.chance(0.5)
        let batch = idempotentBatch(
            producerID: entry.producerID, epoch: lower ? entry.producerEpoch - 1 : entry.producerEpoch,
            sequence: RecordBatch.incrementSequence(entry.lastSequence, by: 2))
        let expected: KafkaError = lower ? .invalidProducerEpoch : .outOfOrderSequenceNumber
        #expect(try log.produce([batch], state: &state) == .reject(expected), "\(context)")
    }

    /// Truncates the log and the state to a random offset. Producers whose retained batches
    /// reached back to their oldest batch in the log must match a rebuild exactly; the others
    /// keep the newest part of it, after which the run continues from the rebuilt state.
    mutating func truncate(context: String) throws {
        let span = log.logEndOffset.distance(from: log.logStartOffset)
        let target = log.logStartOffset.advanced(by: Int64(random.next(below: UInt64(span + 1))))
        var oldestOffsets: [Int64: Offset] = [:]
        for batch in try log.allBatches() where oldestOffsets[batch.producerID] == nil {
            oldestOffsets[batch.producerID] = batch.baseOffset
        }
        let exact = state.producerIDs.filter { producerID in
            guard let entry = state.entry(for: producerID) else { return false }
            return entry.lastOffset < target || entry.retainedBatches.first?.firstOffset == oldestOffsets[producerID]
        }
        try log.truncate(to: target)
        state.truncate(to: target)
        state.checkInvariants()
        let rebuilt = try ProducerStateManager.rebuild(from: log)
        for producerID in Set(state.producerIDs + rebuilt.producerIDs).sorted() {
            let kept = state.entry(for: producerID)
            let full = rebuilt.entry(for: producerID)
            if exact.contains(producerID) {
                #expect(kept == full, "\(context): producer \(producerID) after truncating to \(target)")
            } else {
                let keptBatches = kept?.retainedBatches ?? []
                #expect(
                    full.map { Array($0.retainedBatches.suffix(keptBatches.count)) == keptBatches } ?? false,
                    "\(context): producer \(producerID) after truncating to \(target)")
            }
        }
        state = rebuilt
    }
}
