import KafkaCore
import Testing

@Suite struct RecordBatchScannerTests {
    typealias Fixtures = RecordBatchFixtures

    /// Three different batches back to back, as in a segment or a produce request.
    static let batches: [RecordBatch] = [
        Fixtures.smallBatch(baseOffset: Offset(0)),
        RecordBatch.build(
            baseOffset: Offset(3), baseTimestamp: Fixtures.baseTimestamp, records: Fixtures.variedRecords),
        Fixtures.smallBatch(baseOffset: Offset(9)),
    ]
    static let bytes = batches.flatMap(\.bytes)

    @Test("consecutive batches come back in order and account for every byte")
    func wholeBuffer() {
        let scan = RecordBatch.batches(in: Self.bytes)
        #expect(scan.batches == Self.batches)
        #expect(scan.validBytes == Self.bytes.count)
        #expect(scan.error == nil)
        #expect(scan.batches.map(\.baseOffset) == [Offset(0), Offset(3), Offset(9)])
    }

    @Test("an empty buffer holds no batches and no error")
    func empty() {
        let scan = RecordBatch.batches(in: [])
        #expect(scan.batches.isEmpty)
        #expect(scan.validBytes == 0)
        #expect(scan.error == nil)
    }

    @Test("a buffer cut anywhere inside the last batch stops after the whole ones, as truncated")
    func tornTail() {
        let wholeBytes = Self.batches[0].sizeInBytes + Self.batches[1].sizeInBytes
        for cut in (wholeBytes + 1)..<Self.bytes.count {
            let scan = RecordBatch.batches(in: Array(Self.bytes[..<cut]))
            #expect(scan.batches.count == 2, "cut at \(cut)")
            #expect(scan.validBytes == wholeBytes, "cut at \(cut)")
            guard case .corruptRecord(.truncated(_, let available))? = scan.error else {
                Issue.record("cut at \(cut): expected truncated, got \(String(describing: scan.error))")
                continue
            }
            #expect(available == cut - wholeBytes)
        }
    }

    @Test("a corrupt batch in the middle stops the scan at its first byte, unless only framing is checked")
    func corruptMiddle() {
        var bytes = Self.bytes
        let firstSize = Self.batches[0].sizeInBytes
        bytes[firstSize + 70] ^= 0x01
        let scan = RecordBatch.batches(in: bytes)
        #expect(scan.batches == [Self.batches[0]])
        #expect(scan.validBytes == firstSize)
        guard case .corruptRecord(.checksumMismatch)? = scan.error else {
            Issue.record("expected a checksum mismatch, got \(String(describing: scan.error))")
            return
        }
        let framed = RecordBatch.batches(in: bytes, validating: false)
        #expect(framed.batches.count == 3)
        #expect(framed.error == nil)
    }

    @Test("a wrong magic byte, an impossible length or a huge length stop the scan with the right error")
    func badFraming() {
        let firstSize = Self.batches[0].sizeInBytes
        var badMagic = Self.bytes
        badMagic[firstSize + 16] = 1
        #expect(RecordBatch.batches(in: badMagic).error == .corruptRecord(.unsupportedMagic(1)))
        var shortLength = Self.bytes
        shortLength.replaceSubrange((firstSize + 8)..<(firstSize + 12), with: [0, 0, 0, 12])
        #expect(RecordBatch.batches(in: shortLength).error == .corruptRecord(.lengthBelowMinimum(batchLength: 12)))
        var hugeLength = Self.bytes
        hugeLength.replaceSubrange((firstSize + 8)..<(firstSize + 12), with: [0x7F, 0xFF, 0xFF, 0xFF])
        let scan = RecordBatch.batches(in: hugeLength)
        #expect(scan.validBytes == firstSize)
        #expect(
            scan.error
                == .corruptRecord(.truncated(needed: Int(Int32.max) + 12, available: Self.bytes.count - firstSize)))
    }

    @Test("the scanner stays at the failure and enforces max.message.bytes when validating")
    func scannerStops() throws {
        var scanner = RecordBatchScanner(bytes: Self.bytes, maxMessageBytes: Self.batches[0].sizeInBytes)
        #expect(try scanner.next() == Self.batches[0])
        let limit = Self.batches[0].sizeInBytes
        let tooLarge = RecordBatchError.recordTooLarge(size: Self.batches[1].sizeInBytes, limit: limit)
        #expect(throws: tooLarge) { try scanner.next() }
        #expect(throws: tooLarge) { try scanner.next() }
        #expect(scanner.validBytes == limit)
    }

    @Test("a lone batch, and a first batch that is corrupt or torn, scan as batches further on do")
    func firstBatch() {
        let lone = RecordBatch.batches(in: Self.batches[0].bytes)
        #expect(lone.batches == [Self.batches[0]])
        #expect(lone.validBytes == Self.batches[0].sizeInBytes && lone.error == nil)
        var corrupt = Self.bytes
        corrupt[70] ^= 0x01
        let broken = RecordBatch.batches(in: corrupt)
        #expect(broken.batches.isEmpty && broken.validBytes == 0)
        guard case .corruptRecord(.checksumMismatch)? = broken.error else {
            Issue.record("expected a checksum mismatch, got \(String(describing: broken.error))")
            return
        }
        let torn = RecordBatch.batches(in: Array(Self.bytes[..<30]))
        #expect(torn.batches.isEmpty && torn.validBytes == 0)
        #expect(torn.error == .corruptRecord(.truncated(needed: Self.batches[0].sizeInBytes, available: 30)))
    }
}
