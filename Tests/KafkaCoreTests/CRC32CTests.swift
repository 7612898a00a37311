import KafkaCore
import Testing

@Suite struct CRC32CTests {
    /// Published CRC32C check values (RFC 3720 appendix B.4 and the iSCSI/Castagnoli "check").
    static let vectors: [(bytes: [UInt8], crc: UInt32)] = [
        (Array("123456789".utf8), 0xE306_9283),
        (Array(repeating: 0x00, count: 32), 0x8A91_36AA),
        (Array(repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).map { UInt8(31 - $0) }, 0x113F_DB5C),
        ([], 0),
    ]

    @Test("the portable path matches the published vectors", arguments: 0..<vectors.count)
    func portable(index: Int) {
        let vector = Self.vectors[index]
        #expect(CRC32C.portableChecksum(vector.bytes) == vector.crc)
    }

    @Test("the hardware path matches the published vectors", arguments: 0..<vectors.count)
    func hardware(index: Int) throws {
        let vector = Self.vectors[index]
        guard CRC32C.isHardwareAccelerated else { return }
        #expect(CRC32C.hardwareChecksum(vector.bytes) == vector.crc)
        #expect(CRC32C.checksum(vector.bytes) == vector.crc)
    }

    /// Lengths around the hardware path's three-way blocks (3 × 128 and 3 × 2048 bytes, see
    /// `crc32c.c`): one short of a round, exactly one, one past, several rounds of both sizes;
    /// and every length below 3 × 64 + 64 bytes, which covers each way of the tail after the
    /// rounds (64-byte runs of words, the words entered at each of their eight places, the
    /// 4-, 2- and 1-byte steps).
    @Test("both paths agree on every length and alignment, and checksums continue across chunks")
    func pathsAgree() {
        var generator = SplitMix(seed: 42)
        let data = (0..<20_003).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let blockLengths = [383, 384, 385, 391, 392, 1000, 1100, 1536, 3071, 6143, 6144, 6145, 6529, 12_288, 13_000]
        for length in Array(0..<256) + [999] + blockLengths + [20_000] {
            for start in 0..<3 {
                let slice = Array(data[start..<(start + length)])
                let portable = CRC32C.portableChecksum(slice)
                if let hardware = CRC32C.hardwareChecksum(slice) { #expect(hardware == portable) }
                #expect(CRC32C.checksum(slice) == portable)
                let split = length / 2
                let continued = CRC32C.checksum(
                    Array(slice[split...]), continuing: CRC32C.checksum(Array(slice[..<split])))
                #expect(continued == portable)
            }
        }
    }
}

/// A tiny deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
