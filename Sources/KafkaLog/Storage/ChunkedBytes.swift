/// The bytes of a simulated file, kept in chunks of at most `chunkBytes`: appending never moves
/// what is already there. A growing `[UInt8]` copies the whole file each time its capacity
/// doubles and touches twice the memory; on simulated storage that was half of a broker's
/// append cost (`Docs/PERFORMANCE.md`, real clients).
///
/// Every chunk but the last is full, so byte `i` lives in chunk `i / chunkBytes`.
struct ChunkedBytes {
    static let chunkBytes = 1 << 20

    private var chunks: [[UInt8]] = []
    private(set) var count = 0

    init() {}

    init(_ bytes: [UInt8]) {
        append(contentsOf: bytes)
    }

    mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            if chunks.last.map({ $0.count == Self.chunkBytes }) ?? true {
                var chunk: [UInt8] = []
                // The first chunk grows as it needs (most files stay small: indexes, checkpoints);
                // later ones are sure to fill.
                if !chunks.isEmpty { chunk.reserveCapacity(Self.chunkBytes) }
                chunks.append(chunk)
            }
            let last = chunks.count - 1
            let taken = min(Self.chunkBytes - chunks[last].count, bytes.count - offset)
            chunks[last].append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + taken]))
            offset += taken
            count += taken
        }
    }

    /// Drops the last `removed` bytes.
    mutating func removeLast(_ removed: Int) {
        precondition(removed >= 0 && removed <= count, "remove \(removed) of \(count) bytes")
        let kept = count - removed
        let chunksKept = (kept + Self.chunkBytes - 1) / Self.chunkBytes
        chunks.removeLast(chunks.count - chunksKept)
        if let last = chunks.indices.last {
            chunks[last].removeLast(chunks[last].count - (kept - last * Self.chunkBytes))
        }
        count = kept
    }

    /// Copies the bytes from `position` on into `target`, as many as fit; how many.
    func copyBytes(from position: Int, into target: UnsafeMutableRawBufferPointer) -> Int {
        let end = min(position + target.count, count)
        var offset = position
        while offset < end {
            let chunk = offset / Self.chunkBytes
            let start = offset - chunk * Self.chunkBytes
            let taken = min(chunks[chunk].count - start, end - offset)
            chunks[chunk].withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: target[(offset - position)..<(offset - position + taken)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + taken]))
            }
            offset += taken
        }
        return max(0, end - position)
    }

    /// The bytes in `range`, which must lie within `0..<count`.
    func bytes(in range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "bytes \(range) of \(count)")
        guard !range.isEmpty else { return [] }
        return [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            initialized = copyBytes(from: range.lowerBound, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// All the bytes, in one array.
    var array: [UInt8] { bytes(in: 0..<count) }
}
