import KafkaCore
import Testing

/// Batches read in place (what the consumer decodes from) agree with copied `RecordBatch`es.
@Suite struct RecordBatchViewTests {
    typealias Fixtures = RecordBatchFixtures

    static let batches = RecordBatchScannerTests.batches
    static let bytes = RecordBatchScannerTests.bytes

    /// Every record of every batch lent in place, with its batch's base offset.
    static func viewed(_ bytes: [UInt8]) -> (records: [(Offset, Record)], lentBytes: Int, errors: Int) {
        var records: [(Offset, Record)] = []
        var errors = 0
        let lent = RecordBatch.forEachBatch(in: bytes) { batch in
            do throws(RecordBatchError) {
                try batch.validate()
                try batch.forEachRecord { record in
                    records.append(
                        (
                            batch.baseOffset,
                            Record(
                                offsetDelta: record.offsetDelta, timestampDelta: record.timestampDelta,
                                key: record.key.map { [UInt8]($0) }, value: record.value.map { [UInt8]($0) },
                                headers: record.headers)
                        ))
                }
            } catch {
                errors += 1
                return false
            }
            return true
        }
        return (records, lent, errors)
    }

    @Test("records lent in place equal the copied batches' records, header fields included")
    func sameRecords() throws {
        let viewed = Self.viewed(Self.bytes)
        var expected: [(Offset, Record)] = []
        for batch in Self.batches { expected += try batch.records().map { (batch.baseOffset, $0) } }
        #expect(viewed.records.map(\.0) == expected.map(\.0))
        #expect(viewed.records.map(\.1) == expected.map(\.1))
        #expect(viewed.lentBytes == Self.bytes.count && viewed.errors == 0)
        var headers: [(Offset, Offset, Int32, Int64)] = []
        RecordBatch.forEachBatch(in: Self.bytes) { batch in
            headers.append((batch.baseOffset, batch.nextOffset, batch.recordCount, batch.maxTimestamp))
            return true
        }
        #expect(headers.map(\.0) == Self.batches.map(\.baseOffset))
        #expect(headers.map(\.1) == Self.batches.map(\.nextOffset))
        #expect(headers.map(\.2) == Self.batches.map(\.recordCount))
        #expect(headers.map(\.3) == Self.batches.map(\.maxTimestamp))
    }

    @Test("a torn last batch is not lent; a corrupt one fails validation")
    func tornAndCorrupt() {
        let wholeBytes = Self.batches[0].sizeInBytes + Self.batches[1].sizeInBytes
        for cut in (wholeBytes + 1)..<Self.bytes.count {
            #expect(Self.viewed(Array(Self.bytes[..<cut])).lentBytes == wholeBytes, "cut at \(cut)")
        }
        var corrupt = Self.bytes
        corrupt[Self.batches[0].sizeInBytes + 70] ^= 0x01
        let viewed = Self.viewed(corrupt)
        #expect(viewed.errors == 1 && viewed.lentBytes == Self.batches[0].sizeInBytes)
    }
}
