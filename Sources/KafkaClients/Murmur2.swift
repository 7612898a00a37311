/// Kafka's 32-bit MurmurHash2 (`Utils.murmur2`), the hash of the default partitioner.
///
/// Seed `0x9747b28c`, `m = 0x5bd1e995`, `r = 24`, little-endian 4-byte blocks; wrapping
/// multiplies and logical shifts, so the result matches Java's signed arithmetic bit for bit.
public enum Murmur2 {
    public static func hash(_ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The hash of `bytes` read in place (no bounds check per byte, no array needed).
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let seed: UInt32 = 0x9747_b28c
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = bytes.count
        var h = seed ^ UInt32(truncatingIfNeeded: length)
        let blocks = length / 4
        for block in 0..<blocks {
            var k = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: block * 4, as: UInt32.self))
            k &*= m
            k ^= k >> r
            k &*= m
            h &*= m
            h ^= k
        }
        let tail = blocks * 4
        switch length % 4 {
        case 3:
            h ^= UInt32(bytes[tail + 2]) << 16
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h &*= m
        case 2:
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h &*= m
        case 1:
            h ^= UInt32(bytes[tail])
            h &*= m
        default:
            break
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// The partition of a keyed record: `toPositive(murmur2(key)) % partitionCount`, where
    /// `toPositive` masks the sign bit (it is not `abs`). `partitionCount` counts all partitions.
    public static func partition(forKey key: [UInt8], partitionCount: Int32) -> Int32 {
        partition(forKeyHash: hash(key), partitionCount: partitionCount)
    }

    /// `partition(forKey:partitionCount:)` of a key whose hash (`hash(_:)`) is `keyHash`.
    public static func partition(forKeyHash keyHash: Int32, partitionCount: Int32) -> Int32 {
        precondition(partitionCount > 0, "partition count must be positive, got \(partitionCount)")
        return (keyHash & 0x7fff_ffff) % partitionCount
    }
}
