import KafkaCore
import Testing

@Suite struct RecordBatchTests {
    typealias Fixtures = RecordBatchFixtures

    @Test("a one-record batch is byte-for-byte the batch kcat and recbatch.py produce")
    func publishedVector() throws {
        let expected = hex(
            "0000000000000000 0000003a 00000000 02 e99b8dd8 0000 00000000 0000018bcfe56800 0000018bcfe56800"
                + " ffffffffffffffff ffff ffffffff 00000001 10 00 00 00 02 6b 02 76 00")
        let batch = RecordBatch.build(
            partitionLeaderEpoch: LeaderEpoch(0), baseTimestamp: 1_700_000_000_000,
            records: [Record(offsetDelta: 0, key: Array("k".utf8), value: Array("v".utf8))])
        #expect(batch.bytes == expected)
        #expect(batch.sizeInBytes == 70)
        #expect(batch.crc == 0xE99B_8DD8)
        #expect(try RecordBatch(bytes: expected) == batch)
    }

    @Test("validation finds the first record without a key in the same pass, after any broken record")
    func recordWithoutKey() throws {
        let varied = RecordBatch.build(baseTimestamp: Fixtures.baseTimestamp, records: Fixtures.variedRecords)
        #expect(try varied.validate(findingRecordWithoutKey: true) == 1)
        #expect(try varied.validate(findingRecordWithoutKey: false) == nil)
        #expect(try Fixtures.smallBatch().validate(findingRecordWithoutKey: true) == nil)
        // A null key first, a broken record after it: the broken record is what is reported.
        let nullKey: [UInt8] = [0x0E, 0x00, 0x00, 0x00, 0x01, 0x02, 0x76, 0x00]
        let broken: [UInt8] = [0x06, 0x00, 0x00, 0x02, 0x01, 0x02, 0x76, 0x00]
        let batch = try Fixtures.batch(recordBytes: nullKey + broken, recordCount: 2, lastOffsetDelta: 1)
        #expect(throws: RecordBatchError.self) { try batch.validate(findingRecordWithoutKey: true) }
        let valid = try Fixtures.batch(recordBytes: nullKey, recordCount: 1, lastOffsetDelta: 0)
        #expect(try valid.validate(findingRecordWithoutKey: true) == 0)
        #expect(throws: RecordBatchError.recordTooLarge(size: valid.sizeInBytes, limit: 10)) {
            try valid.validate(maxMessageBytes: 10, findingRecordWithoutKey: true)
        }
    }

    @Test("records with null keys, tombstones, empty fields and headers decode to what was built")
    func roundTrip() throws {
        let batch = RecordBatch.build(baseTimestamp: Fixtures.baseTimestamp, records: Fixtures.variedRecords)
        try batch.validate()
        #expect(try batch.records() == Fixtures.variedRecords)
        #expect(batch.recordCount == 6)
        #expect(batch.lastOffsetDelta == 5)
        #expect(batch.maxTimestamp == Fixtures.baseTimestamp + 70_000)
        let records = try batch.records()
        #expect(records[2].isTombstone)
        #expect(!records[3].isTombstone)
        #expect(records[1].key == nil)
        #expect(records[4].headers.map(\.key) == ["trace-id", "empty", "null", "trace-id"])
        #expect(records[4].headers[2].value == nil)
        #expect(batch.timestamp(of: records[2]) == Fixtures.baseTimestamp - 3)
        #expect(RecordBatch.build(baseTimestamp: Fixtures.baseTimestamp, records: records).bytes == batch.bytes)
    }

    @Test("a batch of many records round trips, and each record's encoded size adds up to the batch")
    func manyRecords() throws {
        let records = (0..<5_000).map { index in
            Record(
                offsetDelta: Int32(index), timestampDelta: Int64(index / 7),
                key: index % 3 == 0 ? nil : Array("key-\(index)".utf8),
                value: index % 11 == 0 ? nil : [UInt8](repeating: UInt8(index % 251), count: index % 200))
        }
        let batch = RecordBatch.build(baseOffset: Offset(1_000), baseTimestamp: 5, records: records)
        try batch.validate()
        #expect(try batch.records() == records)
        #expect(batch.sizeInBytes == RecordBatch.headerSize + records.reduce(0) { $0 + $1.encodedSize })
        #expect(batch.lastOffset == Offset(5_999))
        #expect(batch.nextOffset == Offset(6_000))
        #expect(batch.offset(of: records[4_321]) == Offset(5_321))
    }

    @Test("every header field reads back as built")
    func headerFields() {
        let batch = RecordBatch.build(
            baseOffset: Offset(1_234_567_890_123), partitionLeaderEpoch: LeaderEpoch(9), timestampType: .createTime,
            isTransactional: true, producerID: 88_001, producerEpoch: 3, baseSequence: 250,
            baseTimestamp: Fixtures.baseTimestamp,
            records: [
                Record(offsetDelta: 0, timestampDelta: 10, key: nil, value: [1]),
                Record(offsetDelta: 1, timestampDelta: 4, key: nil, value: [2]),
            ])
        #expect(batch.baseOffset == Offset(1_234_567_890_123))
        #expect(Int(batch.batchLength) == batch.sizeInBytes - 12)
        #expect(batch.partitionLeaderEpoch == LeaderEpoch(9))
        #expect(batch.magic == 2)
        #expect(batch.crc == batch.computedChecksum)
        #expect(batch.isChecksumValid)
        #expect(batch.compression == CompressionCodec.none)
        #expect(batch.timestampType == .createTime)
        #expect(batch.isTransactional)
        #expect(!batch.isControl)
        #expect(!batch.hasDeleteHorizon)
        #expect(batch.attributes.rawValue == 0x10)
        #expect(batch.lastOffsetDelta == 1)
        #expect(batch.lastOffset == Offset(1_234_567_890_124))
        #expect(batch.baseTimestamp == Fixtures.baseTimestamp)
        #expect(batch.maxTimestamp == Fixtures.baseTimestamp + 10)
        #expect(batch.producerID == 88_001)
        #expect(batch.hasProducerID)
        #expect(batch.producerEpoch == 3)
        #expect(batch.baseSequence == 250)
        #expect(batch.lastSequence == 251)
        #expect(batch.recordCount == 2)
    }

    @Test("attribute bits map to codec, timestamp type, transactional, control and delete horizon")
    func attributeBits() {
        var attributes = RecordBatchAttributes(rawValue: 0x04 | 0x08 | 0x20 | 0x40)
        #expect(attributes.compression == .zstd)
        #expect(attributes.timestampType == .logAppendTime)
        #expect(!attributes.isTransactional)
        #expect(attributes.isControl)
        #expect(attributes.hasDeleteHorizon)
        attributes.isControl = false
        attributes.timestampType = .createTime
        #expect(attributes.rawValue == 0x44)
        #expect(RecordBatchAttributes(rawValue: 0x07).compression == nil)
        #expect(RecordBatchAttributes(timestampType: .logAppendTime, isTransactional: true).rawValue == 0x18)
    }

    @Test("the last sequence wraps from Int32.max to 0, and stays -1 without a producer")
    func lastSequenceWraps() {
        let records = (0..<3).map { Record(offsetDelta: Int32($0), key: nil, value: [0]) }
        let wrapping = RecordBatch.build(
            producerID: 1, producerEpoch: 0, baseSequence: Int32.max - 1, baseTimestamp: 0, records: records)
        #expect(wrapping.lastSequence == 0)
        let plain = RecordBatch.build(baseTimestamp: 0, records: records)
        #expect(plain.lastSequence == -1)
        #expect(!plain.hasProducerID)
        #expect(RecordBatch.incrementSequence(Int32.max, by: 1) == 0)
        #expect(RecordBatch.incrementSequence(5, by: 3) == 8)
    }

    @Test("rewriting baseOffset and partitionLeaderEpoch changes only those bytes and keeps the CRC valid")
    func rewriteOutsideCRC() throws {
        let original = Fixtures.smallBatch()
        var stamped = original.withBaseOffset(Offset(987_654_321)).withPartitionLeaderEpoch(LeaderEpoch(42))
        #expect(stamped.baseOffset == Offset(987_654_321))
        #expect(stamped.partitionLeaderEpoch == LeaderEpoch(42))
        #expect(stamped.crc == original.crc)
        try stamped.validate()
        let changed = (0..<original.sizeInBytes).filter { original.bytes[$0] != stamped.bytes[$0] }
        #expect(changed.allSatisfy { (0..<8).contains($0) || (12..<16).contains($0) })
        #expect(!changed.isEmpty)
        stamped.baseOffset = Offset(0)
        stamped.partitionLeaderEpoch = original.partitionLeaderEpoch
        #expect(stamped == original)
    }

    @Test("flipping any bit covered by the CRC is detected as a corrupt record")
    func everyCoveredByteIsChecked() throws {
        let batch = RecordBatch.build(baseTimestamp: Fixtures.baseTimestamp, records: Fixtures.variedRecords)
        for index in 17..<batch.sizeInBytes {
            for bit in [0, 7] {
                var bytes = batch.bytes
                bytes[index] ^= UInt8(1 << bit)
                let damaged = try RecordBatch(bytes: bytes)
                #expect(!damaged.isChecksumValid, "flip at byte \(index) bit \(bit)")
                let error = #expect(throws: RecordBatchError.self, "flip at byte \(index) bit \(bit)") {
                    try damaged.validate()
                }
                guard case .corruptRecord(.checksumMismatch)? = error else {
                    Issue.record("flip at byte \(index) bit \(bit): \(String(describing: error))")
                    continue
                }
                #expect(error?.errorCode == .corruptMessage)
            }
        }
    }

    @Test("framing errors in the length field and magic byte are caught before anything else")
    func framing() {
        let bytes = Fixtures.smallBatch().bytes
        #expect(throws: RecordBatchError.corruptRecord(.truncated(needed: 61, available: 60))) {
            try RecordBatch(bytes: Array(bytes[..<60]))
        }
        #expect(throws: RecordBatchError.corruptRecord(.truncated(needed: bytes.count, available: bytes.count - 1))) {
            try RecordBatch(bytes: Array(bytes.dropLast()))
        }
        #expect(
            throws: RecordBatchError.corruptRecord(
                .lengthMismatch(batchLength: Int32(bytes.count - 12), byteCount: bytes.count + 1))
        ) {
            try RecordBatch(bytes: bytes + [0])
        }
        #expect(throws: RecordBatchError.corruptRecord(.lengthBelowMinimum(batchLength: 48))) {
            try RecordBatch(bytes: Fixtures.patched(bytes, Int32(48), at: 8))
        }
        #expect(throws: RecordBatchError.corruptRecord(.unsupportedMagic(1))) {
            try RecordBatch(bytes: Fixtures.patched(bytes, Int8(1), at: 16))
        }
    }

    @Test("a batch over max.message.bytes is too large, checked before the CRC")
    func tooLarge() throws {
        var bytes = Fixtures.smallBatch().bytes
        bytes[30] ^= 0xFF  // also corrupt: the size limit still comes first, as in Kafka
        let batch = try RecordBatch(bytes: bytes)
        #expect(throws: RecordBatchError.recordTooLarge(size: batch.sizeInBytes, limit: batch.sizeInBytes - 1)) {
            try batch.validate(maxMessageBytes: batch.sizeInBytes - 1)
        }
        #expect(RecordBatchError.recordTooLarge(size: 2, limit: 1).errorCode == .messageTooLarge)
        try Fixtures.smallBatch().validate(maxMessageBytes: Fixtures.smallBatch().sizeInBytes)
    }

    @Test("an offset span that cannot hold the declared records is invalid")
    func invalidOffsetRange() throws {
        let bytes = Fixtures.smallBatch().bytes
        let negativeDelta = try RecordBatch(bytes: Fixtures.patched(bytes, Int32(-1), at: 23))
        #expect(throws: RecordBatchError.invalidRecord(.invalidOffsetRange(lastOffsetDelta: -1, recordCount: 3))) {
            try negativeDelta.validate()
        }
        let tooFewOffsets = try RecordBatch(bytes: Fixtures.patched(bytes, Int32(1), at: 23))
        #expect(throws: RecordBatchError.invalidRecord(.invalidOffsetRange(lastOffsetDelta: 1, recordCount: 3))) {
            try tooFewOffsets.validate()
        }
        let negativeCount = try RecordBatch(bytes: Fixtures.patched(bytes, Int32(-5), at: 57))
        #expect(throws: RecordBatchError.invalidRecord(.invalidOffsetRange(lastOffsetDelta: 2, recordCount: -5))) {
            try negativeCount.records()
        }
    }

    @Test("more declared records than bytes, or bytes after the last record, are invalid")
    func recordCountMismatch() throws {
        let bytes = Fixtures.smallBatch().bytes
        var widened = Fixtures.patched(bytes, Int32(5), at: 23)
        widened = Fixtures.patched(widened, Int32(4), at: 57)
        #expect(throws: RecordBatchError.invalidRecord(.recordCountMismatch(declared: 4, found: 3))) {
            try RecordBatch(bytes: widened).validate()
        }
        let fewer = Fixtures.patched(bytes, Int32(2), at: 57)
        let error = #expect(throws: RecordBatchError.self) { try RecordBatch(bytes: fewer).validate() }
        guard case .invalidRecord(.trailingBytes(_, let count)) = error else {
            Issue.record("expected trailing bytes, got \(String(describing: error))")
            return
        }
        #expect(count == 11)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test("offset deltas must rise strictly and stay within lastOffsetDelta")
    func offsetDeltaOrder() throws {
        // Records are 11 bytes each: length, attributes, timestampDelta, then offsetDelta at +3.
        let bytes = Fixtures.smallBatch().bytes
        let repeated = try RecordBatch(bytes: Fixtures.patched(bytes, UInt8(0x00), at: 61 + 11 + 3))
        #expect(throws: RecordBatchError.invalidRecord(.offsetDeltaOutOfOrder(index: 1, offsetDelta: 0, previous: 0))) {
            try repeated.validate()
        }
        let beyond = try RecordBatch(bytes: Fixtures.patched(bytes, UInt8(0x0A), at: 61 + 22 + 3))
        #expect(
            throws: RecordBatchError.invalidRecord(.offsetDeltaOutOfRange(index: 2, offsetDelta: 5, lastOffsetDelta: 2))
        ) { try beyond.records() }
    }

    @Test("a compacted batch with gaps in its offset deltas, or no records at all, is valid")
    func compactedShapes() throws {
        let sparse = RecordBatch.build(
            producerID: 5, producerEpoch: 1, baseSequence: 10, baseTimestamp: 0, lastOffsetDelta: 9,
            records: [
                Record(offsetDelta: 2, key: [1], value: [1]), Record(offsetDelta: 7, key: [2], value: nil),
            ])
        try sparse.validate()
        #expect(sparse.recordCount == 2)
        #expect(sparse.lastSequence == 19)
        #expect(try sparse.records().map(\.offsetDelta) == [2, 7])
        let empty = RecordBatchBuilder(producerID: 5, producerEpoch: 1, baseSequence: 10, baseTimestamp: 0)
            .build(lastOffsetDelta: 9, maxTimestamp: 0)
        try empty.validate()
        #expect(empty.sizeInBytes == RecordBatch.headerSize)
        #expect(try empty.records().isEmpty)
        #expect(empty.nextOffset == Offset(10))
    }

    @Test("malformed records are invalid with the record's index, position and defect")
    func malformedRecords() throws {
        typealias Invalid = RecordBatchError.InvalidRecord
        func expectDefect(_ recordBytes: [UInt8], _ expected: RecordBatchError.RecordDefect, count: Int32 = 1) throws {
            let batch = try Fixtures.batch(recordBytes: recordBytes, recordCount: count, lastOffsetDelta: count - 1)
            #expect(throws: RecordBatchError.invalidRecord(.malformedRecord(index: 0, position: 61, defect: expected)))
            {
                try batch.validate()
            }
        }
        // length 6: attributes, ts 0, offset 0, key null, value null, 0 headers.
        let valid: [UInt8] = [0x0C, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00]
        try Fixtures.batch(recordBytes: valid, recordCount: 1, lastOffsetDelta: 0).validate()
        try expectDefect([0x01] + valid.dropFirst(), .negativeLength(field: .record, length: -1))
        try expectDefect([0x0C, 0x00, 0x00, 0x00, 0x03, 0x01, 0x00], .negativeLength(field: .key, length: -2))
        try expectDefect([0x0C, 0x00, 0x00, 0x00, 0x01, 0x05, 0x00], .negativeLength(field: .value, length: -3))
        try expectDefect([0x0C, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01], .negativeLength(field: .headerCount, length: -1))
        try expectDefect(
            [0x10, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x01, 0x01], .negativeLength(field: .headerKey, length: -1))
        try expectDefect(
            [0x10, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x00, 0x05], .negativeLength(field: .headerValue, length: -3))
        // The key claims 4 bytes and the record ends first.
        try expectDefect([0x0C, 0x00, 0x00, 0x00, 0x08, 0x01, 0x00], .truncated)
        // The length prefix says 7 bytes; the fields take 6.
        try expectDefect([0x0E, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00], .lengthMismatch(declared: 7, actual: 6))
        // The record length runs past the batch.
        try expectDefect([0x0E, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00], .truncated)
        // A timestamp delta with eleven varlong bytes.
        let longVarlong = [UInt8](repeating: 0x80, count: 10) + [0x00]
        try expectDefect([0x20, 0x00] + longVarlong + [0x00, 0x01, 0x01, 0x00], .malformedVarint)
    }

    @Test("compressed batches pass the CRC check and refuse to list their records")
    func compressed() throws {
        let bytes = Fixtures.smallBatch().bytes
        for codec in [CompressionCodec.gzip, .snappy, .lz4, .zstd] {
            let batch = try RecordBatch(bytes: Fixtures.patched(bytes, codec.rawValue, at: 21))
            try batch.validate()
            #expect(batch.compression == codec)
            #expect(throws: RecordBatchError.unsupportedCompression(codec)) { try batch.records() }
        }
        let unknown = try RecordBatch(bytes: Fixtures.patched(bytes, Int16(5), at: 21))
        #expect(throws: RecordBatchError.invalidRecord(.unknownCompressionCodec(5))) { try unknown.validate() }
    }

    @Test("the builder appends by timestamp, takes the first timestamp as base and tracks the maximum")
    func builderByTimestamp() throws {
        var builder = RecordBatchBuilder(producerID: 9, producerEpoch: 0, baseSequence: 0, capacityBytes: 1_024)
        #expect(builder.sizeInBytes == 61)
        let timestamps: [Int64] = [1_000, 1_020, 990, 1_500]
        for (index, timestamp) in timestamps.enumerated() {
            let headers = index == 1 ? [RecordHeader(key: "h", value: [1, 2])] : []
            let value = [UInt8](repeating: UInt8(index), count: 100)
            let expectedGrowth = builder.sizeOfNextRecord(
                timestamp: timestamp, key: nil, value: value, headers: headers)
            let before = builder.sizeInBytes
            builder.append(timestamp: timestamp, key: nil, value: value, headers: headers)
            #expect(builder.sizeInBytes - before == expectedGrowth)
        }
        #expect(builder.recordCount == 4)
        let batch = builder.build()
        try batch.validate()
        #expect(batch.baseTimestamp == 1_000)
        #expect(batch.maxTimestamp == 1_500)
        #expect(batch.lastOffsetDelta == 3)
        #expect(batch.lastSequence == 3)
        let records = try batch.records()
        #expect(records.map(\.offsetDelta) == [0, 1, 2, 3])
        #expect(records.map { batch.timestamp(of: $0) } == timestamps)
        #expect(records[1].headers == [RecordHeader(key: "h", value: [1, 2])])
    }

    @Test("a builder writing into an earlier builder's storage builds the same bytes as a fresh one")
    func builderReusingStorage() throws {
        func fill(_ builder: inout RecordBatchBuilder, _ seed: UInt8, count: Int) {
            for index in 0..<count {
                let key: [UInt8]? = index % 3 == 0 ? nil : [seed, UInt8(index)]
                let value = [UInt8](repeating: seed &+ UInt8(index), count: 20 + index * 7)
                let headers = index == 2 ? [RecordHeader(key: "h", value: [seed])] : []
                builder.append(timestamp: 1_000 + Int64(index) * 3, key: key, value: value, headers: headers)
            }
            builder.setProducerState(producerID: 40 + Int64(seed), producerEpoch: 2, baseSequence: Int32(seed) * 10)
        }
        // A long first batch leaves its storage full of bytes (and grown past the capacity asked);
        // the shorter batches after it must not see any of them.
        var first = RecordBatchBuilder(capacityBytes: 64)
        fill(&first, 0xA5, count: 12)
        var (batch, storage) = first.buildKeepingStorage()
        var fresh = RecordBatchBuilder(capacityBytes: 64)
        fill(&fresh, 0xA5, count: 12)
        #expect(batch.bytes == fresh.build().bytes)
        for (seed, count) in [(UInt8(1), 1), (2, 4), (3, 7), (4, 13)] {
            var reused = RecordBatchBuilder(capacityBytes: 64, reusing: storage)
            var fresh = RecordBatchBuilder(capacityBytes: 64)
            fill(&reused, seed, count: count)
            fill(&fresh, seed, count: count)
            (batch, storage) = reused.buildKeepingStorage()
            let expected = fresh.build()
            try batch.validate()
            #expect(batch.bytes == expected.bytes, "seed \(seed)")
            #expect(storage.count >= batch.sizeInBytes)
        }
    }

    @Test("setting LogAppendTime rewrites the attributes and max timestamp and reseals the CRC")
    func logAppendTime() throws {
        var batch = Fixtures.smallBatch()
        batch.setMaxTimestamp(1_800_000_000_000, timestampType: .logAppendTime)
        try batch.validate()
        #expect(batch.timestampType == .logAppendTime)
        #expect(batch.maxTimestamp == 1_800_000_000_000)
        #expect(try batch.records().allSatisfy { batch.timestamp(of: $0) == 1_800_000_000_000 })
    }

    @Test("header keys that are not UTF-8 decode with replacement characters, as Java's String does")
    func invalidUTF8HeaderKey() throws {
        // One record: null key and value, one header with key bytes FF FE and a null value.
        let record: [UInt8] = [0x14, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x04, 0xFF, 0xFE, 0x01]
        let batch = try Fixtures.batch(recordBytes: record, recordCount: 1, lastOffsetDelta: 0)
        try batch.validate()
        #expect(try batch.records()[0].headers == [RecordHeader(key: "\u{FFFD}\u{FFFD}", value: nil)])
    }

    @Test("every batch error maps to Kafka's error code")
    func errorCodes() {
        #expect(RecordBatchError.corruptRecord(.unsupportedMagic(0)).errorCode.rawValue == 2)
        #expect(RecordBatchError.recordTooLarge(size: 1, limit: 0).errorCode.rawValue == 10)
        #expect(RecordBatchError.invalidRecord(.unknownCompressionCodec(6)).errorCode.rawValue == 87)
        #expect(RecordBatchError.unsupportedCompression(.lz4).errorCode.rawValue == 76)
        #expect(
            RecordBatchError.corruptRecord(.checksumMismatch(stored: 1, computed: 2)).description
                == "corrupt record batch: stored crc 1 != computed crc 2")
    }
}

/// Bytes from hex digits, ignoring spaces.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8).filter { $0 != UInt8(ascii: " ") }
    precondition(digits.count % 2 == 0, "odd number of hex digits: \(digits.count)")
    func value(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: preconditionFailure("not a hex digit: \(digit)")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}
