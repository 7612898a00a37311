/// Where one record's fields lie inside a batch's bytes, found without copying or allocating:
/// all that validation needs, and what `RecordBatch.records()` turns into `Record` values.
///
/// Decoding follows Kafka's `DefaultRecord.readFrom`: the length prefix bounds the record, every
/// field must fit inside it, and the fields must use it up exactly. This is the inner loop of
/// validating a produced batch and of every consumer's decode, so the common shape (short
/// varints, no headers) is read by `readCommon` with one bounds check per field; anything else,
/// every defect included, goes through a bounds-checked cursor that says what is wrong.
struct RecordLayout: Equatable {
    typealias Defect = RecordBatchError.RecordDefect

    /// Where a nullable field's bytes lie: a start and a length, -1 for null (whose start is
    /// where the bytes would begin, after the length varint).
    ///
    /// Why not a `Range<Int>?`: the record walks carry the layout of every record through their
    /// checks, and an optional range is three values (bounds and null flag) where this is two.
    struct Bytes: Equatable {
        var start: Int
        var length: Int32

        /// The range of the bytes, `nil` for null.
        var range: Range<Int>? {
            length < 0 ? nil : Range(uncheckedBounds: (start, start &+ Int(length)))
        }
    }

    var attributes: Int8
    var timestampDelta: Int64
    var offsetDelta: Int32
    var keyBytes: Bytes
    var valueBytes: Bytes
    var headerCount: Int32
    /// Byte range of the headers (after the header count), already checked.
    var headers: Range<Int>

    /// The index of the first byte after the record.
    var end: Int { headers.upperBound }
    /// Byte range of the key in the batch, `nil` for a null key.
    var key: Range<Int>? { keyBytes.range }
    /// Byte range of the value in the batch, `nil` for a null value.
    var value: Range<Int>? { valueBytes.range }

    /// The record at `start` of the `count` bytes at `base` (a whole batch; `start` is below
    /// `count`) when it has the common shape: every varint one or two bytes long, each length
    /// within the record, an offset delta not below 0, no headers (a header count of one zero
    /// byte, the record's last), and the fields before it using up the rest of the record's
    /// length exactly; `nil` for anything else. Each step is the success branch of
    /// `readChecked`'s (same varint fast paths, same order), so a record read here is the layout
    /// `readChecked` returns, and anything unusual or broken is left to it to read or to throw its
    /// defect (and to the walks to reject a negative delta).
    ///
    /// Why: a record is read once by the leader's validation and once per consumer group (and
    /// by the report), and the checked cursor's per-byte bounds checks, error paths and
    /// preconditions made that the top cost of decoding. Positions never pass `count` (each step
    /// is checked against it first), so their arithmetic wraps (`&+`) instead of checking for an
    /// overflow that cannot happen. Varints are checked as they are encoded (zigzag): a length is
    /// not negative when even, and −1 (null) is 1.
    @inline(__always)
    static func readCommon(_ base: UnsafeRawPointer, count: Int, at start: Int) -> RecordLayout? {
        var position = start
        // The smallest record of this shape has a body of 6 bytes (one per field): shorter ones are
        // left to the checked cursor, and the deltas, at most 4 bytes from the body's second one,
        // then lie before its last byte without checking.
        guard let encodedLength = short(base, &position, before: count), encodedLength & 1 == 0,
            encodedLength >= 12
        else { return nil }
        let length = Int(encodedLength &>> 1)
        guard length <= count &- position else { return nil }
        let end = position &+ length
        // The header count is checked first, as the last byte: the fields before it then end at
        // `last`, and no varint is decoded for it (one value fewer for the record walks to carry).
        let last = end &- 1
        guard base.load(fromByteOffset: last, as: UInt8.self) == 0 else { return nil }
        let attributes = base.load(fromByteOffset: position, as: Int8.self)
        position &+= 1
        guard let timestampDelta = short(base, &position), let offsetDelta = short(base, &position),
            offsetDelta & 1 == 0
        else { return nil }
        guard let key = shortNullable(base, &position, before: last),
            let value = shortNullable(base, &position, before: last), position == last
        else { return nil }
        return RecordLayout(
            attributes: attributes, timestampDelta: Int64(Varint.unzigzag(timestampDelta)),
            offsetDelta: Int32(offsetDelta &>> 1), keyBytes: key, valueBytes: value, headerCount: 0,
            headers: end..<end)
    }

    /// A varint of one or two bytes before `end`, as `RecordCursor` reads it but still zigzag
    /// encoded; `nil` when longer or cut off by `end`.
    @inline(__always)
    private static func short(_ base: UnsafeRawPointer, _ position: inout Int, before end: Int) -> UInt32? {
        guard position < end else { return nil }
        let first = base.load(fromByteOffset: position, as: UInt8.self)
        if first < 0x80 {
            position &+= 1
            return UInt32(first)
        }
        guard position &+ 1 < end else { return nil }
        let second = base.load(fromByteOffset: position &+ 1, as: UInt8.self)
        guard second < 0x80 else { return nil }
        position &+= 2
        return UInt32(first & 0x7F) | UInt32(second) &<< 7
    }

    /// `short(_:_:before:)` for a varint whose two bytes the caller knows to lie before the end.
    @inline(__always)
    private static func short(_ base: UnsafeRawPointer, _ position: inout Int) -> UInt32? {
        let first = base.load(fromByteOffset: position, as: UInt8.self)
        if first < 0x80 {
            position &+= 1
            return UInt32(first)
        }
        let second = base.load(fromByteOffset: position &+ 1, as: UInt8.self)
        guard second < 0x80 else { return nil }
        position &+= 2
        return UInt32(first & 0x7F) | UInt32(second) &<< 7
    }

    /// A short nullable field (length −1, or a length whose bytes end by `end`), skipped; `nil`
    /// when the length is not short, below −1 or too long. Null (encoded 1) skips nothing.
    @inline(__always)
    private static func shortNullable(_ base: UnsafeRawPointer, _ position: inout Int, before end: Int) -> Bytes? {
        guard let encoded = short(base, &position, before: end) else { return nil }
        // Odd is negative: only −1 (1) passes.
        if encoded & 1 != 0 {
            guard encoded == 1 else { return nil }
        }
        let skipped = Int(encoded &>> 1)
        guard skipped <= end &- position else { return nil }
        let start = position
        position &+= skipped
        return Bytes(start: start, length: Varint.unzigzag(encoded))
    }

    /// Reads and checks the record that starts at byte `start` of `buffer` (a whole batch) through
    /// the bounds-checked cursor: any record, and the defect of a broken one. Never inlined: it is
    /// the rare path, kept out of the walks that inline `readCommon`.
    @inline(never)
    static func readChecked(in buffer: UnsafeRawBufferPointer, at start: Int) throws(Defect) -> RecordLayout {
        var outer = RecordCursor(buffer: buffer, position: start, end: buffer.count)
        let length = try outer.varint()
        guard length >= 0 else { throw .negativeLength(field: .record, length: length) }
        guard Int(length) <= outer.end - outer.position else { throw .truncated }

        // Bounded by the record's own length, so no field can reach into the next record.
        var cursor = RecordCursor(buffer: buffer, position: outer.position, end: outer.position + Int(length))
        let attributes = Int8(bitPattern: try cursor.byte())
        let timestampDelta = try cursor.varlong()
        let offsetDelta = try cursor.varint()
        let key = try cursor.nullableBytes(.key)
        let value = try cursor.nullableBytes(.value)
        let headerCount = try cursor.varint()
        guard headerCount >= 0 else { throw .negativeLength(field: .headerCount, length: headerCount) }
        let headersStart = cursor.position
        for _ in 0..<headerCount {
            let keyLength = try cursor.varint()
            guard keyLength >= 0 else { throw .negativeLength(field: .headerKey, length: keyLength) }
            try cursor.skip(Int(keyLength))
            _ = try cursor.nullable(.headerValue)
        }
        guard cursor.position == cursor.end else {
            throw .lengthMismatch(declared: length, actual: cursor.position - (cursor.end - Int(length)))
        }
        return RecordLayout(
            attributes: attributes, timestampDelta: timestampDelta, offsetDelta: offsetDelta, keyBytes: key,
            valueBytes: value, headerCount: headerCount, headers: headersStart..<cursor.position)
    }

    /// The record itself, with its key, value and headers copied out of `buffer`.
    func record(in buffer: UnsafeRawBufferPointer) throws(Defect) -> Record {
        Record(
            offsetDelta: offsetDelta, timestampDelta: timestampDelta, key: key.map { Self.copy(buffer, $0) },
            value: value.map { Self.copy(buffer, $0) },
            headers: try Self.decodeHeaders(headerCount, in: buffer, at: headers), attributes: attributes)
    }

    /// The `count` headers whose bytes (after the header count) are `headers` of `buffer`.
    static func decodeHeaders(
        _ headerCount: Int32, in buffer: UnsafeRawBufferPointer, at headers: Range<Int>
    ) throws(Defect) -> [RecordHeader] {
        guard headerCount > 0 else { return [] }
        var cursor = RecordCursor(buffer: buffer, position: headers.lowerBound, end: headers.upperBound)
        var decoded: [RecordHeader] = []
        decoded.reserveCapacity(Int(headerCount))
        for _ in 0..<headerCount {
            let keyLength = try cursor.varint()
            guard keyLength >= 0 else { throw .negativeLength(field: .headerKey, length: keyLength) }
            let keyStart = cursor.position
            try cursor.skip(Int(keyLength))
            // Like Java's `new String(bytes, UTF_8)`: invalid UTF-8 becomes U+FFFD, never an error.
            let key = String(
                decoding: UnsafeRawBufferPointer(rebasing: buffer[keyStart..<cursor.position]), as: UTF8.self)
            let value = try cursor.nullable(.headerValue).map { Self.copy(buffer, $0) }
            decoded.append(RecordHeader(key: key, value: value))
        }
        return decoded
    }

    private static func copy(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(rebasing: buffer[range]))
    }
}

/// A read position in a batch that never passes `end`; failures are record defects.
private struct RecordCursor {
    typealias Defect = RecordBatchError.RecordDefect

    let buffer: UnsafeRawBufferPointer
    var position: Int
    let end: Int

    init(buffer: UnsafeRawBufferPointer, position: Int, end: Int) {
        precondition(
            0 <= position && position <= end && end <= buffer.count,
            "cursor \(position)..<\(end) outside a buffer of \(buffer.count) bytes")
        self.buffer = buffer
        self.position = position
        self.end = end
    }

    @inline(__always)
    mutating func byte() throws(Defect) -> UInt8 {
        guard position < end else { throw .truncated }
        defer { position += 1 }
        return buffer[position]
    }

    @inline(__always)
    mutating func varint() throws(Defect) -> Int32 {
        Varint.unzigzag(UInt32(truncatingIfNeeded: try unsigned(maxBytes: Varint.maxVarintBytes)))
    }

    @inline(__always)
    mutating func varlong() throws(Defect) -> Int64 {
        Varint.unzigzag(try unsigned(maxBytes: Varint.maxVarlongBytes))
    }

    @inline(__always)
    mutating func skip(_ count: Int) throws(Defect) {
        guard count <= end - position else { throw .truncated }
        position += count
    }

    /// A varint length (-1 = null) and the bytes it covers, returned as their range.
    @inline(__always)
    mutating func nullable(_ field: RecordBatchError.RecordField) throws(Defect) -> Range<Int>? {
        try nullableBytes(field).range
    }

    /// A varint length (-1 = null) and the bytes it covers, skipped (a null's start is where the
    /// varint ends).
    @inline(__always)
    mutating func nullableBytes(_ field: RecordBatchError.RecordField) throws(Defect) -> RecordLayout.Bytes {
        let length = try varint()
        guard length >= -1 else { throw .negativeLength(field: field, length: length) }
        let start = position
        if length > 0 { try skip(Int(length)) }
        return RecordLayout.Bytes(start: start, length: length)
    }

    @inline(__always)
    private mutating func unsigned(maxBytes: Int) throws(Defect) -> UInt64 {
        guard position < end else { throw .truncated }
        // Fast paths: deltas, counts and short lengths take one byte; record lengths and values
        // up to 8 KiB take two.
        let first = buffer[position]
        if first < 0x80 {
            position += 1
            return UInt64(first)
        }
        if position + 1 < end, buffer[position + 1] < 0x80 {
            defer { position += 2 }
            return UInt64(first & 0x7F) | UInt64(buffer[position + 1]) << 7
        }
        do {
            return try Varint.readUnsigned(
                UnsafeRawBufferPointer(rebasing: buffer[..<end]), at: &position, maxBytes: maxBytes)
        } catch {
            switch error {
            case .truncated: throw .truncated
            case .malformedVarint: throw .malformedVarint
            }
        }
    }
}
