import CCRC32C

/// CRC32C (Castagnoli), the checksum of Kafka record batches (v2): it covers the bytes from the
/// batch's `attributes` field to its end.
public enum CRC32C {
    /// The checksum of `bytes`, continuing from `crc` (0 starts a fresh checksum).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return ccrc32c_update(crc, base, bytes.count)
    }

    /// The checksum of a byte array.
    public static func checksum(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: crc) }
    }

    /// The portable table-driven implementation, whatever the CPU supports.
    public static func portableChecksum(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return crc }
            return ccrc32c_update_portable(crc, base, buffer.count)
        }
    }

    /// The SSE4.2 + PCLMULQDQ implementation, or `nil` when this CPU lacks either.
    public static func hardwareChecksum(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32? {
        guard isHardwareAccelerated else { return nil }
        return bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return crc }
            return ccrc32c_update_hardware(crc, base, buffer.count)
        }
    }

    /// Whether the SSE4.2 + PCLMULQDQ path is in use on this machine.
    public static var isHardwareAccelerated: Bool { ccrc32c_hardware_available() == 1 }
}
