/// Draws the keys of a producer's records from its `KeyDistribution`, using only the generator
/// it is handed, so the same seed gives the same keys on every machine.
///
/// Keys are named `key-1` … `key-N` (for `hot`, the hot key as written, the others `key-1` …).
/// Zipf weights are computed with plain IEEE arithmetic (no libm), so the cumulative table, and
/// with it every draw, is the same everywhere.
public struct KeySampler: Sendable {
    public let distribution: KeyDistribution
    /// For `zipf`: the cumulative share of keys 1…k, ending at 1.
    private let cumulative: [Double]

    /// The most keys a zipf distribution may have (its table holds one `Double` per key).
    public static let zipfKeyLimit = 100_000

    public init(_ distribution: KeyDistribution) {
        self.distribution = distribution
        guard case .zipf(let keys, let exponent) = distribution else {
            cumulative = []
            return
        }
        precondition(keys >= 1 && keys <= Self.zipfKeyLimit, "zipf over 1 to \(Self.zipfKeyLimit) keys, not \(keys)")
        var running = 0.0
        var table: [Double] = []
        table.reserveCapacity(keys)
        for rank in 1...keys {
            running += Self.power(Double(rank), -exponent)
            table.append(running)
        }
        cumulative = table.map { $0 / running }
    }

    /// The key `key-index` (1-based).
    public static func name(ofKey index: Int) -> String { "key-\(index)" }

    /// The next record's key, nil for `none`.
    public func nextKey(using random: inout some RandomNumberGenerator) -> String? {
        switch distribution {
        case .none:
            return nil
        case .uniform(let keys):
            return Self.name(ofKey: Int(random.next(upperBound: UInt64(max(1, keys)))) + 1)
        case .zipf:
            let draw = Self.unitInterval(&random)
            // The first rank whose cumulative share exceeds the draw.
            var low = 0
            var high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > draw { high = middle } else { low = middle + 1 }
            }
            return Self.name(ofKey: low + 1)
        case .hot(let key, let share, let others):
            if Self.unitInterval(&random) < share { return key }
            return Self.name(ofKey: Int(random.next(upperBound: UInt64(max(1, others)))) + 1)
        }
    }

    /// A uniform draw from [0, 1) with 53 random bits.
    static func unitInterval(_ random: inout some RandomNumberGenerator) -> Double {
        Double(random.next() >> 11) * 0x1p-53
    }

    /// `base` to the power `exponent` for `base >= 1`, as exp(exponent · ln base).
    static func power(_ base: Double, _ exponent: Double) -> Double {
        exponential(exponent * naturalLogarithm(base))
    }

    /// ln x for x > 0: x = m · 2^e with m in [1, 2), ln m = 2 atanh((m - 1) / (m + 1)).
    static func naturalLogarithm(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "the logarithm needs a positive finite number, not \(x)")
        let exponent = Double(x.exponent)
        let mantissa = x.significand
        let z = (mantissa - 1) / (mantissa + 1)
        let zSquared = z * z
        var term = z
        var sum = 0.0
        var denominator = 1.0
        // z ≤ 1/3, so 30 odd powers are far below a Double's precision.
        for _ in 0..<30 {
            sum += term / denominator
            term *= zSquared
            denominator += 2
        }
        return exponent * ln2 + 2 * sum
    }

    /// e^y: y = n · ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor series, times 2^n.
    static func exponential(_ y: Double) -> Double {
        guard y > -700 else { return 0 }
        guard y < 700 else { return .infinity }
        let n = (y / ln2).rounded()
        let r = y - n * ln2
        var term = 1.0
        var sum = 1.0
        for index in 1...25 {
            term *= r / Double(index)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(n), significand: sum)
    }

    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458
}
