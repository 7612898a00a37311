import ClusterModel
import KafkaCore

extension WireServer {
    /// The listeners as the console shows them: the bootstrap address, and per broker of
    /// `brokers` its port (while it listens), open connections and malformed frames.
    public func listenerSnapshot(brokers: [BrokerID]) -> ListenerSnapshot {
        var open: [BrokerID: Int] = [:]
        for connection in connections.values { open[connection.broker, default: 0] += 1 }
        return ListenerSnapshot(
            bootstrapServers: bootstrapServers,
            brokers: brokers.map { broker in
                ListenerSnapshot.Broker(
                    id: broker, port: listeners[broker] == nil ? nil : plan.port(for: broker),
                    connections: open[broker] ?? 0,
                    malformedFrames: statistics.malformedFramesByBroker[broker] ?? 0)
            })
    }
}
