/// A point in virtual time: microseconds since the simulated world started.
///
/// Engines never read a clock; every operation that needs the time is handed an `Instant`.
/// Microseconds are fine enough for loopback latencies and give ±292,000 years of range.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let microseconds: Int64

    @inlinable
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The start of the world.
    @inlinable public static var zero: Instant { Instant(microseconds: 0) }

    /// Kafka timestamps are milliseconds; this is the instant's millisecond (rounded down).
    public var milliseconds: Int64 { microseconds.dividedRoundingDown(by: 1000) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.microseconds < rhs.microseconds }

    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        Instant(microseconds: lhs.microseconds + rhs.microseconds)
    }

    public static func - (lhs: Instant, rhs: Duration) -> Instant {
        Instant(microseconds: lhs.microseconds - rhs.microseconds)
    }

    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        Duration(microseconds: lhs.microseconds - rhs.microseconds)
    }

    /// `12.345s`: seconds since the start of the world, to the millisecond.
    public var description: String { Duration(microseconds: microseconds).description }
}

/// A span of virtual time in microseconds. Kafka configs in `*.ms` convert with `.milliseconds(_:)`.
///
/// This shadows `Swift.Duration` inside the engines on purpose: engines only ever deal in virtual
/// time. Code that needs the standard library's type writes `Swift.Duration`.
public struct Duration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let microseconds: Int64

    @inlinable
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    @inlinable public static var zero: Duration { Duration(microseconds: 0) }

    public static func microseconds(_ value: Int64) -> Duration { Duration(microseconds: value) }
    public static func milliseconds(_ value: Int64) -> Duration { Duration(microseconds: value * 1000) }
    public static func seconds(_ value: Int64) -> Duration { Duration(microseconds: value * 1_000_000) }

    public var milliseconds: Int64 { microseconds.dividedRoundingDown(by: 1000) }

    public static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.microseconds < rhs.microseconds }
    public static func + (lhs: Duration, rhs: Duration) -> Duration {
        Duration(microseconds: lhs.microseconds + rhs.microseconds)
    }
    public static func - (lhs: Duration, rhs: Duration) -> Duration {
        Duration(microseconds: lhs.microseconds - rhs.microseconds)
    }
    public static func * (lhs: Duration, rhs: Int64) -> Duration {
        Duration(microseconds: lhs.microseconds * rhs)
    }

    /// `1.250s`, `-0.004s`: seconds with millisecond precision, the way the console shows times.
    public var description: String {
        let sign = microseconds < 0 ? "-" : ""
        let totalMilliseconds = abs(microseconds) / 1000
        let fraction = String(totalMilliseconds % 1000)
        let padded = String(repeating: "0", count: 3 - fraction.count) + fraction
        return "\(sign)\(totalMilliseconds / 1000).\(padded)s"
    }
}

extension Int64 {
    /// Floor division, so negative instants round toward the past like Kafka's millisecond clocks.
    func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
