import KafkaCore
import Simulation

/// A cluster served to real clients: virtual time follows the wall clock at speed 1 (real
/// clients' timeouts are wall-clock timeouts), and the wire server's sockets are polled in
/// between. The cluster is any `ConsoleCluster`: the quiet default of `serve`, a scenario, the
/// console's cluster.
///
/// Each `turn` polls the sockets until the world's next event is due (at most
/// `maxWaitMilliseconds`), feeds the requests that arrived, moves the cluster forward by the
/// wall time since the last turn with a bounded amount of work, and writes the answers. The
/// wall clock is read here and nowhere in the engines: the world stays deterministic for a
/// given order and timing of injected requests.
public struct WireRunLoop<Cluster: ConsoleCluster> {
    public var cluster: Cluster
    public var server: WireServer
    /// Work per turn at most (events, or a scenario's slices), so that sockets are served while
    /// the world catches up.
    public var eventBudget = 50_000
    private let clock = ContinuousClock()
    /// The wall instant up to which virtual time has been asked to move.
    private var advancedTo: ContinuousClock.Instant

    public init(cluster: Cluster, server: WireServer) {
        self.cluster = cluster
        self.server = server
        advancedTo = clock.now
    }

    /// One turn (see `WireRunLoop`).
    public mutating func turn(maxWaitMilliseconds: Int32 = 5) {
        let owed = Self.microseconds(clock.now - advancedTo)
        let wait = cluster.withSimulatedCluster { cluster -> Int32 in
            guard let next = cluster.world.nextEventInstant else { return maxWaitMilliseconds }
            let untilNext = max(0, (next - cluster.now).microseconds - owed)
            return Int32(min(Int64(maxWaitMilliseconds), untilNext / 1000))
        }
        var server = takeServer()
        cluster.withSimulatedCluster { server.pump(cluster: &$0, timeoutMilliseconds: wait) }
        advance()
        cluster.withSimulatedCluster { server.deliverAnswers(from: &$0) }
        self.server = server
    }

    /// Moves the cluster forward by the wall time since the last turn.
    public mutating func advance() {
        let now = clock.now
        let wall = Self.microseconds(now - advancedTo)
        advancedTo = now
        cluster.advance(wall: .microseconds(wall), eventBudget: eventBudget)
    }

    /// The server, moved out so that it and the cluster can be lent to each other without
    /// copying either (a placeholder with no sockets stands in meanwhile).
    private mutating func takeServer() -> WireServer {
        var taken = WireServer(plan: server.plan, limits: server.limits)
        swap(&taken, &server)
        return taken
    }

    private static func microseconds(_ duration: Swift.Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
