import KafkaCore

/// An event taken from the `EventQueue`: a payload due at an instant, with its insertion sequence.
public struct ScheduledEvent<Payload> {
    public let instant: Instant
    /// Assigned at insertion, strictly increasing: it breaks ties between events due at the same
    /// instant, first scheduled first.
    public let sequence: UInt64
    public let payload: Payload
}

extension ScheduledEvent: Sendable where Payload: Sendable {}
