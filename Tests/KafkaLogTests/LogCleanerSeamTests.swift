import KafkaCore
import KafkaLog
import Testing

@Suite struct LogCleanerSeamTests {
    @Test("a cleaned segment replaces the segments it covers, and the log reads it after a reopen")
    func replaceSegments() throws {
        let storage = SimulatedLogStorage()
        let (log, _) = try openLog(storage, config: smallConfig(segmentBytes: 300))
        try log.appendBatches(12, valueBytes: 20)
        let bases = log.segmentSummaries.map(\.baseOffset)
        try #require(bases.count >= 4)
        let replaced = Array(bases.prefix(2))
        let cleaned = try log.createCleanedSegment(baseOffset: bases[0], now: instant())
        var kept: [RecordBatch] = []
        for segment in log.nonActiveSegments.prefix(2) {
            try segment.forEachBatch { (batch) throws(LogError) -> Bool in
                // Keep every other batch, as compaction keeps the latest value of each key.
                if batch.baseOffset.rawValue % 2 == 0 {
                    kept.append(batch)
                    try cleaned.appendCleaned(batch, indexIntervalBytes: 100)
                }
                return true
            }
        }
        try log.replaceSegments(replaced, with: cleaned)
        log.checkInvariants()
        #expect(log.segmentSummaries.map(\.baseOffset) == [bases[0]] + bases.dropFirst(2))
        let names = try storage.entries(in: testDirectory).map(\.name)
        #expect(!names.contains { $0.hasSuffix(".cleaned") || $0.hasSuffix(".swap") })
        let read = try log.read(from: Offset(0), maxBytes: 1 << 20, upperBound: bases[2], minOneMessage: true)
        #expect(read.batches() == kept)
        try log.close(now: instant())
        let (reopened, _) = try openLog(storage)
        #expect(
            try reopened.read(from: Offset(0), maxBytes: 1 << 20, upperBound: bases[2], minOneMessage: true).batches()
                == kept)
    }
}
