import KafkaCore
import KafkaWire
import Simulation

/// The Kafka protocol on loopback: broker N of a `SimulatedCluster` listens on
/// `127.0.0.1:<portBase + N>`, and real clients' requests enter the brokers through the world
/// as the cluster's in-process client (`SimulatedCluster.send`), so metadata, leader epochs and
/// error codes are the engine's own.
///
/// Single-threaded and non-blocking: `pump(cluster:timeoutMilliseconds:)` polls every socket
/// once, turns whole frames into broker requests, takes the brokers' answers and writes the
/// responses, in request order per connection. It never advances virtual time; the run loop
/// (`WireRunLoop`) does that at wall-clock pace.
///
/// Listeners follow the brokers: a broker the world says is down has no listener and no
/// connections (its clients see the connection drop, as with a killed Kafka); a restarted one
/// listens again. A paused or isolated broker keeps its listener but does not answer: its
/// requests stay pending until it does, or the client gives up.
public struct WireServer {
    public let plan: ListenerPlan
    public let limits: WireServerLimits
    public let translator: WireTranslator
    public internal(set) var statistics = WireStatistics()
    /// Listening sockets, by broker.
    var listeners: [BrokerID: Int32] = [:]
    /// Brokers whose port could not be bound; not retried until the broker restarts.
    var unavailable: Set<BrokerID> = []
    var connections: [Int: WireConnection] = [:]
    var nextConnectionID = 1
    /// Broker requests awaiting an answer: the connection and what the answer needs.
    var pending: [UInt64: (connection: Int, call: WireCall)] = [:]
    /// Requests whose answers nobody will read (their connection closed), taken from the
    /// cluster's mailbox when they arrive so that it does not grow; oldest first, with the
    /// virtual instant they were orphaned at. Forgotten after `orphanLifetime` (their broker
    /// died with them) or beyond `maxOrphanedRequests`.
    var orphans: [(requestID: UInt64, since: Instant)] = []
    /// Longer than any broker holds a request (JoinGroup's rebalance timeout is 5 minutes).
    static let orphanLifetime = Duration.seconds(600)
    /// The world's time at the last pump.
    var lastSeen: Instant = .zero
    var notices: [String] = []
    /// The notices of listeners that could not open (also in `notices`).
    var failures: [String] = []
    /// Scratch space for `recv`, reused across reads.
    var readBuffer: [UInt8] = []

    public init(plan: ListenerPlan = ListenerPlan(), limits: WireServerLimits = WireServerLimits()) {
        self.plan = plan
        self.limits = limits
        translator = WireTranslator(plan: plan)
    }

    /// The brokers listening now, with their ports, by broker id.
    public var listeningPorts: [(broker: BrokerID, port: Int)] {
        listeners.keys.sorted().compactMap { broker in plan.port(for: broker).map { (broker, $0) } }
    }

    /// `127.0.0.1:9092,127.0.0.1:9093,…` for the brokers listening now.
    public var bootstrapServers: String {
        listeningPorts.map { "\(ListenerPlan.host):\($0.port)" }.joined(separator: ",")
    }

    public var openConnections: Int { connections.count }

    /// What happened to listeners since the last call (ports taken, listeners closed and
    /// reopened), one sentence each.
    public mutating func takeNotices() -> [String] {
        defer { notices.removeAll() }
        return notices
    }

    /// The notices of listeners that could not open since the last call (a port taken, an
    /// invalid port), one sentence each; they are also among `takeNotices()`.
    public mutating func takeFailures() -> [String] {
        defer { failures.removeAll() }
        return failures
    }

    /// Opens a listener for every broker that is up or paused and closes those of brokers that
    /// are down, with their connections.
    public mutating func syncListeners(with cluster: SimulatedCluster) {
        for broker in cluster.brokerIDs {
            // A paused broker keeps its listener: the process exists, it just does not answer.
            let down = cluster.world.status(of: .broker(broker)) == .down
            if !down, listeners[broker] == nil, !unavailable.contains(broker) {
                openListener(for: broker)
            } else if down {
                unavailable.remove(broker)
                if listeners[broker] != nil { closeListener(for: broker) }
            }
        }
    }

    /// Closes every listener and connection.
    public mutating func shutdown() {
        for broker in Array(listeners.keys) { closeListener(for: broker, quietly: true) }
        unavailable.removeAll()
    }

    private mutating func openListener(for broker: BrokerID) {
        guard let port = plan.port(for: broker) else {
            unavailable.insert(broker)
            let notice = "\(broker): port base \(plan.portBase) + \(broker.rawValue) is not a valid port; no listener"
            notices.append(notice)
            failures.append(notice)
            return
        }
        switch LoopbackSocket.listen(port: port) {
        case .success(let fd):
            listeners[broker] = fd
            notices.append("\(broker) listening on \(ListenerPlan.host):\(port)")
        case .failure(let error):
            unavailable.insert(broker)
            let reason = error.isAddressInUse ? "port \(port) is taken" : error.description
            let notice = "\(broker): \(reason); continuing without its listener (pick another base with --port-base)"
            notices.append(notice)
            failures.append(notice)
        }
    }

    private mutating func closeListener(for broker: BrokerID, quietly: Bool = false) {
        guard let fd = listeners.removeValue(forKey: broker) else { return }
        LoopbackSocket.close(fd)
        let dropped = connections.values.filter { $0.broker == broker }.map(\.id)
        for id in dropped { closeConnection(id) }
        statistics.connectionsDropped += quietly ? 0 : dropped.count
        if !quietly {
            let port = plan.port(for: broker) ?? 0
            notices.append("\(broker) is down: closed \(ListenerPlan.host):\(port) and \(dropped.count) connection(s)")
        }
    }

    /// Closes a connection; the answers it still waits for become orphans.
    mutating func closeConnection(_ id: Int) {
        guard let connection = connections.removeValue(forKey: id) else { return }
        LoopbackSocket.close(connection.fd)
        for requestID in connection.awaitedRequests {
            pending[requestID] = nil
            orphan(requestID)
        }
    }

    /// Counts a frame that could not be decoded on connection `id`, in total and for its broker.
    mutating func countMalformedFrame(on id: Int) {
        statistics.malformedFrames += 1
        if let broker = connections[id]?.broker { statistics.malformedFramesByBroker[broker, default: 0] += 1 }
    }

    mutating func orphan(_ requestID: UInt64) {
        orphans.append((requestID, lastSeen))
        if orphans.count > limits.maxOrphanedRequests {
            orphans.removeFirst(orphans.count - limits.maxOrphanedRequests)
        }
    }
}
