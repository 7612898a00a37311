/// The bytes of a simulated file: a list of extents, arrays laid end to end. Appending never
/// moves what is already there (a growing `[UInt8]` copies the whole file each time its capacity
/// doubles), and an appended array is kept by reference instead of being copied.
///
/// Why by reference: in a simulated cluster the same batch is stored by the leader and every
/// follower and read by every consumer group. The leader's stamped batch becomes one extent; a
/// caught-up follower's fetch reads exactly that extent and gets the array itself (no copy), its
/// scanner shares it as the one fetched batch, and its append keeps the same array again. One
/// buffer per produced batch then serves every replica and reader, where copying into chunks of
/// file memory took about five copies and populated a page for every replica's byte.
///
/// Measured on the bench scenario (`flightdeck run`, 60 s at 10,000 records/s): peak memory
/// 302 → 155 MB; CPU a few percent less at best, because the saved copies and page population
/// are partly spent again in `malloc` working around the many long-lived per-batch arrays, and
/// a read of many batches (a consumer catching up) still copies them into one array.
///
/// Two kinds of extent:
/// - *shared*: an array appended whole with `append(_:overwritingPrefixWith:)` (at least
///   `minSharedBytes`, not wasting more than half its capacity), kept as given and never changed;
/// - *open*: the last extent, while it gathers appended bytes that were copied in (raw appends,
///   short or wasteful arrays, a prefix cut off by a truncation), up to `openExtentBytes`.
///
/// Arrays are values, so sharing cannot leak a later change into bytes already read: appending
/// to an open extent that a reader still holds copies it first (copy-on-write), and a truncation
/// inside an extent keeps a copy of its front, never the whole array for a few of its bytes.
struct ExtentBytes {
    /// The most bytes an open extent gathers before a new one starts (bounds the copy-on-write
    /// of an open extent a reader still holds).
    static let openExtentBytes = 64 << 10
    /// Arrays shorter than this are copied into the open extent rather than kept (index entries,
    /// small writes): an extent costs about 64 bytes of bookkeeping.
    static let minSharedBytes = 64

    /// The position kept beside the array so that finding an extent never touches its buffer.
    /// An extent ends where the next one starts (the last one at `count`): 16 bytes an extent,
    /// one per stored batch on every replica.
    private struct Extent {
        /// The position of the extent's first byte.
        let start: Int
        var bytes: [UInt8]
    }

    private var extents: [Extent] = []
    /// Whether the last extent takes copied bytes (it is an array of the file's own).
    private var lastIsOpen = false
    private(set) var count = 0

    init() {}

    init(_ bytes: [UInt8]) {
        append(sharing: bytes)
    }

    /// How many extents hold the bytes (for tests).
    var extentCount: Int { extents.count }

    /// Appends a copy of `bytes`.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if lastIsOpen, let last = extents.indices.last,
            count - extents[last].start + bytes.count <= Self.openExtentBytes
        {
            extents[last].bytes.append(contentsOf: bytes)
        } else {
            extents.append(Extent(start: count, bytes: Array(bytes)))
            lastIsOpen = true
        }
        count += bytes.count
    }

    /// Appends `bytes` with its first `prefix.count` bytes replaced by `prefix`: the array itself
    /// when it is worth keeping (no prefix, at least `minSharedBytes`, at most half its capacity
    /// unused), else one copy with the prefix written into it, kept as an extent of its own.
    mutating func append(_ bytes: [UInt8], overwritingPrefixWith prefix: UnsafeRawBufferPointer) {
        precondition(prefix.count <= bytes.count, "prefix of \(prefix.count) bytes over \(bytes.count)")
        guard bytes.count >= Self.minSharedBytes else {
            append(prefix)
            bytes.withUnsafeBytes { append(UnsafeRawBufferPointer(rebasing: $0[prefix.count...])) }
            return
        }
        var kept = bytes
        if !prefix.isEmpty {
            // Copy-on-write makes the one copy here, of exactly `count` bytes' capacity.
            kept.withUnsafeMutableBytes { $0.copyMemory(from: prefix) }
        } else if bytes.capacity - bytes.count > bytes.count / 2 {
            kept = bytes.withUnsafeBytes { Array($0) }
        }
        extents.append(Extent(start: count, bytes: kept))
        count += kept.count
        lastIsOpen = false
    }

    /// Appends `bytes`, kept as it is when worth it (see `append(_:overwritingPrefixWith:)`).
    mutating func append(sharing bytes: [UInt8]) {
        append(bytes, overwritingPrefixWith: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Drops the last `removed` bytes. An extent cut in the middle is replaced by a copy of the
    /// bytes it keeps, which becomes the open extent.
    mutating func removeLast(_ removed: Int) {
        precondition(removed >= 0 && removed <= count, "remove \(removed) of \(count) bytes")
        guard removed > 0 else { return }
        count -= removed
        while let last = extents.last, last.start >= count {
            extents.removeLast()
            lastIsOpen = false
        }
        guard let last = extents.indices.last, extents[last].start + extents[last].bytes.count > count else { return }
        let start = extents[last].start
        extents[last] = Extent(start: start, bytes: Array(extents[last].bytes[0..<(count - start)]))
        lastIsOpen = true
    }

    /// Copies the bytes from `position` on into `target`, as many as fit; how many.
    func copyBytes(from position: Int, into target: UnsafeMutableRawBufferPointer) -> Int {
        let end = min(position + target.count, count)
        guard position < end, let destination = target.baseAddress else { return 0 }
        var copied = 0
        forEachPiece(of: position..<end) { piece in
            UnsafeMutableRawBufferPointer(start: destination + copied, count: piece.count).copyMemory(from: piece)
            copied += piece.count
        }
        return copied
    }

    /// The bytes in `range`, which must lie within `0..<count`: the extent's array itself when
    /// `range` is exactly one extent (a follower or consumer reading what one append wrote),
    /// else a copy.
    ///
    /// A copy is one uninitialized array of the range's size that each extent's piece is copied
    /// into (`copyBytes`), not an `append(contentsOf:)` per piece: a consumer catching up reads a
    /// hundred batches at once, and each append's capacity and uniqueness checks cost more than
    /// copying its bytes. (`Array(unsafeUninitializedCapacity:)` is not specialized in this
    /// toolchain's standard library and looks the array's type metadata up in the runtime on
    /// every call: fine for the few reads that copy, which is why single-extent reads return
    /// before it. Nor a zeroed array: its `memset` counted more instructions than the copies.)
    func bytes(in range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "bytes \(range) of \(count)")
        guard !range.isEmpty else { return [] }
        let index = extentIndex(containing: range.lowerBound)
        if extents[index].start == range.lowerBound && end(of: index) == range.upperBound {
            return extents[index].bytes
        }
        let result = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            initialized = copyBytes(from: range.lowerBound, into: UnsafeMutableRawBufferPointer(buffer))
        }
        precondition(result.count == range.count, "copied \(result.count) of the \(range.count) bytes of \(range)")
        return result
    }

    /// Lends `body` the bytes of `range` (non-empty, within `0..<count`) extent by extent, in
    /// order. The arrays are borrowed in place, never copied out of `extents`: each copy was a
    /// retain and release, an atomic write to the header of an array that a read of old batches
    /// finds cold in the cache.
    private func forEachPiece(of range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> Void) {
        let first = extentIndex(containing: range.lowerBound)
        extents.withUnsafeBufferPointer { extents in
            var index = first
            var offset = range.lowerBound
            while offset < range.upperBound {
                let start = extents[index].start
                let end = min(index + 1 < extents.count ? extents[index + 1].start : count, range.upperBound)
                extents[index].bytes.withUnsafeBytes {
                    body(UnsafeRawBufferPointer(rebasing: $0[(offset - start)..<(end - start)]))
                }
                offset = end
                index += 1
            }
        }
    }

    /// All the bytes, in one array.
    var array: [UInt8] { bytes(in: 0..<count) }

    /// The index of the extent holding byte `position` (< `count`): the last one when it does
    /// (reads mostly come from the end of a file), else by binary search.
    private func extentIndex(containing position: Int) -> Int {
        let last = extents.count - 1
        if extents[last].start <= position { return last }
        var low = 0
        var high = last
        while low < high {
            let middle = (low + high) / 2
            // `middle` < `last`: the extent after it exists, and starts where `middle` ends.
            if extents[middle + 1].start > position { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The position after extent `index`'s last byte: where the next one starts, or the end.
    private func end(of index: Int) -> Int {
        index + 1 < extents.count ? extents[index + 1].start : count
    }
}
