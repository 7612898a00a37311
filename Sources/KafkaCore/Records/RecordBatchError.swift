/// Why a record batch was refused, as a value: a produce request, a fetch response or a log
/// segment can hold any bytes at all, so a bad batch is an expected outcome, never a crash.
///
/// Each case maps to the error code a Kafka broker answers with (`errorCode`). Byte positions in
/// the details count from the first byte of the batch (its `baseOffset` field).
public enum RecordBatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `CORRUPT_MESSAGE` (2), Kafka's `CorruptRecordException`: the bytes are not a whole, intact
    /// batch (truncated, wrong magic, impossible length, CRC mismatch).
    case corruptRecord(Corruption)
    /// `MESSAGE_TOO_LARGE` (10), Kafka's `RecordTooLargeException`: the whole batch (`size`
    /// bytes, log overhead included) is larger than `max.message.bytes` (`limit`).
    case recordTooLarge(size: Int, limit: Int)
    /// `INVALID_RECORD` (87), Kafka's `InvalidRecordException`: the batch is intact (its CRC
    /// matches) but what it says breaks the format's rules.
    case invalidRecord(InvalidRecord)
    /// `UNSUPPORTED_COMPRESSION_TYPE` (76): not a validation failure. The batch is intact and can be
    /// stored and served byte for byte, but its records are compressed with a codec this build
    /// does not decode, so `records()` cannot list them.
    case unsupportedCompression(CompressionCodec)

    /// The Kafka error code for this failure.
    public var errorCode: KafkaError {
        switch self {
        case .corruptRecord: .corruptMessage
        case .recordTooLarge: .messageTooLarge
        case .invalidRecord: .invalidRecord
        case .unsupportedCompression: .unsupportedCompressionType
        }
    }

    public var description: String {
        switch self {
        case .corruptRecord(let corruption): "corrupt record batch: \(corruption)"
        case .recordTooLarge(let size, let limit):
            "record batch of \(size) bytes is larger than the limit of \(limit) bytes (max.message.bytes)"
        case .invalidRecord(let invalid): "invalid record batch: \(invalid)"
        case .unsupportedCompression(let codec):
            "record batch is compressed with \(codec), which this build stores and serves but does not decode"
        }
    }
}

extension RecordBatchError {
    /// How the bytes fail to be a whole, intact batch.
    public enum Corruption: Hashable, Sendable, CustomStringConvertible {
        /// The batch needs `needed` bytes and only `available` are there (a torn write, a cut-off
        /// request).
        case truncated(needed: Int, available: Int)
        /// The length field is below the 49 bytes every v2 batch header needs after it.
        case lengthBelowMinimum(batchLength: Int32)
        /// The length field says one size and the bytes handed over are another.
        case lengthMismatch(batchLength: Int32, byteCount: Int)
        /// The magic byte is not 2; only record batch v2 is supported.
        case unsupportedMagic(Int8)
        /// The CRC32C stored in the header is not the CRC32C of attributes..end.
        case checksumMismatch(stored: UInt32, computed: UInt32)

        public var description: String {
            switch self {
            case .truncated(let needed, let available):
                "truncated: needs \(needed) bytes, only \(available) present"
            case .lengthBelowMinimum(let batchLength):
                "length field \(batchLength) is below the minimum of \(RecordBatch.headerSize - RecordBatch.logOverhead)"
            case .lengthMismatch(let batchLength, let byteCount):
                "length field \(batchLength) does not match \(byteCount) bytes (expected length \(byteCount - RecordBatch.logOverhead))"
            case .unsupportedMagic(let magic):
                "magic \(magic) is not 2 (only record batch v2 is supported)"
            case .checksumMismatch(let stored, let computed):
                "stored crc \(stored) != computed crc \(computed)"
            }
        }
    }

    /// How an intact batch breaks the format's rules.
    public enum InvalidRecord: Hashable, Sendable, CustomStringConvertible {
        /// The header's offset span cannot hold its records: `lastOffsetDelta` is negative, the
        /// record count is negative, or there are more records than offsets.
        case invalidOffsetRange(lastOffsetDelta: Int32, recordCount: Int32)
        /// Attribute bits 0–2 name no compression codec (5, 6 and 7 are unassigned).
        case unknownCompressionCodec(Int16)
        /// Record `index` (counting from 0) starting at byte `position` cannot be decoded.
        case malformedRecord(index: Int, position: Int, defect: RecordDefect)
        /// The header declares `declared` records and the bytes end after `found`.
        case recordCountMismatch(declared: Int32, found: Int)
        /// `count` bytes remain at `position` after the declared records.
        case trailingBytes(position: Int, count: Int)
        /// Record `index` has an offset delta that is not above the previous record's.
        case offsetDeltaOutOfOrder(index: Int, offsetDelta: Int32, previous: Int32)
        /// Record `index` has an offset delta outside `0...lastOffsetDelta`.
        case offsetDeltaOutOfRange(index: Int, offsetDelta: Int32, lastOffsetDelta: Int32)

        public var description: String {
            switch self {
            case .invalidOffsetRange(let lastOffsetDelta, let recordCount):
                "\(recordCount) records do not fit offset deltas 0...\(lastOffsetDelta)"
            case .unknownCompressionCodec(let id):
                "unknown compression codec id \(id)"
            case .malformedRecord(let index, let position, let defect):
                "record \(index) at byte \(position): \(defect)"
            case .recordCountMismatch(let declared, let found):
                "header declares \(declared) records, the bytes hold \(found)"
            case .trailingBytes(let position, let count):
                "\(count) bytes left at byte \(position) after the declared records"
            case .offsetDeltaOutOfOrder(let index, let offsetDelta, let previous):
                "record \(index) has offset delta \(offsetDelta), not above the previous \(previous)"
            case .offsetDeltaOutOfRange(let index, let offsetDelta, let lastOffsetDelta):
                "record \(index) has offset delta \(offsetDelta), outside 0...\(lastOffsetDelta)"
            }
        }
    }

    /// What is wrong inside one record.
    public enum RecordDefect: Error, Hashable, Sendable, CustomStringConvertible {
        /// A field runs past the end of the record (or of the batch).
        case truncated
        /// A varint is longer than 5 bytes (a varlong longer than 10).
        case malformedVarint
        /// A length or count is negative where it may not be (below -1 for nullable fields,
        /// below 0 for the record length, the header count and header keys).
        case negativeLength(field: RecordField, length: Int32)
        /// The record's length prefix says `declared` bytes and its fields take `actual`.
        case lengthMismatch(declared: Int32, actual: Int)

        public var description: String {
            switch self {
            case .truncated: "a field runs past the end of the record"
            case .malformedVarint: "a varint is longer than its type allows"
            case .negativeLength(let field, let length): "\(field.rawValue) length \(length) is invalid"
            case .lengthMismatch(let declared, let actual):
                "length prefix says \(declared) bytes, the fields take \(actual)"
            }
        }
    }

    /// The length-prefixed parts of a record, for `RecordDefect.negativeLength`.
    public enum RecordField: String, Hashable, Sendable {
        case record
        case key
        case value
        case headerCount = "header count"
        case headerKey = "header key"
        case headerValue = "header value"
    }
}
