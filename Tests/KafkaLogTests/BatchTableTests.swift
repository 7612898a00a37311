import KafkaCore
import Testing

@testable import KafkaLog

@Suite struct BatchTableTests {
    /// Batches of 100, 50 and 70 bytes holding offsets 0...2, 5...5 (after a gap) and 6...9.
    private func table() -> BatchTable {
        var table = BatchTable()
        table.append(baseOffset: Offset(0), lastOffset: Offset(2), position: 0, sizeInBytes: 100)
        table.append(baseOffset: Offset(5), lastOffset: Offset(5), position: 100, sizeInBytes: 50)
        table.append(baseOffset: Offset(6), lastOffset: Offset(9), position: 150, sizeInBytes: 70)
        return table
    }

    @Test("an offset finds the first batch whose last offset reaches it, gaps included; past the end finds none")
    func firstIndex() {
        let table = table()
        #expect(BatchTable().firstIndex(reaching: Offset(0)) == nil)
        #expect(
            [0, 1, 2, 3, 4, 5, 6, 9, 10].map { table.firstIndex(reaching: Offset($0)) } == [
                0, 0, 0, 1, 1, 1, 2, 2, nil,
            ])
        #expect(
            table.location(at: 1)
                == BatchLocation(baseOffset: Offset(5), lastOffset: Offset(5), position: 100, sizeInBytes: 50))
        #expect(table.location(at: 2).sizeInBytes == 70 && table.location(at: 2).end == 220)
    }

    @Test("a batch's offsets and position come back whole at the edges of the span's 32-bit fields")
    func spanEdges() {
        let base = Int64(1) << 40
        var table = BatchTable()
        let first = Int(Int32.max) - 300
        table.append(baseOffset: Offset(base), lastOffset: Offset(base + 7), position: 0, sizeInBytes: first)
        table.append(
            baseOffset: Offset(base + 8), lastOffset: Offset(base + 8 + Int64(Int32.max)), position: first,
            sizeInBytes: 300)
        #expect(
            table.location(at: 0)
                == BatchLocation(
                    baseOffset: Offset(base), lastOffset: Offset(base + 7), position: 0, sizeInBytes: first))
        #expect(
            table.location(at: 1)
                == BatchLocation(
                    baseOffset: Offset(base + 8), lastOffset: Offset(base + 8 + Int64(Int32.max)), position: first,
                    sizeInBytes: 300))
        #expect(table.firstIndex(reaching: Offset(base + 9)) == 1)
        #expect(table.lastIndex(from: 0, endingBy: first) == 0)
    }

    @Test("the last whole batch within a byte limit, none when the first batch does not fit")
    func lastIndex() {
        let table = table()
        #expect(table.lastIndex(from: 0, endingBy: 99) == nil)
        #expect(table.lastIndex(from: 0, endingBy: 100) == 0)
        #expect(table.lastIndex(from: 0, endingBy: 149) == 0)
        #expect(table.lastIndex(from: 0, endingBy: 150) == 1)
        #expect(table.lastIndex(from: 0, endingBy: 219) == 1)
        #expect(table.lastIndex(from: 0, endingBy: 220) == 2)
        #expect(table.lastIndex(from: 1, endingBy: 1 << 20) == 2)
        #expect(table.lastIndex(from: 2, endingBy: 219) == nil)
        #expect(table.lastIndex(from: 1, endingBy: 150) == 1)
    }

    @Test("the searches from the end and from the first batch agree with a linear scan", arguments: [1, 2, 3])
    func searchesMatchLinearScan(seed: UInt64) {
        var random = TestRandom(seed: seed)
        var table = BatchTable()
        var next: Int64 = 0
        var position = 0
        for _ in 0..<random.int(1...300) {
            let base = next + Int64(random.int(0...2))
            let last = base + Int64(random.int(0...4))
            let size = random.int(1...50)
            table.append(baseOffset: Offset(base), lastOffset: Offset(last), position: position, sizeInBytes: size)
            next = last + 1
            position += size
        }
        let spans = (0..<table.count).map { table.location(at: $0) }
        for offset in 0...(next + 1) {
            let expected = spans.firstIndex { $0.lastOffset >= Offset(offset) }
            #expect(table.firstIndex(reaching: Offset(offset)) == expected, "offset \(offset)")
        }
        for _ in 0..<200 {
            let first = random.int(0...(spans.count - 1))
            let limit = random.int(0...(position + 10))
            let expected = spans.indices.last { $0 >= first && spans[$0].end <= limit }
            #expect(table.lastIndex(from: first, endingBy: limit) == expected, "from \(first) by \(limit)")
        }
    }

    @Test("truncating to a batch's start drops it and every later one; appends go on from there")
    func truncate() {
        var table = table()
        table.truncate(toPosition: 100)
        #expect(table.count == 1 && table.endPosition == 100 && table.firstIndex(reaching: Offset(3)) == nil)
        table.append(baseOffset: Offset(3), lastOffset: Offset(4), position: 100, sizeInBytes: 80)
        #expect(table.firstIndex(reaching: Offset(3)) == 1 && table.location(at: 1).sizeInBytes == 80)
        table.truncate(toPosition: 0)
        #expect(table.count == 0 && table.endPosition == 0 && table.firstIndex(reaching: Offset(0)) == nil)
    }

    /// Reads of every offset with a few byte limits and upper bounds, as values to compare.
    private func allReads(_ log: PartitionLog) throws -> [LogReadResult] {
        var reads: [LogReadResult] = []
        let end = log.logEndOffset
        for offset in log.logStartOffset.rawValue...end.rawValue {
            for maxBytes in [0, 1, 90, 200, 1 << 20] {
                for bound in [end, Offset(max(offset, end.rawValue - 7)), Offset(offset + 1)] {
                    for minOne in [false, true] {
                        reads.append(
                            try log.read(
                                from: Offset(offset), maxBytes: maxBytes, upperBound: bound, minOneMessage: minOne))
                    }
                }
            }
        }
        return reads
    }

    @Test(
        "reads through the batch table return what reads walking the batch headers return",
        arguments: [0, 150, 100_000])
    func readsMatchHeaderWalk(indexIntervalBytes: Int) throws {
        let storage = SimulatedLogStorage()
        let config = smallConfig(segmentBytes: 1 << 20, indexIntervalBytes: indexIntervalBytes)
        let (log, _) = try openLog(storage, config: config)
        try log.appendBatches(5)
        // Follower appends with gaps, several batches per append, as after compaction on a leader.
        _ = try log.appendAsFollower(
            [replicatedBatch(baseOffset: 20, epoch: 1), replicatedBatch(baseOffset: 23, epoch: 1, records: 1)],
            now: instant())
        _ = try log.appendAsFollower([replicatedBatch(baseOffset: 40, epoch: 2, records: 5)], now: instant())
        #expect(log.segments.count == 1 && log.segments[0].hasBatchTable)
        let withTable = try allReads(log)
        #expect(withTable.contains { $0.batchCount > 1 })
        try log.close(now: instant())

        // A clean shutdown loads the indexes without recovery: no batch table.
        let (reopened, _) = try openLog(storage, config: config)
        #expect(!reopened.segments[0].hasBatchTable)
        #expect(try allReads(reopened) == withTable)
        // Recovery scans the segment from its first byte and rebuilds the table.
        storage.crash(.processKill)
        let (recovered, _) = try openLog(storage, config: config, recoveryPoint: Offset(0))
        #expect(recovered.segments[0].hasBatchTable)
        #expect(try allReads(recovered) == withTable)
    }

    @Test("the table follows truncation and is dropped when its segment rolls")
    func truncationAndRoll() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 400))
        try log.appendBatches(4)
        let before = try log.allBatches()
        try log.truncate(to: Offset(7))
        log.checkInvariants()
        #expect(log.logEndOffset == Offset(6))
        #expect(try log.allBatches() == before.filter { $0.lastOffset < Offset(6) })
        try log.appendBatches(10)
        #expect(log.segments.count > 1)
        #expect(log.segments.dropLast().allSatisfy { !$0.hasBatchTable })
        #expect(log.segments.last?.hasBatchTable == true)
        let read = try log.read(from: Offset(6), maxBytes: 1 << 20, upperBound: log.logEndOffset, minOneMessage: true)
        #expect(read.firstBatchBaseOffset == Offset(6))
    }
}
