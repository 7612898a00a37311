import KafkaCore
import KafkaWire

/// Where each simulated broker listens for real Kafka clients: `127.0.0.1:<portBase + id>`.
///
/// The default base is 9091, so broker 1 answers on 9092, the port every Kafka client tries
/// first (`kcat -b localhost:9092` just works against the default cluster).
public struct ListenerPlan: Hashable, Sendable {
    public static let defaultPortBase = 9091

    /// The loopback host every listener binds to; nothing is exposed beyond this machine.
    public static let host = "127.0.0.1"

    public let portBase: Int

    public init(portBase: Int = ListenerPlan.defaultPortBase) {
        self.portBase = portBase
    }

    /// The port broker `id` listens on, or `nil` when it falls outside 1…65535.
    public func port(for broker: BrokerID) -> Int? {
        let port = portBase + Int(broker.rawValue)
        return (1...65535).contains(port) ? port : nil
    }

    /// The request types the listeners will answer, in wire order.
    public static let supportedApis: [ApiKey] = ApiKey.allCases
}
