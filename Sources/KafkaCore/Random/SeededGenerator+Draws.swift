/// Draws with fixed, documented algorithms.
///
/// The standard library's `random(in:using:)` is deterministic for a given generator, but its
/// algorithm is not part of any contract and could change between Swift releases, which would
/// silently change every pinned run. The world draws through these instead.
extension SeededGenerator {
    /// A number in `0..<bound` by multiply-high (Lemire without the rejection step; the bias is
    /// below 2⁻³² for the bounds a simulation uses).
    @inlinable
    public mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "a draw below 0 has no values (bound \(bound))")
        return next().multipliedFullWidth(by: bound).high
    }

    /// True with probability `probability`, from the top 53 bits of one draw.
    public mutating func chance(_ probability: Double) -> Bool {
        precondition(
            probability >= 0 && probability <= 1, "a probability lies in 0...1, got \(probability)")
        return Double(next() >> 11) * 0x1p-53 < probability
    }
}
