import KafkaCore
import Simulation

/// A cluster served to real clients: virtual time follows the wall clock at speed 1 (real
/// clients' timeouts are wall-clock timeouts), the wire server's sockets are polled in between,
/// and the default topics are created once the cluster can.
///
/// Each `turn` polls the sockets until the world's next event is due (at most
/// `maxWaitMilliseconds`), feeds the requests that arrived, advances virtual time to the wall
/// clock with a bounded number of events, and writes the answers. The wall clock is read here
/// and nowhere in the engines: the world stays deterministic for a given order and timing of
/// injected requests.
public struct WireRunLoop {
    public var cluster: SimulatedCluster
    public var server: WireServer
    public var topics: TopicBootstrap
    /// Events processed per turn at most, so that sockets are served while the world catches up.
    public var eventBudget = 50_000
    /// How far virtual time lags the wall clock after the last turn.
    public private(set) var behind: KafkaCore.Duration = .zero
    private let clock = ContinuousClock()
    private let wallStart: ContinuousClock.Instant
    private let virtualStart: Instant

    public init(cluster: SimulatedCluster, server: WireServer, topics: TopicBootstrap) {
        self.cluster = cluster
        self.server = server
        self.topics = topics
        wallStart = clock.now
        virtualStart = cluster.now
    }

    /// The virtual instant the wall clock says it is.
    private var target: Instant {
        let (seconds, attoseconds) = (clock.now - wallStart).components
        return virtualStart + .microseconds(seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    }

    /// One turn (see `WireRunLoop`).
    public mutating func turn(maxWaitMilliseconds: Int32 = 5) {
        let wait: Int32
        if let next = cluster.world.nextEventInstant {
            let untilNext = next > target ? next - target : .zero
            wait = Int32(min(Int64(maxWaitMilliseconds), untilNext.milliseconds))
        } else {
            wait = maxWaitMilliseconds
        }
        server.pump(cluster: &cluster, timeoutMilliseconds: wait)
        advance()
        topics.advance(&cluster)
        server.deliverAnswers(from: &cluster)
    }

    /// Runs the world up to the wall clock, at most `eventBudget` events.
    private mutating func advance() {
        let target = target
        var processed = 0
        while processed < eventBudget, let next = cluster.world.nextEventInstant, next <= target {
            cluster.step()
            processed += 1
        }
        if cluster.world.nextEventInstant.map({ $0 > target }) ?? true, cluster.now < target {
            cluster.run(until: target)
        }
        behind = target > cluster.now ? target - cluster.now : .zero
    }
}
