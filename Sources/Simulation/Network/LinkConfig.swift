import KafkaCore

/// How one direction of the network behaves: delay, variation, loss and capacity.
///
/// A message sent at `now` departs when the link has finished serializing the messages before
/// it (only with a bandwidth cap), arrives `latency + extraDelay + uniform(0...jitter)` later,
/// and never before an earlier message on the same link (see `SimulatedNetwork`).
public struct LinkConfig: Hashable, Sendable, CustomStringConvertible {
    /// One-way propagation delay.
    public var latency: Duration
    /// The most a message's delay varies above `latency`; drawn uniformly per message.
    public var jitter: Duration
    /// The probability that a message is lost, in `0...1`.
    public var dropRate: Double
    /// A fault's added delay ("slow network"), on top of `latency`.
    public var extraDelay: Duration
    /// The link's capacity; nil for unlimited. A capped link serializes messages one after
    /// another, so a burst queues up behind itself.
    public var bandwidthBytesPerSecond: Int?

    public init(
        latency: Duration, jitter: Duration = .zero, dropRate: Double = 0, extraDelay: Duration = .zero,
        bandwidthBytesPerSecond: Int? = nil
    ) {
        self.latency = latency
        self.jitter = jitter
        self.dropRate = dropRate
        self.extraDelay = extraDelay
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
    }

    /// A quiet data-centre network: 250 µs one way, up to 100 µs of jitter, no loss, no cap.
    public static let datacenter = LinkConfig(latency: .microseconds(250), jitter: .microseconds(100))

    /// Instant, lossless and unlimited: for tests that want to reason about exact instants.
    public static let ideal = LinkConfig(latency: .zero)

    /// Asserts that every field is in range; the network calls it whenever a config is applied.
    public func checkInvariants() {
        precondition(latency >= .zero, "link latency must not be negative: \(latency)")
        precondition(jitter >= .zero, "link jitter must not be negative: \(jitter)")
        precondition(extraDelay >= .zero, "link extra delay must not be negative: \(extraDelay)")
        precondition(dropRate >= 0 && dropRate <= 1, "link drop rate must lie in 0...1: \(dropRate)")
        if let bandwidthBytesPerSecond {
            precondition(bandwidthBytesPerSecond > 0, "link bandwidth must be positive: \(bandwidthBytesPerSecond)")
        }
    }

    public var description: String {
        var parts = ["latency \(latency)"]
        if jitter > .zero { parts.append("jitter \(jitter)") }
        if dropRate > 0 { parts.append("drop \(dropRate)") }
        if extraDelay > .zero { parts.append("extra \(extraDelay)") }
        if let bandwidthBytesPerSecond { parts.append("\(bandwidthBytesPerSecond) B/s") }
        return parts.joined(separator: ", ")
    }
}

extension LinkConfig: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        digest.combine(latency)
        digest.combine(jitter)
        digest.combine(dropRate)
        digest.combine(extraDelay)
        digest.combine(bandwidthBytesPerSecond)
    }
}
