/// Big-endian integers in byte arrays, the byte order of every Kafka file format.
enum BigEndian {
    static func append(_ value: Int32, to bytes: inout [UInt8]) {
        let bits = UInt32(bitPattern: value)
        bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
        bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
        bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
        bytes.append(UInt8(truncatingIfNeeded: bits))
    }

    static func append(_ value: Int64, to bytes: inout [UInt8]) {
        append(Int32(truncatingIfNeeded: value >> 32), to: &bytes)
        append(Int32(truncatingIfNeeded: value), to: &bytes)
    }

    static func int32(_ bytes: [UInt8], at index: Int) -> Int32 {
        let bits =
            UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8
            | UInt32(bytes[index + 3])
        return Int32(bitPattern: bits)
    }

    static func int64(_ bytes: [UInt8], at index: Int) -> Int64 {
        let high = UInt64(UInt32(bitPattern: int32(bytes, at: index)))
        let low = UInt64(UInt32(bitPattern: int32(bytes, at: index + 4)))
        return Int64(bitPattern: high << 32 | low)
    }
}
