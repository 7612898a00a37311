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

    /// How many turns the loop has taken (tests check that an idle loop does not spin).
    public private(set) var turns = 0

    /// One turn (see `WireRunLoop`).
    ///
    /// With no client connected nobody sees the world between turns, so the wait is the whole
    /// `maxWaitMilliseconds` (the console's time until its next frame) instead of until the
    /// world's next event: an idle loop wakes once per frame, not once per event. With clients
    /// connected it wakes when the next event is due (rounded up to a millisecond, not spinning
    /// through the last one), so long polls and timeouts are answered on time.
    /// - Parameter input: a descriptor waited on with the sockets (the console's keyboard).
    /// - Returns: whether `input` became readable.
    @discardableResult
    public mutating func turn(maxWaitMilliseconds: Int32 = 5, watching input: Int32? = nil) -> Bool {
        turns += 1
        let owed = Self.microseconds(clock.now - advancedTo)
        let wait =
            server.connections.isEmpty
            ? maxWaitMilliseconds
            : cluster.withSimulatedCluster { cluster -> Int32 in
                guard let next = cluster.world.nextEventInstant else { return maxWaitMilliseconds }
                let untilNext = max(0, (next - cluster.now).microseconds - owed)
                return Int32(min(Int64(maxWaitMilliseconds), (untilNext + 999) / 1000))
            }
        var server = takeServer()
        let isInputReady = cluster.withSimulatedCluster {
            server.pump(cluster: &$0, timeoutMilliseconds: wait, watching: input)
        }
        advance()
        cluster.withSimulatedCluster { server.deliverAnswers(from: &$0) }
        self.server = server
        return isInputReady
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
