import KafkaCore

/// The wire listeners real Kafka clients connect to, as the console shows them (`nil` on the
/// snapshot when the listeners are off).
public struct ListenerSnapshot: Hashable, Sendable {
    /// One broker's listener.
    public struct Broker: Hashable, Sendable {
        public var id: BrokerID
        /// The port it listens on; `nil` while it has no listener (down, or its port was taken).
        public var port: Int?
        /// Client connections open on it now.
        public var connections: Int
        /// Frames it could not decode since the start (each closed its connection).
        public var malformedFrames: Int

        public init(id: BrokerID, port: Int?, connections: Int = 0, malformedFrames: Int = 0) {
            self.id = id
            self.port = port
            self.connections = connections
            self.malformedFrames = malformedFrames
        }
    }

    /// `127.0.0.1:9092,127.0.0.1:9093,…` for the brokers listening now; empty when none is.
    public var bootstrapServers: String
    /// By broker id.
    public var brokers: [Broker]

    public init(bootstrapServers: String, brokers: [Broker]) {
        self.bootstrapServers = bootstrapServers
        self.brokers = brokers
    }

    /// Client connections open on all listeners.
    public var connections: Int { brokers.reduce(0) { $0 + $1.connections } }

    /// Malformed frames on all listeners since the start.
    public var malformedFrames: Int { brokers.reduce(0) { $0 + $1.malformedFrames } }

    /// The first listening address (what a client needs to bootstrap), `nil` when none listens.
    public var firstAddress: String? {
        bootstrapServers.split(separator: ",").first.map(String.init)
    }

    /// The listener of broker `id`.
    public func broker(_ id: BrokerID) -> Broker? { brokers.first { $0.id == id } }
}
