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
    /// Whether the loop turned since the last frame (the backend turns it while waiting for a
    /// key, serving the sockets and moving the world up to the moment the wait ended).
    private(set) var hasTurnedSinceFrame = false

    init(cluster: Cluster, portBase: Int) {
        var server = WireServer(plan: ListenerPlan(portBase: portBase))
        var cluster = cluster
        cluster.withSimulatedCluster { server.syncListeners(with: $0) }
        _ = server.takeNotices()
        loop = WireRunLoop(cluster: cluster, server: server)
    }

    /// Ports that could not be opened since the last call, for the status line.
    func takeFailures() -> [String] { loop.server.takeFailures() }

    /// One turn of the loop: sockets (and `input`, if given) waited on for up to
    /// `maxWaitMilliseconds`, served, then the world. Returns whether `input` became readable.
    @discardableResult
    func turn(maxWaitMilliseconds: Int32, watching input: Int32? = nil) -> Bool {
        let isInputReady = loop.turn(maxWaitMilliseconds: maxWaitMilliseconds, watching: input)
        _ = loop.server.takeNotices()
        hasTurnedSinceFrame = true
        return isInputReady
    }

    /// A frame's work, as `ConsoleRunner.advanceFrame` does without listeners: resume a paused
    /// scenario, serve and advance, hand the narration over; the snapshot carries the listeners.
    ///
    /// The wait for a key before the frame already turned the loop, up to the moment it ended:
    /// the frame turns it again only when nothing did since the last frame (the first frame, a
    /// key ncurses had buffered) or when a resume must take effect now. Turning again would move
    /// the world only by the microseconds since, for the cost of a poll and a scenario advance.
    func frame(state: inout ConsoleState, tellsStory: Bool) -> ClusterSnapshot {
        var mustTurn = !hasTurnedSinceFrame
        if state.isResumeRequested {
            state.isResumeRequested = false
            loop.cluster.resume()
            mustTurn = true
        }
        if mustTurn { turn(maxWaitMilliseconds: 0) }
        hasTurnedSinceFrame = false
        let failures = takeFailures()
        if !failures.isEmpty {
            // After what the status line already says (a theme warning), not instead of it.
            let text = ([state.status?.text].compactMap { $0 } + failures).joined(separator: " · ")
            state.status = StatusMessage(text, severity: .warning)
        }
        if loop.cluster.speed != 1 {
            // Pausing is fine (the brokers pause too), but not another pace.
            loop.cluster.speed = 1
            state.status = StatusMessage(
                "speed stays ×1 while real clients can connect: their timeouts are wall-clock time "
                    + "(flightdeck --no-listen to change it)", severity: .warning)
        }
        for outcome in loop.cluster.takeLaterOutcomes() { state.show(outcome) }
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

/// A terminal backend that serves the listeners while it waits for a key: one `poll(2)` waits on
/// the listening and connection sockets and the keyboard together, until a key, a socket's
/// activity, the world's next due event (with clients connected) or the frame. A real client's
/// request is answered as soon as it arrives, and an idle console sleeps until its next frame.
/// A base backend without an input descriptor is polled between slices of at most
/// `sliceMilliseconds` instead.
struct ListeningBackend<Base: TerminalBackend, Cluster: OperatedCluster>: TerminalBackend {
    var base: Base
    let listeners: ConsoleListeners<Cluster>
    /// The longest the keyboard goes unread while the sockets are polled, when the base backend
    /// has no descriptor to wait on.
    static var sliceMilliseconds: Int { 5 }

    var size: Size { base.size }

    var inputDescriptor: Int32? { base.inputDescriptor }

    mutating func present(_ grid: CellGrid, theme: Theme) { base.present(grid, theme: theme) }

    mutating func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(timeoutMilliseconds))
        while true {
            // Keys ncurses already buffered are not visible on the descriptor: read them first.
            if let event = base.nextEvent(timeoutMilliseconds: 0) { return event }
            let left = clock.now.duration(to: deadline)
            guard left > .zero else { return nil }
            let (seconds, attoseconds) = left.components
            // Rounded up, so that the last fraction of a millisecond is slept, not spun.
            let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            if let input = base.inputDescriptor {
                listeners.turn(maxWaitMilliseconds: Int32(clamping: milliseconds), watching: input)
            } else {
                listeners.turn(maxWaitMilliseconds: Int32(min(Int64(Self.sliceMilliseconds), milliseconds)))
            }
        }
    }

    mutating func restore() { base.restore() }
}
