/// Zigzag varints (`int32`) and varlongs (`int64`), the integer encoding inside a record batch's
/// records (Kafka's `ByteUtils.writeVarint` / `readVarint`).
///
/// A value is zigzag-mapped (`(n << 1) ^ (n >> 63)`, so small negative numbers stay short), then
/// written 7 bits per byte, least significant group first, with the high bit meaning "more bytes
/// follow": 0 → `00`, -1 → `01`, 1 → `02`, 300 → `d8 04`.
///
/// Decoding follows Kafka: a varint longer than 5 bytes (a varlong longer than 10) is malformed,
/// and the bits of the last byte that do not fit the type are dropped. Decoding never reads past
/// the end of its input and never traps; it throws `ByteReader.Error` instead.
public enum Varint {
    /// The longest varint Kafka accepts, in bytes.
    public static let maxVarintBytes = 5
    /// The longest varlong Kafka accepts, in bytes.
    public static let maxVarlongBytes = 10

    /// How many bytes `value` takes as a zigzag varint (1–5).
    @inlinable
    public static func sizeOfVarint(_ value: Int32) -> Int {
        sizeOfUnsigned(UInt64(zigzag(value)))
    }

    /// How many bytes `value` takes as a zigzag varlong (1–10).
    @inlinable
    public static func sizeOfVarlong(_ value: Int64) -> Int {
        sizeOfUnsigned(zigzag(value))
    }

    /// The zigzag varint bytes of `value`.
    public static func encodeVarint(_ value: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(maxVarintBytes)
        appendUnsigned(UInt64(zigzag(value)), to: &bytes)
        return bytes
    }

    /// The zigzag varlong bytes of `value`.
    public static func encodeVarlong(_ value: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(maxVarlongBytes)
        appendUnsigned(zigzag(value), to: &bytes)
        return bytes
    }

    /// Decodes the zigzag varint at `offset`, returning it with the number of bytes it took.
    public static func decodeVarint(
        _ bytes: [UInt8], at offset: Int = 0
    ) throws(ByteReader.Error) -> (value: Int32, byteCount: Int) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ByteReader.Error) -> (value: Int32, byteCount: Int) in
                var reader = ByteReader(buffer, position: offset)
                let value = try reader.readVarint()
                return (value, reader.position - offset)
            }
        }
        return try result.get()
    }

    /// Decodes the zigzag varlong at `offset`, returning it with the number of bytes it took.
    public static func decodeVarlong(
        _ bytes: [UInt8], at offset: Int = 0
    ) throws(ByteReader.Error) -> (value: Int64, byteCount: Int) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ByteReader.Error) -> (value: Int64, byteCount: Int) in
                var reader = ByteReader(buffer, position: offset)
                let value = try reader.readVarlong()
                return (value, reader.position - offset)
            }
        }
        return try result.get()
    }

    // MARK: - Building blocks shared by ByteReader and ByteWriter

    @inlinable
    static func zigzag(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value << 1) ^ (value >> 31))
    }

    @inlinable
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    static func unzigzag(_ value: UInt32) -> Int32 {
        Int32(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    @inlinable
    static func sizeOfUnsigned(_ value: UInt64) -> Int {
        let significantBits = UInt64.bitWidth - value.leadingZeroBitCount
        return max(1, (significantBits + 6) / 7)
    }

    static func appendUnsigned(_ value: UInt64, to bytes: inout [UInt8]) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    /// Stores `value` base-128 at `target`, which must have room for it (`sizeOfUnsigned`);
    /// returns how many bytes it took (at most 10: counted without overflow checks).
    @inline(__always)
    static func store(_ value: UInt64, at target: UnsafeMutableRawPointer) -> Int {
        var remaining = value
        var count = 0
        while remaining >= 0x80 {
            target.storeBytes(of: UInt8(truncatingIfNeeded: remaining) | 0x80, toByteOffset: count, as: UInt8.self)
            remaining >>= 7
            count &+= 1
        }
        target.storeBytes(of: UInt8(remaining), toByteOffset: count, as: UInt8.self)
        return count &+ 1
    }

    /// Reads an unsigned base-128 number of at most `maxBytes` bytes starting at `position`, and
    /// moves `position` past it. Bits beyond 64 are dropped (only possible in a 10th byte).
    static func readUnsigned(
        _ buffer: UnsafeRawBufferPointer, at position: inout Int, maxBytes: Int
    ) throws(ByteReader.Error) -> UInt64 {
        let start = position
        // Most varints in a record (attributes aside: deltas, lengths, counts) fit in one byte.
        if start < buffer.count, buffer[start] < 0x80 {
            position = start + 1
            return UInt64(buffer[start])
        }
        var index = start
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            // The length limit comes first: five continuation bytes are malformed even at the end.
            guard index - start < maxBytes else { throw .malformedVarint(position: start) }
            guard index < buffer.count else { throw .truncated(position: start, needed: index - start + 1) }
            let byte = buffer[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        position = index
        return result
    }
}
