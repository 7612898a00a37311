import KafkaCore

/// A request a client state machine wants sent: the host delivers `request` to `broker` and
/// hands the answer back with the same `id` (`ClientStateMachine.handle`).
public struct ClientCall: Hashable, Sendable {
    public let broker: BrokerID
    /// Unique per client for its lifetime; answers are matched by it.
    public let id: UInt64
    public let request: ClientRequest

    public init(broker: BrokerID, id: UInt64, request: ClientRequest) {
        self.broker = broker
        self.id = id
        self.request = request
    }
}
