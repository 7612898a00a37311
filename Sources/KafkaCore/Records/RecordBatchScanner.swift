/// Reads consecutive record batches from a byte buffer: a log segment's bytes, a produce
/// request's `records` field, a fetch response's records (Kafka's `ByteBufferLogInputStream`).
///
/// `next()` returns one batch at a time and `nil` at a clean end; it throws at the first batch
/// that is truncated or broken, and `validBytes` then says how many bytes at the front hold
/// whole, valid batches: the place where log recovery truncates.
///
/// Framing is always checked (length field, magic, enough bytes). With `validating` (the
/// default) every batch also passes `RecordBatch.validate()`: CRC and records.
public struct RecordBatchScanner: Sendable {
    /// What a whole scan found.
    public struct Scan: Sendable {
        /// The valid batches, in order.
        public var batches: [RecordBatch]
        /// Bytes at the front that hold those batches.
        public var validBytes: Int
        /// Why the scan stopped before the end, `nil` when every byte was a valid batch.
        public var error: RecordBatchError?
    }

    /// The buffer being scanned.
    public let bytes: [UInt8]
    /// Whether each batch is validated (CRC and records) or only framed.
    public let validating: Bool
    /// The largest batch accepted, `max.message.bytes` (only checked when validating).
    public let maxMessageBytes: Int
    /// Bytes at the front that hold whole, valid batches returned so far.
    public private(set) var validBytes = 0

    public init(bytes: [UInt8], validating: Bool = true, maxMessageBytes: Int = .max) {
        self.bytes = bytes
        self.validating = validating
        self.maxMessageBytes = maxMessageBytes
    }

    /// The next batch, `nil` when the buffer ends exactly after the previous one. After a throw
    /// the scanner does not move, so calling again throws the same error.
    public mutating func next() throws(RecordBatchError) -> RecordBatch? {
        guard validBytes < bytes.count else { return nil }
        let batch = try Self.batch(in: bytes, at: validBytes, validating: validating, maxMessageBytes: maxMessageBytes)
        validBytes += batch.sizeInBytes
        return batch
    }

    /// Scans all of `bytes` (see `RecordBatchScanner`).
    public static func scan(_ bytes: [UInt8], validating: Bool = true, maxMessageBytes: Int = .max) -> Scan {
        var scanner = RecordBatchScanner(bytes: bytes, validating: validating, maxMessageBytes: maxMessageBytes)
        var batches: [RecordBatch] = []
        // The first batch starts the array as a one-element literal: an exact allocation, where
        // appending to an empty array also asks the allocator for the block's usable size. Most
        // scans (a follower's fetch answer) hold a single batch.
        do throws(RecordBatchError) {
            guard let first = try scanner.next() else { return Scan(batches: [], validBytes: 0, error: nil) }
            batches = [first]
        } catch {
            return Scan(batches: [], validBytes: scanner.validBytes, error: error)
        }
        while true {
            do throws(RecordBatchError) {
                guard let batch = try scanner.next() else { break }
                batches.append(batch)
            } catch {
                return Scan(batches: batches, validBytes: scanner.validBytes, error: error)
            }
        }
        return Scan(batches: batches, validBytes: scanner.validBytes, error: nil)
    }

    /// The batch starting at `start`, checked in Kafka's order: log overhead present, length at
    /// least the v2 header, magic 2, all bytes present; then validation.
    private static func batch(
        in bytes: [UInt8], at start: Int, validating: Bool, maxMessageBytes: Int
    ) throws(RecordBatchError) -> RecordBatch {
        let available = bytes.count - start
        guard available >= RecordBatch.logOverhead else {
            throw .corruptRecord(.truncated(needed: RecordBatch.logOverhead, available: available))
        }
        let batchLength = bigEndianInt32(in: bytes, at: start + RecordBatch.Field.batchLength)
        guard batchLength >= Int32(RecordBatch.headerSize - RecordBatch.logOverhead) else {
            throw .corruptRecord(.lengthBelowMinimum(batchLength: batchLength))
        }
        guard available > RecordBatch.Field.magic else {
            throw .corruptRecord(.truncated(needed: RecordBatch.Field.magic + 1, available: available))
        }
        let magic = Int8(bitPattern: bytes[start + RecordBatch.Field.magic])
        guard magic == RecordBatch.currentMagic else { throw .corruptRecord(.unsupportedMagic(magic)) }
        let size = Int(batchLength) + RecordBatch.logOverhead
        guard size <= available else { throw .corruptRecord(.truncated(needed: size, available: available)) }
        // A buffer that is one whole batch (a fetch answer of one batch, the common case) is
        // shared, not copied: arrays are values.
        let batch = try RecordBatch(
            bytes: start == 0 && size == bytes.count ? bytes : Array(bytes[start..<(start + size)]))
        if validating { try batch.validate(maxMessageBytes: maxMessageBytes) }
        return batch
    }

    private static func bigEndianInt32(in bytes: [UInt8], at offset: Int) -> Int32 {
        precondition(offset >= 0 && offset + 4 <= bytes.count, "length field at \(offset) outside \(bytes.count) bytes")
        return bytes.withUnsafeBytes { Int32(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: Int32.self)) }
    }
}

extension RecordBatch {
    /// All valid batches at the front of `bytes`, with where and why the scan stopped
    /// (see `RecordBatchScanner`).
    public static func batches(
        in bytes: [UInt8], validating: Bool = true, maxMessageBytes: Int = .max
    ) -> RecordBatchScanner.Scan {
        RecordBatchScanner.scan(bytes, validating: validating, maxMessageBytes: maxMessageBytes)
    }
}
