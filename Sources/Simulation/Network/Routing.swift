import KafkaCore

/// The network's verdict on a message at send time.
public enum Routing: Hashable, Sendable {
    /// The message will arrive at this instant.
    case arrives(at: Instant)
    /// The message is gone.
    case dropped(DropReason)
}
