import ClusterModel
import Console
import KafkaCore
import Simulation
import TerminalUI
import WireServer

/// The console's cluster with listeners open for real Kafka clients: the wire server's run loop
/// owns the cluster, virtual time follows the wall clock at speed 1, and the sockets are served
/// while the console waits for keys (`ListeningBackend`), not only once per frame.
///
/// A class because both the frame (snapshot) and the backend (waiting) drive the same loop.
final class ConsoleListeners<Cluster: OperatedCluster> {
    var loop: WireRunLoop<Cluster>

    init(cluster: Cluster, portBase: Int) {
        var server = WireServer(plan: ListenerPlan(portBase: portBase))
        var cluster = cluster
        cluster.withSimulatedCluster { server.syncListeners(with: $0) }
        _ = server.takeNotices()
        loop = WireRunLoop(cluster: cluster, server: server)
    }

    /// Ports that could not be opened since the last call, for the status line.
    func takeFailures() -> [String] { loop.server.takeFailures() }

    /// One turn of the loop: sockets served for up to `maxWaitMilliseconds`, then the world.
    func turn(maxWaitMilliseconds: Int32) {
        loop.turn(maxWaitMilliseconds: maxWaitMilliseconds)
        _ = loop.server.takeNotices()
    }

    /// A frame's work, as `ConsoleRunner.advanceFrame` does without listeners: resume a paused
    /// scenario, serve and advance, hand the narration over; the snapshot carries the listeners.
    func frame(state: inout ConsoleState, tellsStory: Bool) -> ClusterSnapshot {
        if state.isResumeRequested {
            state.isResumeRequested = false
            loop.cluster.resume()
        }
        turn(maxWaitMilliseconds: 0)
        let failures = takeFailures()
        if !failures.isEmpty {
            // After what the status line already says (a theme warning), not instead of it.
            let text = ([state.status?.text].compactMap { $0 } + failures).joined(separator: " · ")
            state.status = StatusMessage(text, severity: .warning)
        }
        if tellsStory { state.narration = loop.cluster.narration }
        state.isTimePaused = loop.cluster.isPaused
        var snapshot = loop.cluster.snapshot()
        snapshot.listeners = loop.server.listenerSnapshot(brokers: snapshot.brokers.map(\.id))
        return snapshot
    }

    /// Closes every listener and connection; the cluster as it ends.
    func shutdown() -> Cluster {
        loop.server.shutdown()
        return loop.cluster
    }
}

/// A terminal backend that serves the listeners while it waits for a key: it polls the keyboard
/// without blocking between turns of the wire loop (each waits on the sockets for at most a few
/// milliseconds), so a real client's request is answered in about a millisecond instead of at
/// the next frame.
struct ListeningBackend<Base: TerminalBackend, Cluster: OperatedCluster>: TerminalBackend {
    var base: Base
    let listeners: ConsoleListeners<Cluster>
    /// The longest the keyboard goes unread while the sockets are polled.
    static var sliceMilliseconds: Int { 5 }

    var size: Size { base.size }

    mutating func present(_ grid: CellGrid, theme: Theme) { base.present(grid, theme: theme) }

    mutating func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(timeoutMilliseconds))
        while true {
            if let event = base.nextEvent(timeoutMilliseconds: 0) { return event }
            let left = clock.now.duration(to: deadline)
            guard left > .zero else { return nil }
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            listeners.turn(maxWaitMilliseconds: Int32(min(Int64(Self.sliceMilliseconds), max(1, milliseconds))))
        }
    }

    mutating func restore() { base.restore() }
}
