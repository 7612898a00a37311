/// A record batch v2 ("magic 2"), kept as the exact bytes a producer sent or a log holds, from
/// the `baseOffset` field to the end of the last record (Kafka's `DefaultRecordBatch`).
///
/// The header fields are read from the bytes on demand. Only `baseOffset` and
/// `partitionLeaderEpoch` can be rewritten in place: they lie outside the CRC, so a leader
/// stamps them on append and the batch stays byte-for-byte what the producer built, compressed
/// or not. Layout (61-byte header, big-endian):
///
/// | offset | size | field | CRC |
/// |---|---|---|---|
/// | 0 | 8 | baseOffset | no |
/// | 8 | 4 | batchLength (bytes after this field) | no |
/// | 12 | 4 | partitionLeaderEpoch | no |
/// | 16 | 1 | magic = 2 | no |
/// | 17 | 4 | crc (CRC32C of bytes 21..<end) | no |
/// | 21 | 2 | attributes | yes |
/// | 23 | 4 | lastOffsetDelta | yes |
/// | 27 | 8 | baseTimestamp | yes |
/// | 35 | 8 | maxTimestamp | yes |
/// | 43 | 8 | producerId | yes |
/// | 51 | 2 | producerEpoch | yes |
/// | 53 | 4 | baseSequence | yes |
/// | 57 | 4 | recordCount | yes |
/// | 61 | … | records (one compressed blob when compressed) | yes |
///
/// A `RecordBatch` value always has a whole header, a length field that matches its byte count,
/// and magic 2 (`init(bytes:)` checks these); `validate()` checks the rest.
public struct RecordBatch: Hashable, Sendable {
    /// The whole batch, exactly as stored and served.
    public private(set) var bytes: [UInt8]

    /// Size of the v2 header; also the smallest possible batch (no records).
    public static let headerSize = 61
    /// The `baseOffset` and `batchLength` fields, which `batchLength` does not count
    /// (Kafka's `LOG_OVERHEAD`).
    public static let logOverhead = 12
    /// The only format this build reads and writes.
    public static let currentMagic: Int8 = 2
    /// Kafka's value for "no producer id", "no epoch", "no sequence" and "no timestamp".
    public static let noProducerID: Int64 = -1
    public static let noProducerEpoch: Int16 = -1
    public static let noSequence: Int32 = -1
    public static let noTimestamp: Int64 = -1

    enum Field {
        static let baseOffset = 0
        static let batchLength = 8
        static let partitionLeaderEpoch = 12
        static let magic = 16
        static let crc = 17
        static let attributes = 21
        static let lastOffsetDelta = 23
        static let baseTimestamp = 27
        static let maxTimestamp = 35
        static let producerID = 43
        static let producerEpoch = 51
        static let baseSequence = 53
        static let recordCount = 57
        static let records = 61
    }

    /// Takes `bytes` as one whole batch after checking its framing: a complete header, a length
    /// field equal to `bytes.count - 12`, and magic 2. The CRC and the records are left to
    /// `validate()`, so storing and forwarding stay cheap.
    public init(bytes: [UInt8]) throws(RecordBatchError) {
        guard bytes.count >= Self.headerSize else {
            throw .corruptRecord(.truncated(needed: Self.headerSize, available: bytes.count))
        }
        let batchLength = Self.load(Int32.self, at: Field.batchLength, in: bytes)
        guard batchLength >= Int32(Self.headerSize - Self.logOverhead) else {
            throw .corruptRecord(.lengthBelowMinimum(batchLength: batchLength))
        }
        let magic = Int8(bitPattern: bytes[Field.magic])
        guard magic == Self.currentMagic else { throw .corruptRecord(.unsupportedMagic(magic)) }
        let expected = Int(batchLength) + Self.logOverhead
        guard expected <= bytes.count else {
            throw .corruptRecord(.truncated(needed: expected, available: bytes.count))
        }
        guard expected == bytes.count else {
            throw .corruptRecord(.lengthMismatch(batchLength: batchLength, byteCount: bytes.count))
        }
        self.bytes = bytes
    }

    /// For the builder, which has written a correct header itself.
    init(validatedBytes bytes: [UInt8]) {
        precondition(
            bytes.count >= Self.headerSize
                && Int(Self.load(Int32.self, at: Field.batchLength, in: bytes)) + Self.logOverhead == bytes.count,
            "builder produced a batch of \(bytes.count) bytes with an inconsistent header")
        self.bytes = bytes
    }

    // MARK: - Header fields

    // The getters are inlinable, with the field offsets of the table above written out (an
    // inlined `Field` constant would be a call): brokers, clients and the log read them for every
    // batch they touch, and as calls into this module each read of an array element cost a
    // retain and release of the batch's bytes besides the call.

    /// The whole batch's size in bytes, log overhead included.
    @inlinable public var sizeInBytes: Int { bytes.count }

    /// Offset of the first record. Producers send 0; the leader assigns it on append.
    /// Setting it rewrites 8 bytes outside the CRC.
    public var baseOffset: Offset {
        @inlinable get { Offset(load(Int64.self, at: 0)) }
        set { store(newValue.rawValue, at: Field.baseOffset) }
    }

    /// Bytes after the length field (`sizeInBytes - 12`).
    @inlinable public var batchLength: Int32 { load(Int32.self, at: 8) }

    /// Epoch of the leader that appended the batch (-1 from producers). Setting it rewrites 4
    /// bytes outside the CRC.
    public var partitionLeaderEpoch: LeaderEpoch {
        @inlinable get { LeaderEpoch(load(Int32.self, at: 12)) }
        set { store(newValue.rawValue, at: Field.partitionLeaderEpoch) }
    }

    /// Always 2.
    public var magic: Int8 { Int8(bitPattern: bytes[Field.magic]) }

    /// The CRC32C stored in the header.
    @inlinable public var crc: UInt32 { load(UInt32.self, at: 17) }

    @inlinable public var attributes: RecordBatchAttributes {
        RecordBatchAttributes(rawValue: load(Int16.self, at: 21))
    }

    /// The codec of the records, `nil` for the unassigned ids 5–7 (`validate()` refuses those).
    public var compression: CompressionCodec? { attributes.compression }
    public var timestampType: TimestampType { attributes.timestampType }
    public var isTransactional: Bool { attributes.isTransactional }
    /// Inlinable with the control bit (0x20) written out, like the header fields: producer state
    /// asks on every append of every replica.
    @inlinable public var isControl: Bool { load(Int16.self, at: 21) & 0x20 != 0 }
    public var hasDeleteHorizon: Bool { attributes.hasDeleteHorizon }

    /// The last record's offset minus `baseOffset`: `recordCount - 1` as produced, and kept when
    /// compaction removes records.
    @inlinable public var lastOffsetDelta: Int32 { load(Int32.self, at: 23) }

    /// The offset of the last record (wrapping like Java's `long` on nonsense input).
    @inlinable public var lastOffset: Offset { Offset(baseOffset.rawValue &+ Int64(lastOffsetDelta)) }

    /// The offset after this batch: where the log end offset moves when it is appended.
    @inlinable public var nextOffset: Offset { Offset(lastOffset.rawValue &+ 1) }

    /// The first record's timestamp in milliseconds since the epoch (or the delete horizon when
    /// `hasDeleteHorizon`).
    @inlinable public var baseTimestamp: Int64 { load(Int64.self, at: 27) }

    /// The largest record timestamp in milliseconds, or the append time under LogAppendTime.
    @inlinable public var maxTimestamp: Int64 { load(Int64.self, at: 35) }

    /// The idempotent producer's id, -1 when the producer is not idempotent.
    @inlinable public var producerID: Int64 { load(Int64.self, at: 43) }

    @inlinable public var producerEpoch: Int16 { load(Int16.self, at: 51) }

    /// Sequence number of the first record, -1 when the producer is not idempotent.
    @inlinable public var baseSequence: Int32 { load(Int32.self, at: 53) }

    /// Sequence number of the last record: `baseSequence + lastOffsetDelta`, wrapping from
    /// `Int32.max` to 0 as producers do (Kafka's `DefaultRecordBatch.incrementSequence`).
    /// Inlinable like the header fields: producer state reads it for every appended batch.
    @inlinable public var lastSequence: Int32 {
        let base = baseSequence
        guard base != -1 else { return -1 }  // `noSequence`, written out (see the getters above)
        return Self.incrementSequence(base, by: lastOffsetDelta)
    }

    /// The number of records the header declares (stored uncompressed even for compressed batches).
    @inlinable public var recordCount: Int32 { load(Int32.self, at: 57) }

    /// Whether the batch carries an idempotent producer's id.
    @inlinable public var hasProducerID: Bool { producerID > -1 }

    /// Kafka's sequence arithmetic: `sequence + increment`, continuing at 0 after `Int32.max`.
    /// Wrapping operators keep Java's `int` behaviour on nonsense input instead of trapping.
    @inlinable
    public static func incrementSequence(_ sequence: Int32, by increment: Int32) -> Int32 {
        if sequence > Int32.max &- increment {
            return increment &- (Int32.max &- sequence) &- 1
        }
        return sequence &+ increment
    }

    // MARK: - Rewriting the fields outside the CRC

    /// The same batch with `baseOffset` rewritten; nothing under the CRC changes.
    public func withBaseOffset(_ offset: Offset) -> RecordBatch {
        var copy = self
        copy.baseOffset = offset
        return copy
    }

    /// The same batch with `partitionLeaderEpoch` rewritten; nothing under the CRC changes.
    public func withPartitionLeaderEpoch(_ epoch: LeaderEpoch) -> RecordBatch {
        var copy = self
        copy.partitionLeaderEpoch = epoch
        return copy
    }

    /// Sets the timestamp type and `maxTimestamp`, then recomputes the CRC (Kafka's
    /// `DefaultRecordBatch.setMaxTimestamp`, used for LogAppendTime topics). Validate the batch
    /// first: afterwards the CRC vouches for whatever the bytes held.
    public mutating func setMaxTimestamp(_ maxTimestamp: Int64, timestampType: TimestampType) {
        var attributes = self.attributes
        guard attributes.timestampType != timestampType || self.maxTimestamp != maxTimestamp else { return }
        attributes.timestampType = timestampType
        store(attributes.rawValue, at: Field.attributes)
        store(maxTimestamp, at: Field.maxTimestamp)
        store(computedChecksum, at: Field.crc)
    }

    // MARK: - Records' absolute positions

    /// The offset of `record`, which belongs to this batch.
    public func offset(of record: Record) -> Offset {
        Offset(baseOffset.rawValue &+ Int64(record.offsetDelta))
    }

    /// The timestamp of `record` in milliseconds: the batch's `maxTimestamp` under LogAppendTime,
    /// `baseTimestamp + timestampDelta` otherwise.
    public func timestamp(of record: Record) -> Int64 {
        timestampType == .logAppendTime ? maxTimestamp : baseTimestamp &+ record.timestampDelta
    }

    // MARK: - Byte access

    /// The CRC32C of the bytes the CRC covers (attributes to the end, from byte 21). Inlinable
    /// like the header fields: a call from another module was handed the bytes retained around
    /// it (a retain and release per check, on the leader and on every follower).
    @inlinable public var computedChecksum: UInt32 {
        bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[21...])) }
    }

    @inlinable
    func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        Self.load(type, at: offset, in: bytes)
    }

    @inlinable
    static func load<T: FixedWidthInteger>(_: T.Type, at offset: Int, in bytes: [UInt8]) -> T {
        precondition(
            offset >= 0 && offset + MemoryLayout<T>.size <= bytes.count,
            "header field at \(offset) outside a batch of \(bytes.count) bytes")
        return bytes.withUnsafeBytes { T(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    private mutating func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        precondition(
            offset >= 0 && offset + MemoryLayout<T>.size <= bytes.count,
            "header field at \(offset) outside a batch of \(bytes.count) bytes")
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self) }
    }
}
