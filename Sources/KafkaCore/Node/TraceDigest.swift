/// A running 64-bit digest of a canonical encoding: the fingerprint of a simulation run.
///
/// Values are folded in as a sequence of 64-bit words with xxHash64's per-lane round, and
/// `value` applies xxHash64's avalanche, so the digest depends on every word and on their order.
/// It never uses `Hasher` or `hashValue` (Swift seeds those per process): the same words give
/// the same digest in every process, on every machine, in every release.
///
/// Encoding conventions (see `TraceDigestible`): integers are one word each (sign-extended),
/// strings and byte runs are their length followed by their bytes packed little-endian eight to
/// a word, optionals a presence word then the value, arrays their count then their elements.
public struct TraceDigest: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline var state: UInt64
    @usableFromInline var words: UInt64
    /// How many words have been folded in.
    public var wordCount: UInt64 { words }

    public init() {
        state = Self.prime5
        words = 0
    }

    /// The digest of everything folded in so far.
    public var value: UInt64 {
        var h = state ^ (words &* 8)
        h ^= h >> 33
        h = h &* Self.prime2
        h ^= h >> 29
        h = h &* Self.prime3
        h ^= h >> 32
        return h
    }

    /// Folds in one 64-bit word. Inlinable: every event folds in dozens of words, and a call per
    /// word across the module boundary cost more than the round itself.
    @inlinable @inline(__always)
    public mutating func combine(_ word: UInt64) {
        let lane = Self.rotateLeft(word &* Self.prime2, 31) &* Self.prime1
        state ^= lane
        state = Self.rotateLeft(state, 27) &* Self.prime1 &+ Self.prime4
        words &+= 1
    }

    /// Folds in a value by its canonical encoding.
    @inlinable
    public mutating func combine<Value: TraceDigestible>(_ value: Value) {
        value.digest(into: &self)
    }

    /// Folds in a run of bytes: its length, then the bytes packed little-endian into words.
    public mutating func combine<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ combine(bytes: UnsafeRawBufferPointer($0)) }) != nil { return }
        combine(UInt64(bytes.count))
        var word: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            word |= UInt64(byte) << shift
            shift += 8
            if shift == 64 {
                combine(word)
                word = 0
                shift = 0
            }
        }
        if shift > 0 { combine(word) }
    }

    /// `combine(bytes:)` over contiguous memory: the same words, loaded eight bytes at a time. The
    /// last word's one to seven bytes are loaded four, two and one at a time (at most three loads,
    /// no loop): most runs folded in are topic names shorter than a word, and a byte-by-byte tail
    /// cost more than everything else here. Positions wrap instead of overflow-checking: they
    /// never pass `count`.
    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        combine(UInt64(count))
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset &+ 8 <= count {
            combine(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset &+= 8
        }
        let tail = count &- offset
        guard tail > 0 else { return }
        var word: UInt64 = 0
        var shift: UInt64 = 0
        if tail & 4 != 0 {
            word = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            offset &+= 4
            shift = 32
        }
        if tail & 2 != 0 {
            let pair = UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
            word |= UInt64(pair) << shift
            offset &+= 2
            shift &+= 16
        }
        if tail & 1 != 0 {
            word |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) << shift
        }
        combine(word)
    }

    /// Sixteen lowercase hex digits.
    public var description: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func == (lhs: TraceDigest, rhs: TraceDigest) -> Bool { lhs.value == rhs.value }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    @inlinable static var prime1: UInt64 { 0x9E37_79B1_85EB_CA87 }
    @inlinable static var prime2: UInt64 { 0xC2B2_AE3D_27D4_EB4F }
    @inlinable static var prime3: UInt64 { 0x1656_67B1_9E37_79F9 }
    @inlinable static var prime4: UInt64 { 0x85EB_CA77_C2B2_AE63 }
    @inlinable static var prime5: UInt64 { 0x27D4_EB2F_1656_67C5 }

    @inlinable @inline(__always)
    static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
