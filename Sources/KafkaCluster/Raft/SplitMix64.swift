/// A small seeded generator for an engine's own draws (election timeout jitter, backoff).
///
/// Engines cannot reach the simulation's `SeededGenerator`, so whoever builds a node passes a
/// seed (typically drawn from one of the world's named streams); the same seed gives the same
/// draws in every process. SplitMix64 (Steele, Lea and Flood) is tiny and good enough for timers.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
