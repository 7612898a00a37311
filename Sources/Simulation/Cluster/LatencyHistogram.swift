import KafkaCore

/// Latencies in microseconds, counted in a fixed set of log-linear buckets (HdrHistogram's
/// layout with 5 significant bits): exact below 64 µs, then 32 buckets per power of two, so any
/// quantile is within about 3 % of the true value. Memory is fixed (`bucketCount` counters)
/// however many samples arrive.
public struct LatencyHistogram: Hashable, Sendable {
    /// Values below this land in a bucket of their own.
    static let exactLimit: Int64 = 64
    static let subBucketsPerOctave = 32
    /// Enough octaves for any non-negative `Int64`.
    static let bucketCount = Int(exactLimit) + (63 - 6) * subBucketsPerOctave

    private var counts = [Int](repeating: 0, count: bucketCount)
    /// Samples recorded.
    public private(set) var count = 0
    /// The smallest and largest samples, exactly; zero while empty.
    public private(set) var minimumMicroseconds: Int64 = 0
    public private(set) var maximumMicroseconds: Int64 = 0

    public init() {}

    /// Counts one latency (negative values count as zero).
    public mutating func record(_ latency: Duration) {
        let value = max(0, latency.microseconds)
        counts[Self.bucket(of: value)] += 1
        minimumMicroseconds = count == 0 ? value : min(minimumMicroseconds, value)
        maximumMicroseconds = count == 0 ? value : max(maximumMicroseconds, value)
        count += 1
    }

    /// The latency at `quantile` (in `0...1`): the lowest value of the bucket holding that rank,
    /// clamped to the exact minimum and maximum; zero while empty.
    public func value(atQuantile quantile: Double) -> Duration {
        precondition(quantile >= 0 && quantile <= 1, "a quantile lies in 0...1, not \(quantile)")
        guard count > 0 else { return .zero }
        let rank = max(1, Int((quantile * Double(count)).rounded(.up)))
        var seen = 0
        for (bucket, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen += bucketCount
            if seen >= rank {
                let lowest = Self.lowestValue(ofBucket: bucket)
                return .microseconds(min(max(lowest, minimumMicroseconds), maximumMicroseconds))
            }
        }
        return .microseconds(maximumMicroseconds)
    }

    /// The bucket a value falls in.
    static func bucket(of value: Int64) -> Int {
        guard value >= exactLimit else { return Int(value) }
        let highestBit = 63 - value.leadingZeroBitCount
        let shift = highestBit - 5
        let subBucket = Int(value >> Int64(shift)) - subBucketsPerOctave
        return Int(exactLimit) + (highestBit - 6) * subBucketsPerOctave + subBucket
    }

    /// The smallest value that falls in `bucket`.
    static func lowestValue(ofBucket bucket: Int) -> Int64 {
        guard bucket >= Int(exactLimit) else { return Int64(bucket) }
        let octave = (bucket - Int(exactLimit)) / subBucketsPerOctave
        let subBucket = (bucket - Int(exactLimit)) % subBucketsPerOctave
        return Int64(subBucketsPerOctave + subBucket) << Int64(octave + 1)
    }
}
