import Testing

@testable import KafkaLog

/// `ChunkedBytes` through what it promises: the same bytes as one flat array, whatever the
/// shape (small array, then chunks) and wherever appends, reads and truncations fall.
@Suite struct ChunkedBytesTests {
    static let chunk = ChunkedBytes.chunkBytes
    static let small = ChunkedBytes.smallBytes

    static func pattern(_ count: Int, from start: Int = 0) -> [UInt8] {
        (start..<start + count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
    }

    /// Every byte, read back with `copyBytes` in pieces of `piece` bytes.
    static func readBack(_ bytes: borrowing ChunkedBytes, piece: Int) -> [UInt8] {
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

    @Test("a file stays one small array up to smallBytes, then moves into chunks")
    func smallThenChunked() {
        var bytes = ChunkedBytes()
        bytes.append(contentsOf: Self.pattern(Self.small))
        #expect(!bytes.isChunked && bytes.count == Self.small)
        #expect(bytes.array == Self.pattern(Self.small))
        bytes.append(contentsOf: Self.pattern(1, from: Self.small))
        #expect(bytes.isChunked && bytes.chunkCount == 1)
        #expect(bytes.array == Self.pattern(Self.small + 1))
    }

    @Test("appends that end exactly on a chunk boundary, and one larger than a chunk, read back byte for byte")
    func chunkBoundaries() {
        var bytes = ChunkedBytes()
        var written = 0
        for size in [Self.chunk, 1, Self.chunk - 1, 2 * Self.chunk + 3, 5] {
            bytes.append(contentsOf: Self.pattern(size, from: written))
            written += size
            #expect(bytes.count == written)
            #expect(bytes.chunkCount == (written + Self.chunk - 1) / Self.chunk)
        }
        let expected = Self.pattern(written)
        #expect(bytes.array == expected)
        #expect(Self.readBack(bytes, piece: 1_000_003) == expected)
        for (position, length) in [(Self.chunk - 2, 4), (2 * Self.chunk - 1, Self.chunk + 2), (written - 3, 10)] {
            #expect(
                bytes.bytes(in: position..<min(position + length, written))
                    == Array(expected[position..<min(position + length, written)]))
        }
        var past = [UInt8](repeating: 0, count: 4)
        #expect(past.withUnsafeMutableBytes { bytes.copyBytes(from: written, into: $0) } == 0)
    }

    @Test("truncation frees the chunks past the end; to a boundary, below smallBytes, and to nothing")
    func truncation() {
        var bytes = ChunkedBytes(Self.pattern(3 * Self.chunk + 10))
        #expect(bytes.chunkCount == 4)
        bytes.removeLast(10)
        #expect(bytes.chunkCount == 3 && bytes.array == Self.pattern(3 * Self.chunk))
        bytes.append(contentsOf: Self.pattern(7, from: 3 * Self.chunk))
        #expect(bytes.chunkCount == 4 && bytes.array == Self.pattern(3 * Self.chunk + 7))
        bytes.removeLast(bytes.count - 100)
        #expect(bytes.isChunked && bytes.chunkCount == 1 && bytes.array == Self.pattern(100))
        bytes.append(contentsOf: Self.pattern(Self.chunk, from: 100))
        #expect(bytes.array == Self.pattern(Self.chunk + 100))
        bytes.removeLast(bytes.count)
        #expect(!bytes.isChunked && bytes.count == 0 && bytes.array == [])
        bytes.append(contentsOf: Self.pattern(10))
        #expect(!bytes.isChunked && bytes.array == Self.pattern(10))
    }

    @Test("an empty append changes nothing, in either shape")
    func emptyAppend() {
        var bytes = ChunkedBytes()
        bytes.append(contentsOf: [])
        #expect(bytes.count == 0 && !bytes.isChunked)
        bytes.append(contentsOf: Self.pattern(Self.small + 1))
        bytes.append(contentsOf: [])
        #expect(bytes.array == Self.pattern(Self.small + 1))
    }
}
