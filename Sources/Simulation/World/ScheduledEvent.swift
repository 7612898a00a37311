import KafkaCore

/// An entry of the `EventQueue`: a payload due at an instant, with its insertion sequence.
public struct ScheduledEvent<Payload> {
    public let instant: Instant
    /// Assigned at insertion, strictly increasing: it breaks ties between events due at the same
    /// instant, first scheduled first.
    public let sequence: UInt64
    public let payload: Payload

    /// Whether this event is due before `other`: earlier instant, then lower sequence.
    @inline(__always)
    func precedes(_ other: ScheduledEvent) -> Bool {
        instant.microseconds < other.instant.microseconds
            || (instant.microseconds == other.instant.microseconds && sequence < other.sequence)
    }
}

extension ScheduledEvent: Sendable where Payload: Sendable {}
