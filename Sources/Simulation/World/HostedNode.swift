import KafkaCore

/// The world's bookkeeping for one node: the state machine, its status and its wake-ups.
struct HostedNode<Message> {
    let id: NodeID
    var node: any Node<Message>
    /// Builds a fresh instance for `restart`: the owner decides what survives a crash.
    let makeNode: () -> any Node<Message>
    var status: NodeStatus = .up
    /// Bumped by every crash: connections belong to one incarnation.
    var incarnation: UInt32 = 0
    /// Identifies the one live tick event; older ones are skipped when they come due.
    var tickGeneration: UInt64 = 0
    /// When the live tick event is due, if there is one.
    var scheduledTick: Instant?
    /// Identifies the live end-of-pause event.
    var pauseGeneration: UInt64 = 0
    /// While down: whether its machine still answers connection attempts with a reset (the
    /// process died, the operating system lives), or stays silent (power loss).
    var refusesConnections = true
    /// Messages that arrived while paused, oldest first.
    var held: [Transit<Message>] = []

    /// The node's `nextDeadline`. Mutating only so that `hosts[slot].nextDeadline()` reads in
    /// place: a getter on `hosts[slot].node` copies the whole `HostedNode` (retaining the node,
    /// the closure and the held inbox) to open the existential.
    mutating func nextDeadline() -> Instant? { node.nextDeadline }

    var isPaused: Bool {
        if case .paused = status { true } else { false }
    }
}

extension Node {
    /// `receive(_:at:)`, then `nextDeadline`: what the world asks a node for every message, in
    /// one call. The world holds its nodes as `any Node` and opens the existential for each call
    /// (a uniqueness check of its box): one opening serves both. Nothing the world does before
    /// it schedules the tick (sending the answers, handing their array back to `recycle`)
    /// changes the node's deadline.
    mutating func receiveReadingDeadline(
        _ envelope: consuming Envelope<Message>, at now: Instant
    ) -> (outgoing: [Outgoing<Message>], deadline: Instant?) {
        let outgoing = receive(envelope, at: now)
        return (outgoing, nextDeadline)
    }

    /// `tick(at:)`, then `nextDeadline`, in one call, as `receiveReadingDeadline(_:at:)`.
    mutating func tickReadingDeadline(at now: Instant) -> (outgoing: [Outgoing<Message>], deadline: Instant?) {
        let outgoing = tick(at: now)
        return (outgoing, nextDeadline)
    }
}
