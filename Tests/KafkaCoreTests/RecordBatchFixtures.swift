import KafkaCore

/// Batches and byte surgery shared by the record batch tests.
enum RecordBatchFixtures {
    static let baseTimestamp: Int64 = 1_700_000_000_000

    /// Records covering the shapes the format allows: null key, tombstone, empty key and value,
    /// headers with and without values, a multi-byte length, negative timestamp deltas.
    static let variedRecords: [Record] = [
        Record(offsetDelta: 0, timestampDelta: 0, key: Array("order-1".utf8), value: Array("created".utf8)),
        Record(offsetDelta: 1, timestampDelta: 5, key: nil, value: Array("no key".utf8)),
        Record(offsetDelta: 2, timestampDelta: -3, key: Array("order-1".utf8), value: nil),
        Record(offsetDelta: 3, timestampDelta: 1_000, key: [], value: []),
        Record(
            offsetDelta: 4, timestampDelta: 2, key: Array("k".utf8), value: Array("v".utf8),
            headers: [
                RecordHeader(key: "trace-id", value: Array("abc123".utf8)),
                RecordHeader(key: "empty", value: []),
                RecordHeader(key: "null", value: nil),
                RecordHeader(key: "trace-id", value: Array("repeated".utf8)),
            ]),
        Record(
            offsetDelta: 5, timestampDelta: 70_000, key: Array("big".utf8), value: [UInt8](repeating: 0x5A, count: 300)),
    ]

    /// A small idempotent batch: three records, key "k\(i)", value "v\(i)".
    static func smallBatch(baseOffset: Offset = Offset(0)) -> RecordBatch {
        RecordBatch.build(
            baseOffset: baseOffset, producerID: 4_000, producerEpoch: 2, baseSequence: 17,
            baseTimestamp: baseTimestamp,
            records: (0..<3).map {
                Record(
                    offsetDelta: Int32($0), timestampDelta: Int64($0), key: Array("k\($0)".utf8),
                    value: Array("v\($0)".utf8))
            })
    }

    /// `bytes` with the CRC recomputed, so a test can break the format without breaking the CRC.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var writer = ByteWriter(appendingTo: bytes)
        writer.set(CRC32C.checksum(Array(bytes[21...])), at: 17)
        return writer.finish()
    }

    /// `bytes` with the big-endian integer `value` written at `offset`, then resealed.
    static func patched<T: FixedWidthInteger>(_ bytes: [UInt8], _ value: T, at offset: Int) -> [UInt8] {
        var writer = ByteWriter(appendingTo: bytes)
        writer.set(value, at: offset)
        return resealed(writer.finish())
    }

    /// A resealed batch around hand-written record bytes.
    static func batch(recordBytes: [UInt8], recordCount: Int32, lastOffsetDelta: Int32) throws -> RecordBatch {
        var writer = ByteWriter()
        writer.writeInt64(0)  // baseOffset
        writer.writeInt32(Int32(49 + recordBytes.count))  // batchLength
        writer.writeInt32(-1)  // partitionLeaderEpoch
        writer.writeInt8(2)  // magic
        writer.writeUInt32(0)  // crc, sealed below
        writer.writeInt16(0)  // attributes
        writer.writeInt32(lastOffsetDelta)
        writer.writeInt64(baseTimestamp)
        writer.writeInt64(baseTimestamp)
        writer.writeInt64(-1)  // producerId
        writer.writeInt16(-1)  // producerEpoch
        writer.writeInt32(-1)  // baseSequence
        writer.writeInt32(recordCount)
        writer.writeBytes(recordBytes)
        return try RecordBatch(bytes: resealed(writer.finish()))
    }
}
