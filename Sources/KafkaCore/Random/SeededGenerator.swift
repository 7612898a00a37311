/// The only source of randomness in Flightdeck: xoshiro256** seeded through SplitMix64.
///
/// It lives in KafkaCore so that engines (election jitter, a producer's sticky partition) and
/// the simulated world draw from the same kind of generator; whoever creates a node passes it a
/// seed taken from one of the world's named streams.
///
/// Every run prints its seed first; the same seed gives the same sequence on every machine and
/// in every process (no hashing, no system entropy). Concerns that must not disturb each other
/// (the network's drops, a workload's keys, the fault injector) each take their own `stream`,
/// so adding a draw in one never shifts the numbers another sees.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)

    /// The seed this generator (or the root it was split from) started with.
    public let seed: UInt64

    public init(seed: UInt64) {
        self.init(seed: seed, salt: 0)
    }

    private init(seed: UInt64, salt: UInt64) {
        self.seed = seed
        var mixer = seed ^ (salt &* 0x9E37_79B9_7F4A_7C15)
        state = (
            Self.splitMix(&mixer), Self.splitMix(&mixer), Self.splitMix(&mixer), Self.splitMix(&mixer)
        )
    }

    /// An independent generator for one concern, derived from the seed and the concern's name.
    /// The name is hashed with FNV-1a (not `Hasher`, which Swift seeds per process).
    public func stream(_ name: String) -> SeededGenerator {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return SeededGenerator(seed: seed, salt: hash | 1)
    }

    /// Inlinable, as are the draws built on it: a workload draws a key per record, and across
    /// the module boundary the call (and an uninlined rotate) cost more than the arithmetic.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotateLeft(state.3, 45)
        return result
    }

    /// A rotate: masking shifts, which compile to one instruction (the checked `<<` and `>>`
    /// handle over-wide shifts with branches).
    @inlinable @inline(__always)
    static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x &<< k) | (x &>> (64 &- k)) }

    private static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
