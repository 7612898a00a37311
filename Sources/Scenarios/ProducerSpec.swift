import KafkaCore

/// `producer NAME topic T rate 200/s [SHAPE] [keys …] [value SIZE] [acks …] [idempotence on|off]
/// [start T]`: an application that writes to one topic at a rate that may change over time.
public struct ProducerSpec: Sendable, Hashable {
    public var name: String
    public var topic: String
    /// `rate N/s`: records per second before the shape applies.
    public var recordsPerSecond: Double
    public var shape: RateShape
    public var keys: KeyDistribution
    /// `value SIZE`: bytes per record value (default 100).
    public var valueBytes: Int
    /// `acks all|1|0` (default `all`).
    public var acks: Acks
    /// `idempotence on|off`; nil keeps Kafka's default (on unless the other settings conflict,
    /// as with `acks` 0 or 1).
    public var idempotence: Bool?
    /// `start T`: when the producer starts sending (default at once, once the topics exist).
    public var start: Duration
    /// The 1-based line of the declaration.
    public var line: Int

    public init(
        name: String, topic: String, recordsPerSecond: Double, shape: RateShape = .steady,
        keys: KeyDistribution = .uniform(keys: 1000), valueBytes: Int = 100, acks: Acks = .all,
        idempotence: Bool? = nil, start: Duration = .zero, line: Int = 0
    ) {
        self.name = name
        self.topic = topic
        self.recordsPerSecond = recordsPerSecond
        self.shape = shape
        self.keys = keys
        self.valueBytes = valueBytes
        self.acks = acks
        self.idempotence = idempotence
        self.start = start
        self.line = line
    }

    /// The rate at `elapsed` since the producer started, in records per second (never negative).
    public func recordsPerSecond(at elapsed: Duration) -> Double {
        max(0, recordsPerSecond * shape.factor(at: elapsed, baseRate: recordsPerSecond))
    }
}

/// How a producer's rate changes over time, as a factor of its base rate.
public enum RateShape: Sendable, Hashable {
    /// The base rate, always (the default).
    case steady
    /// `wave 60s 30%`: a sine wave with this period, between `1 - amplitude` and `1 + amplitude`
    /// times the base rate.
    case wave(period: Duration, amplitude: Double)
    /// `ramp 800/s over 2m`: from the base rate linearly to `recordsPerSecond` over `over`, then
    /// stays there.
    case ramp(recordsPerSecond: Double, over: Duration)
    /// `burst 5x every 30s for 5s`: `factor` times the base rate for `lasting` at the start of
    /// every period of `every`, the base rate in between.
    case burst(factor: Double, every: Duration, lasting: Duration)

    /// The multiplier at `elapsed` since the producer started.
    public func factor(at elapsed: Duration, baseRate: Double) -> Double {
        let elapsedMicroseconds = max(0, elapsed.microseconds)
        switch self {
        case .steady:
            return 1
        case .wave(let period, let amplitude):
            guard period.microseconds > 0 else { return 1 }
            let phase = Double(elapsedMicroseconds % period.microseconds) / Double(period.microseconds)
            return 1 + amplitude * Self.sine(phase)
        case .ramp(let target, let over):
            guard baseRate > 0 else { return 1 }
            let progress = over.microseconds > 0 ? min(1, Double(elapsedMicroseconds) / Double(over.microseconds)) : 1
            return (baseRate + (target - baseRate) * progress) / baseRate
        case .burst(let factor, let every, let lasting):
            guard every.microseconds > 0 else { return 1 }
            return elapsedMicroseconds % every.microseconds < lasting.microseconds ? factor : 1
        }
    }

    /// sin(2π·phase) for phase in 0..<1, by a Bhaskara-style approximation: no Foundation, and the
    /// same bits on every machine (a workload's shape must not depend on libm).
    static func sine(_ phase: Double) -> Double {
        let half = phase < 0.5
        let x = (half ? phase : phase - 0.5) * 360  // degrees in 0..<180
        let value = 4 * x * (180 - x) / (40_500 - x * (180 - x))
        return half ? value : -value
    }
}

/// Which keys a producer's records carry (they decide the partition, as Kafka's default
/// partitioner hashes the key).
public enum KeyDistribution: Sendable, Hashable {
    /// `keys none`: no key; records spread over the partitions (sticky batches, as Kafka does).
    case none
    /// `keys uniform 1000`: one of `keys` keys, each as likely (the default, with 1000 keys).
    case uniform(keys: Int)
    /// `keys zipf 1000 [exponent 1.2]`: key k (1-based) drawn with probability ∝ 1/k^exponent
    /// (default exponent 1).
    case zipf(keys: Int, exponent: Double)
    /// `keys hot KEY 80% [others 1000]`: `share` of the records carry `key`, the rest one of
    /// `otherKeys` keys uniformly (default 1000): the hot key skews one partition.
    case hot(key: String, share: Double, otherKeys: Int)
}

/// How many replicas must have a record before the producer hears success (`acks`).
public enum Acks: Sendable, Hashable, CaseIterable {
    /// `acks 0`: fire and forget.
    case none
    /// `acks 1`: the leader has it.
    case leader
    /// `acks all`: every in-sync replica has it (the default).
    case all

    /// Kafka's wire value: 0, 1 or -1.
    public var kafkaValue: Int16 {
        switch self {
        case .none: 0
        case .leader: 1
        case .all: -1
        }
    }

    /// As the language writes it: `0`, `1`, `all`.
    public var keyword: String {
        switch self {
        case .none: "0"
        case .leader: "1"
        case .all: "all"
        }
    }
}
