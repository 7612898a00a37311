import KafkaCore

/// The world's notion of now: moved only by the event loop, and only forwards.
public struct VirtualClock: Sendable {
    public private(set) var now: Instant

    public init(now: Instant = .zero) {
        self.now = now
    }

    /// Moves the clock to `instant`, which must not lie in the past.
    public mutating func advance(to instant: Instant) {
        precondition(instant >= now, "virtual time runs forwards only: now \(now), asked for \(instant)")
        now = instant
    }
}
