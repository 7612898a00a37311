import KafkaCore
import Testing

/// `RecordBatchBuilder.append(timestamp:key:value:)` stores a record without headers in one pass
/// straight into the batch's zeroed room (growing it when the record does not fit); appending the
/// same `Record` values (field by field, the general path) must give the same bytes, whatever the
/// field sizes and wherever the room runs out.
@Suite struct RecordEncodingTests {
    /// Builds the same records both ways and returns the two batches.
    private func bothWays(
        baseTimestamp: Int64, records: [(timestamp: Int64, key: [UInt8]?, value: [UInt8]?)]
    ) -> (appended: RecordBatch, built: RecordBatch) {
        var builder = RecordBatchBuilder(producerID: 9, producerEpoch: 1, baseSequence: 5, capacityBytes: 64)
        for record in records {
            let expected = builder.sizeOfNextRecord(timestamp: record.timestamp, key: record.key, value: record.value)
            let before = builder.sizeInBytes
            builder.append(timestamp: record.timestamp, key: record.key, value: record.value)
            #expect(builder.sizeInBytes - before == expected, "sizeOfNextRecord for \(record)")
        }
        let appended = builder.build()
        let built = RecordBatch.build(
            producerID: 9, producerEpoch: 1, baseSequence: 5, baseTimestamp: baseTimestamp,
            maxTimestamp: appended.maxTimestamp,
            records: records.enumerated().map { index, record in
                Record(
                    offsetDelta: Int32(index), timestampDelta: record.timestamp - baseTimestamp, key: record.key,
                    value: record.value)
            })
        return (appended, built)
    }

    @Test(
        "null, empty and sized keys and values encode as the field-by-field path does",
        arguments: [nil, 0, 1, 63, 64, 127, 128, 900, 1_000, 2_000, 9_000])
    func fieldSizes(size: Int?) throws {
        let field = size.map { count in (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7) } }
        let records: [(timestamp: Int64, key: [UInt8]?, value: [UInt8]?)] = [
            (1_000, field, [1, 2, 3]), (1_001, [4], field), (999, field, field), (1_000, nil, nil),
        ]
        let (appended, built) = bothWays(baseTimestamp: 1_000, records: records)
        #expect(appended.bytes == built.bytes)
        try appended.validate()
        let decoded = try appended.records()
        #expect(decoded.map(\.key) == records.map(\.key))
        #expect(decoded.map(\.value) == records.map(\.value))
    }

    @Test("records that end just before, at and just past the builder's room encode alike")
    func aroundTheRoom() throws {
        // The builder starts with 64 bytes of room, 61 of them the header's: walk the value size
        // so that the first record ends around the room's end, and the next ones around its doublings.
        for valueSize in 0...140 {
            let value = [UInt8](repeating: 0xAB, count: valueSize)
            let (appended, built) = bothWays(
                baseTimestamp: 5, records: [(5, nil, value), (6, [1], value), (7, [2, 3], value)])
            #expect(appended.bytes == built.bytes, "value of \(valueSize) bytes")
            try appended.validate()
        }
    }

    @Test("records with headers and decoded records appended between records without give the general path's bytes")
    func mixedPaths() throws {
        let headers = [RecordHeader(key: "h", value: [1, 2]), RecordHeader(key: "empty", value: nil)]
        var builder = RecordBatchBuilder(baseTimestamp: 100, capacityBytes: 80)
        var records: [Record] = []
        for index in 0..<40 {
            let value = [UInt8](repeating: UInt8(index), count: index * 5)
            let timestamp = 100 + Int64(index)
            switch index % 3 {
            case 0:
                builder.append(timestamp: timestamp, key: [UInt8(index)], value: value)
                records.append(
                    Record(offsetDelta: Int32(index), timestampDelta: Int64(index), key: [UInt8(index)], value: value))
            case 1:
                builder.append(timestamp: timestamp, key: nil, value: value, headers: headers)
                records.append(
                    Record(
                        offsetDelta: Int32(index), timestampDelta: Int64(index), key: nil, value: value,
                        headers: headers))
            default:
                let record = Record(offsetDelta: Int32(index), timestampDelta: Int64(index), key: [], value: value)
                builder.append(record)
                records.append(record)
            }
        }
        let appended = builder.build()
        let built = RecordBatch.build(baseTimestamp: 100, records: records)
        #expect(appended.bytes == built.bytes)
        try appended.validate()
        #expect(try appended.records() == records)
    }

    @Test("long and negative timestamp deltas and many offset deltas encode as the field-by-field path does")
    func deltas() throws {
        var records: [(timestamp: Int64, key: [UInt8]?, value: [UInt8]?)] = []
        let timestamps: [Int64] = [0, -1, 1 << 40, -(1 << 40), Int64(Int32.max) * 4, 63, 64, -65]
        for index in 0..<300 {
            records.append((1_000_000 + timestamps[index % timestamps.count], [UInt8(index % 256)], [7]))
        }
        let (appended, built) = bothWays(baseTimestamp: 1_000_000, records: records)
        #expect(appended.bytes == built.bytes)
        try appended.validate()
        #expect(try appended.records().count == 300)
    }

    @Test("append within a limit adds a record that fits, as append does, and nothing when it does not")
    func appendWithin() throws {
        var limited = RecordBatchBuilder(capacityBytes: 64)
        var plain = RecordBatchBuilder(capacityBytes: 64)
        let headers = [RecordHeader(key: "h", value: [1])]
        for (index, valueSize) in [10, 30, 200, 40, 2_000].enumerated() {
            let value = [UInt8](repeating: 3, count: valueSize)
            for withHeaders in [false, true] {
                let recordHeaders = withHeaders ? headers : []
                let timestamp = 50 + Int64(index)
                let size = limited.sizeOfNextRecord(
                    timestamp: timestamp, key: [9], value: value, headers: recordHeaders)
                let before = limited.sizeInBytes
                // One byte short: refused, nothing written.
                #expect(
                    limited.append(
                        timestamp: timestamp, key: [9], value: value, headers: recordHeaders,
                        within: before + size - 1) == nil)
                #expect(limited.sizeInBytes == before && limited.recordCount == plain.recordCount)
                // Exactly enough: appended as `append` appends it.
                #expect(
                    limited.append(
                        timestamp: timestamp, key: [9], value: value, headers: recordHeaders, within: before + size)
                        == size)
                plain.append(timestamp: timestamp, key: [9], value: value, headers: recordHeaders)
                #expect(limited.sizeInBytes == before + size)
            }
        }
        #expect(limited.build().bytes == plain.build().bytes)
    }

    @Test("producer state set before build gives the bytes and CRC of a builder made with it")
    func producerStateSetLate() throws {
        var late = RecordBatchBuilder(capacityBytes: 64)
        var early = RecordBatchBuilder(producerID: 77, producerEpoch: 3, baseSequence: 1_000, capacityBytes: 64)
        for index in 0..<5 {
            late.append(timestamp: 10 + Int64(index), key: nil, value: [UInt8(index)])
            early.append(timestamp: 10 + Int64(index), key: nil, value: [UInt8(index)])
        }
        late.setProducerState(producerID: 77, producerEpoch: 3, baseSequence: 1_000)
        let batch = late.build()
        #expect(batch.bytes == early.build().bytes)
        #expect(batch.producerID == 77 && batch.producerEpoch == 3 && batch.baseSequence == 1_000)
        try batch.validate()
    }

    @Test("keys and values lent as bytes (null, empty, from inside a larger buffer, with headers) append as arrays do")
    func lentBytesAppendAsArrays() throws {
        let fields: [[UInt8]?] = [nil, [], [7], Array("key-42".utf8), [UInt8](repeating: 5, count: 300)]
        let headers = [RecordHeader(key: "h", value: [1, 2])]
        var arrays = RecordBatchBuilder(capacityBytes: 64)
        var lent = RecordBatchBuilder(capacityBytes: 64)
        var timestamp: Int64 = 1_000
        for key in fields {
            for value in fields {
                for recordHeaders in [[], headers] {
                    timestamp += 1
                    let added = arrays.append(
                        timestamp: timestamp, key: key, value: value, headers: recordHeaders, within: .max)
                    // Each field in the middle of a buffer of its own, between bytes that must not be taken.
                    let keyBuffer = [0xEE] + (key ?? []) + [0xEE]
                    let valueBuffer = [0xEE] + (value ?? []) + [0xEE]
                    let lentAdded = keyBuffer.withUnsafeBytes { keyBytes in
                        valueBuffer.withUnsafeBytes { valueBytes in
                            lent.append(
                                timestamp: timestamp,
                                keyBytes: key == nil
                                    ? .null : NullableBytes(.init(rebasing: keyBytes.dropFirst().dropLast())),
                                valueBytes: value == nil
                                    ? .null : NullableBytes(.init(rebasing: valueBytes.dropFirst().dropLast())),
                                headers: recordHeaders, within: .max)
                        }
                    }
                    #expect(lentAdded == added)
                }
            }
        }
        let batch = lent.build()
        #expect(batch.bytes == arrays.build().bytes)
        try batch.validate()
        let records = try batch.records()
        #expect(records.count == fields.count * fields.count * 2)
        #expect(records.map(\.key) == fields.flatMap { key in Array(repeating: key, count: fields.count * 2) })
    }

    @Test("fields of every length from 0 to 20 bytes, lent from inside larger buffers, decode to exactly their bytes")
    func fieldLengthsAroundTheWordCopy() throws {
        // Distinct bytes per position and field, lent from inside buffers whose neighbours must not be taken.
        let fields: [[UInt8]] = (0...20).map { length in
            (0..<length).map { UInt8(truncatingIfNeeded: length * 31 + $0) }
        }
        var builder = RecordBatchBuilder(capacityBytes: 64)
        for (index, key) in fields.enumerated() {
            let value = fields[fields.count - 1 - index]
            let keyBuffer = [0xEE] + key + [0xEE]
            let valueBuffer = [0xDD] + value + [0xDD]
            let added = keyBuffer.withUnsafeBytes { keyBytes in
                valueBuffer.withUnsafeBytes { valueBytes in
                    builder.append(
                        timestamp: 1_000, keyBytes: NullableBytes(.init(rebasing: keyBytes.dropFirst().dropLast())),
                        valueBytes: NullableBytes(.init(rebasing: valueBytes.dropFirst().dropLast())), within: .max)
                }
            }
            #expect(added != nil)
        }
        let batch = builder.build()
        try batch.validate()
        let records = try batch.records()
        #expect(records.map(\.key) == fields)
        #expect(records.map(\.value) == fields.reversed())
    }

    @Test("a record sized at zero deltas appends the bytes and size it does when the builder sizes it")
    func sizesAtZeroDeltasAppendAsSizedByBuilder() throws {
        // Fields whose length prefixes take one, two and three bytes, and deltas whose varints do:
        // the timestamps grow from 1 ms to over a minute apart, and past 64 records the offset
        // deltas take two bytes.
        let fields: [[UInt8]?] = [nil, [], [7], [UInt8](repeating: 5, count: 100), [UInt8](repeating: 6, count: 9_000)]
        let headers = [RecordHeader(key: "h", value: [1, 2])]
        var sized = RecordBatchBuilder(capacityBytes: 64)
        var plain = RecordBatchBuilder(capacityBytes: 64)
        var timestamp: Int64 = 1_000
        var step: Int64 = 1
        for _ in 0..<3 {
            for key in fields {
                for value in fields {
                    for recordHeaders in [[], headers] {
                        timestamp += step
                        step *= 2
                        if step > 100_000 { step = 1 }
                        let zero = RecordBatchBuilder.sizesAtZeroDeltas(
                            keyCount: key?.count, valueCount: value?.count, headers: recordHeaders)
                        #expect(
                            zero.total
                                == Record.encodedSize(
                                    offsetDelta: 0, timestampDelta: 0, keyCount: key?.count, valueCount: value?.count,
                                    headers: recordHeaders))
                        let added = plain.append(
                            timestamp: timestamp, key: key, value: value, headers: recordHeaders, within: .max)
                        let sizedAdded = key.withBytes { keyBytes in
                            value.withBytes { valueBytes in
                                sized.append(
                                    timestamp: timestamp, keyBytes: keyBytes, valueBytes: valueBytes,
                                    headers: recordHeaders, sizesAtZeroDeltas: zero, within: .max)
                            }
                        }
                        #expect(sizedAdded == added)
                        #expect(sized.sizeInBytes == plain.sizeInBytes)
                    }
                }
            }
        }
        // A record that does not fit is refused either way.
        let limit = sized.sizeInBytes + 10
        let zero = RecordBatchBuilder.sizesAtZeroDeltas(keyCount: nil, valueCount: 100, headers: [])
        let refused = [UInt8](repeating: 1, count: 100).withUnsafeBytes { value in
            sized.append(
                timestamp: timestamp, keyBytes: .null, valueBytes: NullableBytes(value), sizesAtZeroDeltas: zero,
                within: limit)
        }
        #expect(refused == nil)
        let plainRefused = plain.append(
            timestamp: timestamp, key: nil, value: [UInt8](repeating: 1, count: 100), within: limit)
        #expect(plainRefused == nil)
        let batch = sized.build()
        #expect(batch.bytes == plain.build().bytes)
        try batch.validate()
        #expect(try batch.records().count == fields.count * fields.count * 2 * 3)
    }
}
