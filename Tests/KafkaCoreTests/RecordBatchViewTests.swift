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

    /// Every batch's entries from `position` on, appended as a consumer does; the error of the
    /// first batch that throws ends the walk.
    static func entries(
        _ bytes: [UInt8], from position: Offset = Offset(0)
    ) -> (entries: [RecordEntry], error: RecordBatchError?) {
        var entries: [RecordEntry] = []
        var failure: RecordBatchError?
        bytes.withUnsafeBytes { fetch in
            _ = RecordBatch.forEachBatch(in: bytes) { batch in
                guard let fetchBase = fetch.baseAddress, let batchBase = batch.buffer.baseAddress else { return false }
                do throws(RecordBatchError) {
                    try batch.appendEntries(
                        from: position, fetchStart: fetchBase.distance(to: batchBase), into: &entries)
                } catch {
                    failure = error
                    return false
                }
                return true
            }
        }
        return (entries, failure)
    }

    /// The bytes a field's range names in the fetch (`nil` for null).
    static func field(_ bytes: [UInt8], _ range: Range<Int>?) -> [UInt8]? {
        range.map { Array(bytes[$0]) }
    }

    @Test("entries name each record's offset, and read its timestamp, epoch, key, value and headers in the fetch")
    func entriesMatchRecords() throws {
        var batches = Self.batches
        batches[1].partitionLeaderEpoch = LeaderEpoch(7)
        batches[2].setMaxTimestamp(1_800_000_000_000, timestampType: .logAppendTime)
        let bytes = batches.flatMap(\.bytes)
        for position in [Offset(0), Offset(5), Offset(10), Offset(12)] {
            let decoded = Self.entries(bytes, from: position)
            #expect(decoded.error == nil)
            var expected: [(RecordBatch, Record)] = []
            for batch in batches {
                expected += try batch.records().filter { batch.offset(of: $0) >= position }.map { (batch, $0) }
            }
            try #require(decoded.entries.count == expected.count, "from \(position)")
            for (entry, (batch, record)) in zip(decoded.entries, expected) {
                let fields = bytes.withUnsafeBytes { entry.fields(in: $0) }
                #expect(Offset(entry.offset) == batch.offset(of: record))
                #expect(fields.timestamp == batch.timestamp(of: record))
                #expect(fields.leaderEpoch == batch.partitionLeaderEpoch)
                #expect(bytes.withUnsafeBytes { entry.leaderEpoch(in: $0) } == batch.partitionLeaderEpoch)
                #expect(Self.field(bytes, fields.key) == record.key)
                #expect(Self.field(bytes, fields.value) == record.value)
                #expect(fields.headers == record.headers)
            }
        }
    }

    @Test("a record's timestamp past Int64.max wraps, as Kafka's long sum does, instead of trapping")
    func timestampWraps() throws {
        let batch = RecordBatch.build(
            baseOffset: Offset(0), baseTimestamp: Int64.max - 1,
            records: [Record(offsetDelta: 0, timestampDelta: 5, key: nil, value: [1, 2, 3], headers: [])])
        let decoded = Self.entries(batch.bytes)
        #expect(decoded.error == nil)
        let entry = try #require(decoded.entries.first)
        let fields = batch.bytes.withUnsafeBytes { entry.fields(in: $0) }
        #expect(fields.timestamp == (Int64.max - 1) &+ 5)
        #expect(fields.timestamp == batch.timestamp(of: try #require(batch.records().first)))
    }

    @Test("a broken record throws after its batch's earlier entries; a compressed batch appends none")
    func entriesOfBrokenBatches() throws {
        // The second record's offset delta (byte 3 of it) rewritten from 1 to 0: out of order.
        let first = Self.batches[0].bytes
        let secondRecord = 61 + Int(first[61]) / 2 + 1
        var broken = first
        broken[secondRecord + 3] = 0x00
        let decoded = Self.entries(broken)
        #expect(decoded.entries.map(\.offset) == [0])
        #expect(decoded.error == .invalidRecord(.offsetDeltaOutOfOrder(index: 1, offsetDelta: 0, previous: 0)))
        let compressed = Fixtures.patched(first, CompressionCodec.gzip.rawValue, at: 21)
        let refused = Self.entries(compressed)
        #expect(refused.entries.isEmpty && refused.error == .unsupportedCompression(.gzip))
    }
    @Test("entries written in place after others are the appended ones; a broken record counts the earlier")
    func entriesWrittenInPlace() throws {
        let bytes = Self.batches.flatMap(\.bytes)
        var broken = Self.batches[0].bytes
        // The second record's offset delta (byte 3 of it) rewritten from 1 to 0: out of order.
        broken[61 + Int(broken[61]) / 2 + 1 + 3] = 0x00
        for (fetch, position) in [(bytes, Offset(0)), (bytes, Offset(5)), (broken, Offset(0))] {
            let appended = Self.entries(fetch, from: position)
            let filler = RecordEntry(offset: -1, recordStart: -1, batchStart: -1)
            let room = fetch.count / 7 + 3
            var written: [RecordEntry] = []
            var failure: RecordBatchError?
            fetch.withUnsafeBytes { raw in
                withUnsafeTemporaryAllocation(of: RecordEntry.self, capacity: room) { place in
                    place.initialize(repeating: filler)
                    // Three entries already there: the batches' go after them and leave them be.
                    var count = 3
                    _ = RecordBatch.forEachBatch(in: fetch) { batch in
                        guard let start = batch.buffer.baseAddress, let base = raw.baseAddress else { return false }
                        #expect(batch.entryRoom == Int(batch.recordCount))
                        do throws(RecordBatchError) {
                            try batch.writeEntries(
                                from: position, fetchStart: base.distance(to: start), into: place, count: &count)
                        } catch {
                            failure = error
                            return false
                        }
                        return true
                    }
                    written = Array(place[..<count])
                }
            }
            #expect(Array(written[..<3]) == Array(repeating: filler, count: 3))
            #expect(Array(written[3...]) == appended.entries)
            #expect(failure == appended.error)
        }
    }
}
