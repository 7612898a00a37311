import KafkaCore
import KafkaLog
import Testing

/// Files of several MiB in the simulated storage, appended in odd sizes (extents kept whole and
/// extents gathered from copies): appends, reads, truncations and power loss across extent
/// boundaries see exactly the bytes of a flat file.
@Suite struct SimulatedLogStorageLargeFileTests {
    /// Deterministic bytes that differ at every position of a few MiB.
    static func pattern(_ count: Int, from start: Int = 0) -> [UInt8] {
        (start..<start + count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
    }

    @Test("appends in odd sizes across extent boundaries read back byte for byte, from any position")
    func appendAndRead() throws {
        let storage = SimulatedLogStorage(capacityBytes: 64 << 20)
        let file = try storage.openFile("big.log")
        var written = 0
        for size in [1, 700_000, 348_575, 1 << 20, 3, 999_999, 2_500_000] {
            try file.append(Self.pattern(size, from: written))
            written += size
        }
        let expected = Self.pattern(written)
        #expect(file.sizeInBytes == written)
        #expect(storage.contents(of: "big.log") == expected)
        for (position, length) in [(0, 10), ((1 << 20) - 5, 10), ((2 << 20) - 1, 3 << 20), (written - 4, 100)] {
            var buffer = [UInt8](repeating: 0, count: length)
            let read = try buffer.withUnsafeMutableBytes { try file.read(at: position, into: $0) }
            #expect(read == min(length, written - position))
            #expect(Array(buffer[0..<read]) == Array(expected[position..<position + read]))
            // The same bytes as an array of their own (built from the extents directly).
            #expect(try file.read(at: position, count: length) == Array(expected[position..<position + read]))
        }
        #expect(try file.read(at: written, count: 8) == [])
        #expect(storage.statistics.readCount == 8)
        var past = [UInt8](repeating: 0, count: 8)
        #expect(try past.withUnsafeMutableBytes { try file.read(at: written, into: $0) } == 0)
    }

    @Test("truncating inside an extent, then appending, and power loss bring back the flushed bytes")
    func truncateAndPowerLoss() throws {
        let storage = SimulatedLogStorage(capacityBytes: 64 << 20)
        let file = try storage.openFile("big.log")
        try file.append(Self.pattern(3_000_000))
        try file.flush()
        try file.truncate(to: 1_048_000)
        #expect(storage.contents(of: "big.log") == Self.pattern(1_048_000))
        try file.append(Self.pattern(200_000, from: 1_048_000))
        #expect(storage.contents(of: "big.log") == Self.pattern(1_248_000))
        #expect(storage.flushedContents(of: "big.log") == Self.pattern(3_000_000))
        storage.crash(.powerLoss())
        #expect(storage.contents(of: "big.log") == Self.pattern(3_000_000))
        let reopened = try storage.openFile("big.log")
        try reopened.truncate(to: 0)
        #expect(storage.contents(of: "big.log") == [])
    }
}
