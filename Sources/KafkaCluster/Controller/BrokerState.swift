/// A registered broker's state as the metadata log records it.
public enum BrokerState: Hashable, Sendable {
    /// Registered but may not lead or join an ISR: new, caught behind, or timed out.
    case fenced
    /// Alive and caught up: may lead partitions and be in ISRs.
    case unfenced
    /// Shutting down on request; its leaderships are being moved away (KIP-631).
    case controlledShutdown
}
