/// Builds an uncompressed record batch v2 one record at a time, writing each record straight
/// into the batch's bytes (Kafka's `MemoryRecordsBuilder`). `build()` then fills in the header
/// and the CRC32C; the result always passes `validate()`.
///
/// A producer appends until `sizeInBytes` plus the next record would pass its `batch.size`:
///
///     var builder = RecordBatchBuilder(producerID: 7, producerEpoch: 0, baseSequence: 42)
///     builder.append(timestamp: now, key: key, value: value)
///     let batch = builder.build()
///
/// Offset deltas count up from 0; the first record's timestamp becomes `baseTimestamp` unless
/// one is given. To re-encode decoded records exactly, pass `baseTimestamp` and append the
/// `Record` values themselves, which carry their own deltas.
public struct RecordBatchBuilder: Sendable {
    public let baseOffset: Offset
    public let partitionLeaderEpoch: LeaderEpoch
    public let attributes: RecordBatchAttributes
    /// The producer fields, which `setProducerState` may still change before `build()`.
    public private(set) var producerID: Int64
    public private(set) var producerEpoch: Int16
    public private(set) var baseSequence: Int32

    /// The timestamp record deltas count from; `nil` until given or set by the first record.
    public private(set) var baseTimestamp: Int64?
    /// How many records have been appended.
    public private(set) var recordCount = 0
    /// The offset delta of the last record appended, `nil` while empty.
    public private(set) var lastAppendedOffsetDelta: Int32?
    /// The largest record timestamp so far (Kafka starts from -1, "no timestamp").
    public private(set) var maxRecordTimestamp = RecordBatch.noTimestamp

    /// The batch's bytes: the first `count` are written (the header's room first, filled in by
    /// `build()`), the rest is room the next records are written into in place: zeroes, or an
    /// earlier batch's bytes when the storage is reused (`init(reusing:)`), never read.
    ///
    /// Why not a `ByteWriter`: an array only grows by appending, so each record was encoded on
    /// the stack and then copied in by `append(contentsOf:)`; with the room already part of the
    /// array, a record without headers is stored straight at `count` through a pointer.
    private var storage: [UInt8]
    private var count: Int

    /// A builder for an empty batch. `capacityBytes` of zeroed room are allocated up front so that
    /// a batch of up to that size is written without reallocating.
    ///
    /// `storage` is the storage of an earlier builder (`buildKeepingStorage()`) to write into
    /// instead: its old bytes are written over, never read (every header field and every record
    /// byte is stored), and it grows to `capacityBytes` if it is shorter.
    public init(
        baseOffset: Offset = Offset(0),
        partitionLeaderEpoch: LeaderEpoch = .none,
        timestampType: TimestampType = .createTime,
        isTransactional: Bool = false,
        isControl: Bool = false,
        hasDeleteHorizon: Bool = false,
        producerID: Int64 = RecordBatch.noProducerID,
        producerEpoch: Int16 = RecordBatch.noProducerEpoch,
        baseSequence: Int32 = RecordBatch.noSequence,
        baseTimestamp: Int64? = nil,
        capacityBytes: Int = 16_384,
        reusing storage: consuming [UInt8] = []
    ) {
        self.baseOffset = baseOffset
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.attributes = RecordBatchAttributes(
            timestampType: timestampType, isTransactional: isTransactional, isControl: isControl,
            hasDeleteHorizon: hasDeleteHorizon)
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.baseTimestamp = baseTimestamp
        self.storage = storage
        count = RecordBatch.headerSize
        let capacity = max(capacityBytes, RecordBatch.headerSize)
        if self.storage.count < capacity {
            self.storage.reserveCapacity(capacity)
            appendZeroes(capacity - self.storage.count)
        }
    }

    /// What new room is copied from: `[UInt8](repeating:count:)` allocated through an unspecialised
    /// path (about 800 instructions a batch), while an array appends a buffer's bytes by `memcpy`.
    private static let zeroes = [UInt8](repeating: 0, count: 4_096)

    /// Appends `count` zeroes to the storage.
    private mutating func appendZeroes(_ count: Int) {
        var remaining = count
        Self.zeroes.withUnsafeBytes { zeroes in
            while remaining > 0 {
                let chunk = min(remaining, zeroes.count)
                storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: zeroes[..<chunk]))
                remaining -= chunk
            }
        }
    }

    /// The size of the batch if it were built now, header included.
    public var sizeInBytes: Int { count }

    public var isEmpty: Bool { recordCount == 0 }

    /// How many bytes `append(timestamp:key:value:headers:)` would add with these arguments.
    public func sizeOfNextRecord(
        timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = []
    ) -> Int {
        sizeOfNextRecord(timestamp: timestamp, keyCount: key?.count, valueCount: value?.count, headers: headers)
    }

    /// `sizeOfNextRecord(timestamp:key:value:headers:)` from the key's and value's byte counts
    /// (nil: null).
    public func sizeOfNextRecord(timestamp: Int64, keyCount: Int?, valueCount: Int?, headers: [RecordHeader]) -> Int {
        Record.encodedSize(
            offsetDelta: nextOffsetDelta, timestampDelta: timestampDelta(for: timestamp), keyCount: keyCount,
            valueCount: valueCount, headers: headers)
    }

    /// Appends a record at the next offset delta (0, 1, 2, …) with an absolute timestamp in
    /// milliseconds. The first record's timestamp becomes the batch's base timestamp unless one
    /// was given.
    public mutating func append(timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = []) {
        _ = append(timestamp: timestamp, key: key, value: value, headers: headers, within: .max)
    }

    /// Appends the record as `append(timestamp:key:value:headers:)` does when the batch then takes
    /// at most `limit` bytes, and returns the bytes it added (`sizeOfNextRecord`); returns `nil`
    /// and appends nothing when it would not fit. A producer checks its `batch.size` this way, with
    /// the record's size computed once for both the check and the write.
    public mutating func append(
        timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = [], within limit: Int
    ) -> Int? {
        key.withBytes { key in
            value.withBytes { value in
                append(timestamp: timestamp, keyBytes: key, valueBytes: value, headers: headers, within: limit)
            }
        }
    }

    /// The size a record with these fields takes appended at offset and timestamp deltas of 0
    /// (`Record.encodedSize`, length prefix included), and its body (what follows the prefix).
    ///
    /// A producer checks its limits against the first before it knows the record's batch; handing
    /// both to `append(timestamp:keyBytes:valueBytes:headers:sizesAtZeroDeltas:within:)` then
    /// sizes the record at its real deltas without sizing its key, value and headers again.
    @inlinable
    public static func sizesAtZeroDeltas(
        keyCount: Int?, valueCount: Int?, headers: [RecordHeader]
    ) -> (total: Int, body: Int) {
        if headers.isEmpty {
            return Record.sizesWithoutHeaders(
                offsetDelta: 0, timestampDelta: 0, keyCount: keyCount, valueCount: valueCount)
        }
        let body = Record.bodySize(
            offsetDelta: 0, timestampDelta: 0, keyCount: keyCount, valueCount: valueCount, headers: headers)
        return (Varint.sizeOfVarint(Record.length(body, of: "record")) + body, body)
    }

    /// `append(timestamp:key:value:headers:within:)` of a key and a value lent as bytes, which
    /// are copied into the batch: a producer hands over bytes it holds in buffers of its own
    /// without making arrays of them.
    ///
    /// `sizesAtZeroDeltas`, when given, must be the record's `sizesAtZeroDeltas(...)`: each delta
    /// takes one byte at zero, so the record's body is that body plus what its real deltas take
    /// beyond a byte each (no field sized twice per record), and while they take one byte each
    /// the record is exactly the size given (its length prefix not sized again either).
    public mutating func append(
        timestamp: Int64, keyBytes key: NullableBytes, valueBytes value: NullableBytes, headers: [RecordHeader] = [],
        sizesAtZeroDeltas: (total: Int, body: Int)? = nil, within limit: Int
    ) -> Int? {
        assert(
            sizesAtZeroDeltas.map {
                $0
                    == Self.sizesAtZeroDeltas(
                        keyCount: key.nullableCount, valueCount: value.nullableCount, headers: headers)
            } ?? true,
            "a record appended with another record's size")
        let offsetDelta = nextOffsetDelta
        let timestampDelta = timestampDelta(for: timestamp)
        let sizes: (total: Int, body: Int)
        if let zero = sizesAtZeroDeltas {
            // Deltas that take one byte each, as at zero (the usual record: under 64 records and 64 ms
            // into its batch), leave the record as it was sized, with no varint sized.
            if Varint.zigzag(timestampDelta) < 0x80 && Varint.zigzag(offsetDelta) < 0x80 {
                sizes = zero
            } else {
                let body = zero.body + Varint.sizeOfVarlong(timestampDelta) + Varint.sizeOfVarint(offsetDelta) - 2
                sizes = (Varint.sizeOfVarint(Record.length(body, of: "record")) + body, body)
            }
        } else if headers.isEmpty {
            sizes = Record.sizesWithoutHeaders(
                offsetDelta: offsetDelta, timestampDelta: timestampDelta, keyCount: key.nullableCount,
                valueCount: value.nullableCount
            )
        } else {
            let body = Record.bodySize(
                offsetDelta: offsetDelta, timestampDelta: timestampDelta, keyCount: key.nullableCount,
                valueCount: value.nullableCount, headers: headers)
            sizes = (Varint.sizeOfVarint(Record.length(body, of: "record")) + body, body)
        }
        guard sizes.total <= limit - count else { return nil }
        if headers.isEmpty {
            if storage.count - count < sizes.total { makeRoom(for: sizes.total) }
            let start = count
            storage.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                ByteWriter.storeRecordWithoutHeaders(
                    sizes: sizes, offsetDelta: offsetDelta, timestampDelta: timestampDelta, key: key, value: value,
                    at: base + start)
            }
            count += sizes.total
        } else {
            // The field-by-field encoder takes arrays: a record with headers (rare) copies its key
            // and value into them first.
            let key = key.buffer.map { [UInt8]($0) }
            let value = value.buffer.map { [UInt8]($0) }
            write { writer in
                Record.write(
                    bodySize: sizes.body, attributes: 0, offsetDelta: offsetDelta, timestampDelta: timestampDelta,
                    key: key, value: value, headers: headers, to: &writer)
            }
        }
        if baseTimestamp == nil { baseTimestamp = timestamp }
        noteAppended(offsetDelta: offsetDelta, timestamp: timestamp)
        return sizes.total
    }

    /// Appends `record` with its own offset and timestamp deltas, which must follow the previous
    /// record's (offset deltas rise strictly from 0 or more). Needs a base timestamp: give one in
    /// `init` or append by timestamp first.
    public mutating func append(_ record: Record) {
        guard let baseTimestamp else {
            preconditionFailure("appending record with offset delta \(record.offsetDelta) needs a baseTimestamp")
        }
        precondition(
            record.offsetDelta >= 0 && record.offsetDelta > (lastAppendedOffsetDelta ?? -1),
            "offset delta \(record.offsetDelta) does not follow \(String(describing: lastAppendedOffsetDelta))")
        write { record.write(to: &$0) }
        noteAppended(offsetDelta: record.offsetDelta, timestamp: baseTimestamp &+ record.timestampDelta)
    }

    /// Sets the idempotent producer's id, epoch and base sequence that `build()` writes (Kafka's
    /// `MemoryRecordsBuilder.setProducerState`): a producer learns them only when it drains the
    /// batch, after its records were appended, and the CRC is then computed once, over the final
    /// bytes.
    public mutating func setProducerState(producerID: Int64, producerEpoch: Int16, baseSequence: Int32) {
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
    }

    /// Fills in the header and CRC and hands over the batch: the storage itself when no room is
    /// left past the written bytes, else a copy of exactly those.
    ///
    /// - Parameters:
    ///   - lastOffsetDelta: defaults to the last record's offset delta. Give it to keep an offset
    ///     span wider than the records (a compacted batch, which may even be empty).
    ///   - maxTimestamp: defaults to the largest record timestamp. Give it for LogAppendTime
    ///     (the append time) or to reproduce a decoded batch exactly.
    public consuming func build(lastOffsetDelta: Int32? = nil, maxTimestamp: Int64? = nil) -> RecordBatch {
        // The room first: cutting it off copies the written bytes, and the header is then
        // written into storage the builder holds alone.
        dropRoom()
        writeHeader(lastOffsetDelta: lastOffsetDelta, maxTimestamp: maxTimestamp)
        return RecordBatch(validatedBytes: storage)
    }

    /// `build()`, the batch getting a copy of exactly its bytes, and the storage handed back for
    /// the next builder (`init(reusing:)`): a producer that builds batch after batch then
    /// allocates and zeroes a batch's room once instead of once per batch (and the copy costs
    /// less than cutting the room off the storage in place).
    public consuming func buildKeepingStorage() -> (batch: RecordBatch, storage: [UInt8]) {
        writeHeader(lastOffsetDelta: nil, maxTimestamp: nil)
        return (RecordBatch(validatedBytes: Array(storage[..<count])), storage)
    }

    /// Stores the header's fields and then its CRC32C over the written bytes.
    private mutating func writeHeader(lastOffsetDelta: Int32?, maxTimestamp: Int64?) {
        guard let lastOffsetDelta = lastOffsetDelta ?? lastAppendedOffsetDelta else {
            preconditionFailure("an empty batch needs an explicit lastOffsetDelta")
        }
        precondition(
            lastOffsetDelta >= (lastAppendedOffsetDelta ?? 0),
            "lastOffsetDelta \(lastOffsetDelta) is below the last record's \(String(describing: lastAppendedOffsetDelta))"
        )
        let batchLength = count - RecordBatch.logOverhead
        precondition(batchLength <= Int(Int32.max), "batch of \(count) bytes does not fit its length field")
        typealias Field = RecordBatch.Field
        let count = self.count
        let baseTimestamp = self.baseTimestamp ?? RecordBatch.noTimestamp
        let maxTimestamp = maxTimestamp ?? maxRecordTimestamp
        let recordCount = Int32(recordCount)
        // All at once through the storage's buffer (each field set through a writer checked the
        // array's uniqueness and bounds).
        storage.withUnsafeMutableBytes { buffer in
            func set<T: FixedWidthInteger>(_ value: T, at offset: Int) {
                buffer.storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self)
            }
            set(baseOffset.rawValue, at: Field.baseOffset)
            set(Int32(batchLength), at: Field.batchLength)
            set(partitionLeaderEpoch.rawValue, at: Field.partitionLeaderEpoch)
            set(RecordBatch.currentMagic, at: Field.magic)
            set(attributes.rawValue, at: Field.attributes)
            set(lastOffsetDelta, at: Field.lastOffsetDelta)
            set(baseTimestamp, at: Field.baseTimestamp)
            set(maxTimestamp, at: Field.maxTimestamp)
            set(producerID, at: Field.producerID)
            set(producerEpoch, at: Field.producerEpoch)
            set(baseSequence, at: Field.baseSequence)
            set(recordCount, at: Field.recordCount)
            set(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[Field.attributes..<count])), at: Field.crc)
        }
    }

    /// Grows the zeroed room past `count` to at least `bytes` (doubling the storage, so a batch
    /// grows in few steps).
    private mutating func makeRoom(for bytes: Int) {
        appendZeroes(max(count + bytes - storage.count, storage.count))
    }

    /// Drops the room past `count`, leaving the written bytes only, copied out into an array of
    /// exactly their size (cutting the room off with `removeSubrange` measured dearer).
    private mutating func dropRoom() {
        guard storage.count > count else { return }
        storage = Array(storage[..<count])
    }

    /// Runs `body` with a writer that appends after the written bytes (the room dropped first),
    /// then takes the bytes back: the field-by-field encoders for records with headers and
    /// decoded `Record` values write through a `ByteWriter`.
    private mutating func write(_ body: (inout ByteWriter) -> Void) {
        dropRoom()
        // Moved into the writer, so that its appends find the storage uniquely referenced.
        var writer = ByteWriter(appendingTo: storage)
        storage = []
        body(&writer)
        storage = writer.finish()
        count = storage.count
    }

    private var nextOffsetDelta: Int32 {
        guard let last = lastAppendedOffsetDelta else { return 0 }
        precondition(last < Int32.max, "a batch cannot hold offset deltas past \(Int32.max)")
        return last + 1
    }

    private func timestampDelta(for timestamp: Int64) -> Int64 {
        let (delta, overflow) = timestamp.subtractingReportingOverflow(baseTimestamp ?? timestamp)
        precondition(
            !overflow, "timestamp \(timestamp) is too far from base timestamp \(String(describing: baseTimestamp))")
        return delta
    }

    private mutating func noteAppended(offsetDelta: Int32, timestamp: Int64) {
        precondition(recordCount < Int(Int32.max), "a batch cannot hold more than \(Int32.max) records")
        recordCount += 1
        lastAppendedOffsetDelta = offsetDelta
        if timestamp > maxRecordTimestamp { maxRecordTimestamp = timestamp }
    }
}

extension RecordBatch {
    /// Builds a batch from records that carry their own deltas: what a test, a compactor or a
    /// re-encoder needs. Producers appending as they go use `RecordBatchBuilder` directly.
    ///
    /// `lastOffsetDelta` and `maxTimestamp` default to what the records imply; give them to
    /// reproduce a batch exactly.
    public static func build(
        baseOffset: Offset = Offset(0),
        partitionLeaderEpoch: LeaderEpoch = .none,
        timestampType: TimestampType = .createTime,
        isTransactional: Bool = false,
        isControl: Bool = false,
        hasDeleteHorizon: Bool = false,
        producerID: Int64 = RecordBatch.noProducerID,
        producerEpoch: Int16 = RecordBatch.noProducerEpoch,
        baseSequence: Int32 = RecordBatch.noSequence,
        baseTimestamp: Int64,
        maxTimestamp: Int64? = nil,
        lastOffsetDelta: Int32? = nil,
        records: [Record]
    ) -> RecordBatch {
        var capacity = RecordBatch.headerSize
        for record in records { capacity += record.encodedSize }
        var builder = RecordBatchBuilder(
            baseOffset: baseOffset, partitionLeaderEpoch: partitionLeaderEpoch, timestampType: timestampType,
            isTransactional: isTransactional, isControl: isControl, hasDeleteHorizon: hasDeleteHorizon,
            producerID: producerID, producerEpoch: producerEpoch, baseSequence: baseSequence,
            baseTimestamp: baseTimestamp, capacityBytes: capacity)
        for record in records { builder.append(record) }
        return builder.build(lastOffsetDelta: lastOffsetDelta, maxTimestamp: maxTimestamp)
    }
}

/// A record's key or value lent for a call: where its bytes start and how many there are, −1 for
/// null. Valid only while the lender's buffer is (`withBytes`, `withUnsafeBytes`).
///
/// Why not `UnsafeRawBufferPointer?`: a producer hands every record's key and value down its
/// layers (`send`, accumulator, batch, builder), and an optional buffer is three values (its
/// bounds and the null flag) where this is two.
public struct NullableBytes {
    public let start: UnsafeRawPointer?
    public let count: Int

    /// Null. A computed constant, inlined (a stored one would be a global read through an
    /// addressor, and not `Sendable`: a pointer is not).
    @inlinable public static var null: NullableBytes { NullableBytes(start: nil, count: -1) }

    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.init(start: bytes.baseAddress, count: bytes.count)
    }

    @usableFromInline
    init(start: UnsafeRawPointer?, count: Int) {
        self.start = start
        self.count = count
    }

    /// The byte count, nil for null.
    @inlinable public var nullableCount: Int? { count < 0 ? nil : count }

    /// The bytes, nil for null.
    @inlinable public var buffer: UnsafeRawBufferPointer? {
        count < 0 ? nil : UnsafeRawBufferPointer(start: start, count: count)
    }
}

extension Optional where Wrapped == [UInt8] {
    /// Runs `body` with the array's bytes lent in place (`NullableBytes.null` for nil): how a
    /// nullable field held as an array reaches code that takes bytes (`RecordBatchBuilder.append`).
    @inlinable
    public func withBytes<Result>(_ body: (NullableBytes) -> Result) -> Result {
        switch self {
        case .none: body(.null)
        case .some(let bytes): bytes.withUnsafeBytes { body(NullableBytes($0)) }
        }
    }
}
