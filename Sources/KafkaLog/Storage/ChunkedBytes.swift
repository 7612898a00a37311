/// The bytes of a simulated file. Appending never moves what is already there: a growing
/// `[UInt8]` copies the whole file each time its capacity doubles and touches twice the memory;
/// on simulated storage that was half of a broker's append cost (`Docs/PERFORMANCE.md`, real
/// clients).
///
/// Two shapes:
/// - a small file (at most `smallBytes`: indexes, checkpoints, quiet segments) keeps its bytes in
///   one growing array, so it costs no more memory than it holds;
/// - a file that outgrows it moves into chunks of `chunkBytes` from `ChunkMemory` (populated in
///   one call rather than faulted in page by page). Every chunk but the last is full, so byte `i`
///   lives in chunk `i / chunkBytes`. A file keeps its chunks until it is truncated to nothing or
///   freed, even when truncated below `smallBytes`.
///
/// Not copyable: the chunks belong to exactly one file and are unmapped when it goes.
struct ChunkedBytes: ~Copyable {
    static let chunkBytes = 2 << 20
    /// The most bytes kept in the growing array before the file moves into chunks.
    static let smallBytes = 64 << 10

    private static let chunkShift = chunkBytes.trailingZeroBitCount
    private static let chunkMask = chunkBytes - 1

    /// The bytes while `chunks` is empty.
    private var small: [UInt8] = []
    private var chunks: [UnsafeMutableRawPointer] = []
    private(set) var count = 0

    init() {}

    init(_ bytes: [UInt8]) {
        append(contentsOf: bytes)
    }

    deinit {
        for chunk in chunks { ChunkMemory.deallocate(chunk, byteCount: Self.chunkBytes) }
    }

    /// Whether the bytes live in chunks (for tests).
    var isChunked: Bool { !chunks.isEmpty }

    /// How many chunks the file holds (for tests).
    var chunkCount: Int { chunks.count }

    mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        if chunks.isEmpty {
            if count + bytes.count <= Self.smallBytes {
                small.append(contentsOf: bytes)
                count += bytes.count
                return
            }
            moveIntoChunks()
        }
        var offset = 0
        while offset < bytes.count {
            let start = count & Self.chunkMask
            if start == 0 && count >> Self.chunkShift == chunks.count {
                chunks.append(ChunkMemory.allocate(byteCount: Self.chunkBytes))
            }
            let taken = min(Self.chunkBytes - start, bytes.count - offset)
            (chunks[count >> Self.chunkShift] + start).copyMemory(from: source + offset, byteCount: taken)
            offset += taken
            count += taken
        }
    }

    /// Copies the small array into the first chunk.
    private mutating func moveIntoChunks() {
        let first = ChunkMemory.allocate(byteCount: Self.chunkBytes)
        small.withUnsafeBytes { if let base = $0.baseAddress { first.copyMemory(from: base, byteCount: $0.count) } }
        small = []
        chunks = [first]
    }

    /// Drops the last `removed` bytes.
    mutating func removeLast(_ removed: Int) {
        precondition(removed >= 0 && removed <= count, "remove \(removed) of \(count) bytes")
        let kept = count - removed
        count = kept
        if chunks.isEmpty {
            small.removeLast(removed)
            return
        }
        let chunksKept = (kept + Self.chunkMask) >> Self.chunkShift
        for chunk in chunks[chunksKept...] { ChunkMemory.deallocate(chunk, byteCount: Self.chunkBytes) }
        chunks.removeLast(chunks.count - chunksKept)
    }

    /// Copies the bytes from `position` on into `target`, as many as fit; how many.
    func copyBytes(from position: Int, into target: UnsafeMutableRawBufferPointer) -> Int {
        let end = min(position + target.count, count)
        guard position < end, let destination = target.baseAddress else { return 0 }
        if chunks.isEmpty {
            small.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(start: destination, count: end - position)
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<end]))
            }
            return end - position
        }
        var offset = position
        while offset < end {
            let start = offset & Self.chunkMask
            let taken = min(Self.chunkBytes - start, end - offset)
            (destination + (offset - position)).copyMemory(
                from: chunks[offset >> Self.chunkShift] + start, byteCount: taken)
            offset += taken
        }
        return end - position
    }

    /// The bytes in `range`, which must lie within `0..<count`.
    ///
    /// Built by reserving and appending, not with `Array(unsafeUninitializedCapacity:)`: that
    /// initializer is not specialized in this toolchain's standard library and looked the
    /// array's type metadata up in the runtime's hash table on every call (an eighth of a log
    /// read in `flightdeck bench sim`).
    func bytes(in range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "bytes \(range) of \(count)")
        guard !range.isEmpty else { return [] }
        var result: [UInt8] = []
        result.reserveCapacity(range.count)
        if chunks.isEmpty {
            small.withUnsafeBytes { result.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[range])) }
            return result
        }
        var offset = range.lowerBound
        while offset < range.upperBound {
            let start = offset & Self.chunkMask
            let taken = min(Self.chunkBytes - start, range.upperBound - offset)
            result.append(
                contentsOf: UnsafeRawBufferPointer(start: chunks[offset >> Self.chunkShift] + start, count: taken))
            offset += taken
        }
        return result
    }

    /// All the bytes, in one array.
    var array: [UInt8] { bytes(in: 0..<count) }
}
