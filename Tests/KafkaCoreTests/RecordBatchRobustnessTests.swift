import KafkaCore
import Testing

/// Whatever the bytes, decoding ends in a batch or a typed error: it never traps, never reads
/// out of bounds and never allocates by a count it read from the input.
@Suite struct RecordBatchRobustnessTests {
    typealias Fixtures = RecordBatchFixtures

    /// Runs every entry point over `bytes`; a trap would crash the test process.
    func exercise(_ bytes: [UInt8]) {
        let scan = RecordBatch.batches(in: bytes)
        #expect(scan.validBytes <= bytes.count)
        #expect(scan.batches.reduce(0) { $0 + $1.sizeInBytes } == scan.validBytes)
        for batch in scan.batches {
            do { try batch.validate() } catch { Issue.record("a scanned batch fails validation: \(error)") }
        }
        if let batch = try? RecordBatch(bytes: bytes) {
            _ = try? batch.validate()
            _ = try? batch.records()
            _ = (batch.lastOffset, batch.lastSequence, batch.nextOffset)
        }
    }

    @Test("random mutations of valid batches end in a batch or a typed error")
    func mutatedBatches() throws {
        var generator = SplitMix(seed: 2_024)
        let original = RecordBatch.build(baseTimestamp: Fixtures.baseTimestamp, records: Fixtures.variedRecords).bytes
        for _ in 0..<2_000 {
            var bytes = original
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            // Reseal half of them so the damage reaches the record checks behind the CRC.
            if generator.next() % 2 == 0, bytes.count > 21 { bytes = Fixtures.resealed(bytes) }
            exercise(bytes)
            exercise(Array(bytes[..<Int(generator.next() % UInt64(bytes.count + 1))]))
        }
    }

    @Test("random garbage ends in a batch or a typed error")
    func garbage() {
        var generator = SplitMix(seed: 99)
        for _ in 0..<2_000 {
            let count = Int(generator.next() % 200)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if count > 61 {
                // Make the framing plausible so the deeper checks run.
                bytes.replaceSubrange(8..<12, with: withUnsafeBytes(of: Int32(count - 12).bigEndian, Array.init))
                bytes[16] = 2
                bytes = Fixtures.resealed(bytes)
            }
            exercise(bytes)
        }
    }
}
