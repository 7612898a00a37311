import KafkaCore
import Testing

@testable import KafkaLog

/// `ExtentBytes` through what it promises: the same bytes as one flat array, whatever the extents
/// (open ones built from copies, shared arrays kept as given) and wherever appends, reads and
/// truncations fall; arrays shared only where nothing can change them.
@Suite struct ExtentBytesTests {
    static let open = ExtentBytes.openExtentBytes
    static let shared = ExtentBytes.minSharedBytes
    static var noPrefix: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }

    static func pattern(_ count: Int, from start: Int = 0) -> [UInt8] {
        (start..<start + count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
    }

    /// Where an array's elements live: the same address means the same buffer, not a copy.
    static func address(_ bytes: [UInt8]) -> UnsafeRawPointer? {
        bytes.withUnsafeBytes { $0.baseAddress }
    }

    /// Every byte, read back with `copyBytes` in pieces of `piece` bytes.
    static func readBack(_ bytes: ExtentBytes, piece: Int) -> [UInt8] {
        var result: [UInt8] = []
        var position = 0
        while position < bytes.count {
            var buffer = [UInt8](repeating: 0, count: piece)
            let copied = buffer.withUnsafeMutableBytes { bytes.copyBytes(from: position, into: $0) }
            result += buffer[0..<copied]
            position += copied
        }
        return result
    }

    /// Checks every way of reading `bytes` against `expected`: whole, in pieces, and in ranges
    /// that start and end on, inside and across extents.
    static func expectReads(_ bytes: ExtentBytes, _ expected: [UInt8]) {
        #expect(bytes.count == expected.count)
        #expect(bytes.array == expected)
        #expect(readBack(bytes, piece: 997) == expected)
        #expect(readBack(bytes, piece: 1) == expected)
        let count = expected.count
        for (lower, upper) in [(0, count), (0, 1), (count / 3, count / 2), (count - 1, count), (1, count - 1)]
        where lower <= upper && upper <= count {
            #expect(bytes.bytes(in: lower..<upper) == Array(expected[lower..<upper]))
        }
    }

    @Test("copied appends gather in one open extent up to openExtentBytes, then start another")
    func openExtents() {
        var bytes = ExtentBytes()
        var written = 0
        for size in [12, 8, Self.open - 20, 1, 3 * Self.open, 5] {
            Self.pattern(size, from: written).withUnsafeBytes { bytes.append($0) }
            written += size
        }
        #expect(bytes.extentCount == 4)
        Self.expectReads(bytes, Self.pattern(written))
        var past = [UInt8](repeating: 0, count: 4)
        #expect(past.withUnsafeMutableBytes { bytes.copyBytes(from: written, into: $0) } == 0)
    }

    @Test("an appended array is kept: a read of exactly its bytes returns the same buffer, others copy")
    func sharedExtents() {
        var bytes = ExtentBytes()
        let first = Self.pattern(1_000)
        let second = Self.pattern(3_000, from: 1_000)
        Self.pattern(10, from: 4_000).withUnsafeBytes { bytes.append($0) }
        bytes.append(sharing: first)
        bytes.append(sharing: second)
        #expect(bytes.count == 10 + 4_000 && bytes.extentCount == 3)
        let readFirst = bytes.bytes(in: 10..<1_010)
        let readSecond = bytes.bytes(in: 1_010..<4_010)
        #expect(readFirst == first && Self.address(readFirst) == Self.address(first))
        #expect(readSecond == second && Self.address(readSecond) == Self.address(second))
        // Across two extents, and inside one: copies with the right bytes.
        let across = bytes.bytes(in: 500..<2_000)
        #expect(across == Array((first + second)[490..<1_990]))
        let inside = bytes.bytes(in: 20..<30)
        #expect(inside == Array(first[10..<20]) && Self.address(inside) != Self.address(first))
        var expected = Self.pattern(10, from: 4_000) + first + second
        Self.expectReads(bytes, expected)
        // Copied bytes after a shared extent open a new extent.
        Self.pattern(5).withUnsafeBytes { bytes.append($0) }
        expected += Self.pattern(5)
        #expect(bytes.extentCount == 4)
        Self.expectReads(bytes, expected)
    }

    @Test("short arrays and arrays with mostly unused capacity are copied, not kept")
    func copiedArrays() {
        var bytes = ExtentBytes()
        let short = Self.pattern(Self.shared - 1)
        bytes.append(sharing: short)
        var roomy: [UInt8] = []
        roomy.reserveCapacity(10_000)
        roomy += Self.pattern(1_000)
        bytes.append(sharing: roomy)
        #expect(bytes.extentCount == 2)
        #expect(Self.address(bytes.bytes(in: 0..<short.count)) != Self.address(short))
        let readRoomy = bytes.bytes(in: short.count..<(short.count + 1_000))
        #expect(readRoomy == roomy && Self.address(readRoomy) != Self.address(roomy))
        #expect(readRoomy.capacity < 2_000)
        Self.expectReads(bytes, short + roomy)
    }

    @Test("a prefix overwrites the front of one copy; the appended array stays unchanged")
    func overwrittenPrefix() {
        var bytes = ExtentBytes()
        let batch = Self.pattern(500)
        let prefix: [UInt8] = [9, 8, 7, 6]
        prefix.withUnsafeBytes { bytes.append(batch, overwritingPrefixWith: $0) }
        let stored = bytes.bytes(in: 0..<500)
        #expect(stored == prefix + batch[4...])
        #expect(batch == Self.pattern(500) && Self.address(stored) != Self.address(batch))
        // Short: the prefix and the rest are copied into the open extent.
        let small = Self.pattern(20, from: 500)
        prefix.withUnsafeBytes { bytes.append(small, overwritingPrefixWith: $0) }
        Self.expectReads(bytes, prefix + batch[4...] + prefix + small[4...])
    }

    @Test("truncation inside an extent keeps a copy of its front; bytes read earlier never change")
    func truncationInsideExtents() {
        var bytes = ExtentBytes()
        let first = Self.pattern(1_000)
        let second = Self.pattern(2_000, from: 1_000)
        bytes.append(sharing: first)
        bytes.append(sharing: second)
        let readSecond = bytes.bytes(in: 1_000..<3_000)
        bytes.removeLast(1_500)
        #expect(bytes.extentCount == 2)
        Self.expectReads(bytes, Self.pattern(1_500))
        // The cut extent is a copy of the bytes kept, not the whole array.
        let kept = bytes.bytes(in: 1_000..<1_500)
        #expect(Self.address(kept) != Self.address(second) && kept.capacity < 1_000)
        // Appending over the cut bytes changes neither the earlier read nor the appended array.
        let replacement = [UInt8](repeating: 0xEE, count: 700)
        replacement.withUnsafeBytes { bytes.append($0) }
        #expect(bytes.extentCount == 2)
        Self.expectReads(bytes, Self.pattern(1_500) + replacement)
        #expect(readSecond == Self.pattern(2_000, from: 1_000) && second == readSecond)
        // On an extent boundary, and to nothing.
        bytes.removeLast(1_200)
        #expect(bytes.extentCount == 1 && Self.address(bytes.array) == Self.address(first))
        bytes.removeLast(bytes.count)
        #expect(bytes.count == 0 && bytes.extentCount == 0 && bytes.array == [])
        Self.pattern(10).withUnsafeBytes { bytes.append($0) }
        Self.expectReads(bytes, Self.pattern(10))
    }

    @Test("a reader holding the open extent keeps its bytes while later appends and truncations go on")
    func openExtentHeldByReader() {
        var bytes = ExtentBytes()
        Self.pattern(300).withUnsafeBytes { bytes.append($0) }
        let held = bytes.array
        Self.pattern(100, from: 300).withUnsafeBytes { bytes.append($0) }
        #expect(held == Self.pattern(300) && bytes.extentCount == 1)
        bytes.removeLast(250)
        [UInt8]([1, 2, 3]).withUnsafeBytes { bytes.append($0) }
        #expect(held == Self.pattern(300))
        Self.expectReads(bytes, Self.pattern(150) + [1, 2, 3])
    }

    @Test("an empty append changes nothing")
    func emptyAppend() {
        var bytes = ExtentBytes()
        bytes.append(Self.noPrefix)
        bytes.append(sharing: [])
        #expect(bytes.count == 0 && bytes.extentCount == 0)
        bytes.append(sharing: Self.pattern(100))
        bytes.append(Self.noPrefix)
        #expect(bytes.extentCount == 1)
        Self.expectReads(bytes, Self.pattern(100))
    }

    @Test(
        "random appends, prefixes and truncations read back as one flat array, at every extent boundary",
        arguments: [1, 2, 3, 4])
    func randomOperationsMatchAFlatArray(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var bytes = ExtentBytes()
        var expected: [UInt8] = []
        var boundaries: [Int] = [0]
        for step in 0..<400 {
            let size = 1 + Int(random.next(below: 3_000))
            let fill = Self.pattern(size, from: step * 31)
            switch random.next(below: 10) {
            case 0..<4:
                bytes.append(sharing: fill)
                expected += fill
            case 4..<6:
                let prefix = Self.pattern(min(size, 12), from: 7_000 + step)
                prefix.withUnsafeBytes { bytes.append(fill, overwritingPrefixWith: $0) }
                expected += prefix + fill[prefix.count...]
            case 6..<9:
                fill.withUnsafeBytes { bytes.append($0) }
                expected += fill
            default:
                let removed = Int(random.next(below: UInt64(min(expected.count, 5_000) + 1)))
                bytes.removeLast(removed)
                expected.removeLast(removed)
                boundaries.removeAll { $0 > expected.count }
            }
            boundaries.append(expected.count)
            #expect(bytes.count == expected.count)
        }
        Self.expectReads(bytes, expected)
        // Reads that start or end on every place an operation left the end, and one byte either side.
        for boundary in boundaries {
            for lower in [boundary - 1, boundary, boundary + 1] where lower >= 0 && lower < expected.count {
                let upper = min(expected.count, lower + 1 + Int(random.next(below: 4_000)))
                #expect(bytes.bytes(in: lower..<upper) == Array(expected[lower..<upper]), "bytes \(lower)..<\(upper)")
                #expect(bytes.bytes(in: 0..<lower) == Array(expected[0..<lower]), "bytes 0..<\(lower)")
            }
        }
    }
}
