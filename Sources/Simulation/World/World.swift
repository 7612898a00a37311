import KafkaCore

/// The deterministic world: a virtual clock, one event queue, a seeded network and the nodes.
///
/// Everything that happens is an event in one queue ordered by `(instant, sequence)`: a message
/// arriving, a node's deadline, the end of a pause. Processing an event may call one node
/// (`receive` or `tick`), route what it sends through the network, and re-read its
/// `nextDeadline` to keep exactly one tick scheduled for it. Every processed event, every drop
/// and every operator action (faults, added nodes) becomes a `WorldEvent`, kept in a bounded
/// trace ring and folded into `digest`; the same seed and the same calls give the same digest in
/// any process.
///
/// The world is generic over the message type so that KafkaCore can define Kafka's messages
/// later; it runs on one thread and reads no clock. Nodes are hosted as `any Node<Message>`.
///
/// See `NodeStatus` for the lifecycle of a node and `SimulatedNetwork` for delivery semantics.
public struct World<Message: Sendable & WireSized & TraceDigestible> {
    public let seed: UInt64
    public let limits: WorldLimits
    public private(set) var clock = VirtualClock()
    public internal(set) var network: SimulatedNetwork
    public internal(set) var statistics = WorldStatistics()
    /// The most recent events, oldest first.
    public internal(set) var trace: TraceRing<WorldEvent<Message>>
    /// The fingerprint of everything that happened so far.
    public internal(set) var digest = TraceDigest()
    /// Applied to messages before they enter the trace ring (never the digest): a world whose
    /// messages carry megabytes of records keeps a summary in its last events, not the bytes.
    public var traceRedaction: (@Sendable (Message) -> Message)?
    /// What a sender gets back when it sends to a node that is down but refuses connections
    /// (`crash(_:refusesConnections:)`), nil for nothing: a client's "connection refused".
    public var refusal: (@Sendable (Envelope<Message>) -> Message?)?
    var queue: EventQueue<WorldAction<Message>>
    var hosts: [HostedNode<Message>] = []
    var slots = NodeSlotTable()
    /// The network's handle for the link between two hosted nodes, by sender slot then receiver
    /// slot; nil until the first message on it. Saves hashing a `Link` for every message.
    var linkSlots: [[LinkSlot?]] = []
    /// The sequence of the event (or operator action) being processed; what it causes shares it.
    var cause: UInt64 = 0
    /// Whether `step` wants the event being processed back: `record` then keeps the first one it
    /// records (the event itself; drops of what the receiver sent in answer come after it).
    var buildsEvents = false
    /// The event `step` hands back; see `buildsEvents`.
    var builtEvent: WorldEvent<Message>?
    private let root: SeededGenerator

    /// A world whose randomness all derives from `seed`. The network draws from the stream
    /// named `"network"`.
    public init(seed: UInt64, defaultLink: LinkConfig = .datacenter, limits: WorldLimits = WorldLimits()) {
        self.seed = seed
        self.limits = limits
        root = SeededGenerator(seed: seed)
        network = SimulatedNetwork(
            generator: root.stream("network"), defaultLink: defaultLink,
            inFlightLimitPerLink: limits.inFlightPerLink)
        queue = EventQueue(capacity: limits.eventQueueCapacity)
        trace = TraceRing(capacity: limits.traceCapacity)
        precondition(limits.heldPerNode > 0, "paused nodes must be able to hold a message: \(limits)")
    }

    public var now: Instant { clock.now }

    /// An independent generator for one concern (a node, a workload), derived from the seed.
    public func stream(_ name: String) -> SeededGenerator { root.stream(name) }

    // MARK: Nodes

    /// Hosts a new node built by `makeNode`, which `restart(_:)` calls again after a crash.
    public mutating func add(_ id: NodeID, makeNode: @escaping () -> any Node<Message>) {
        precondition(slots[id] == nil, "\(id) is already in the world")
        beginAction()
        let slot = hosts.count
        hosts.append(HostedNode(id: id, node: makeNode(), makeNode: makeNode))
        slots.insert(id, slot: slot)
        linkSlots.append([])
        record(.nodeAdded(id))
        refreshTimer(slot)
    }

    /// The nodes in the order they were added.
    public var nodeIDs: [NodeID] { hosts.map(\.id) }

    /// The node's state machine, for reading (a crashed node's last state until it restarts).
    public func node(_ id: NodeID) -> (any Node<Message>)? { slots[id].map { hosts[$0].node } }

    public func status(of id: NodeID) -> NodeStatus? { slots[id].map { hosts[$0].status } }

    /// Messages waiting for a paused node.
    public func heldCount(for id: NodeID) -> Int { slots[id].map { hosts[$0].held.count } ?? 0 }

    /// Sends `message` through the network as if `from` had sent it; `from` need not be hosted
    /// (a real client bridged in, a test).
    public mutating func inject(_ message: Message, from: NodeID, to: NodeID) {
        beginAction()
        send(Outgoing(to: to, message: message), from: from, slot: slots[from])
    }

    // MARK: The queue

    public var pendingEventCount: Int { queue.count }
    public var nextEventInstant: Instant? { queue.nextInstant }

    /// Asserts the world's invariants (O(events + nodes)); tests call it between steps.
    public func checkInvariants() {
        queue.checkInvariants()
        precondition(slots.count == hosts.count, "\(slots.count) ids for \(hosts.count) nodes")
        for (slot, host) in hosts.enumerated() {
            precondition(
                slots[host.id] == slot, "\(host.id) sits in slot \(slot) but is filed under \(slots[host.id] ?? -1)")
            precondition(host.held.count <= limits.heldPerNode, "\(host.id) holds \(host.held.count) messages")
            precondition(
                host.isPaused || host.held.isEmpty, "\(host.id) is \(host.status) yet holds \(host.held.count) messages"
            )
            if host.status != .up {
                precondition(
                    host.scheduledTick == nil,
                    "\(host.id) is \(host.status) with a tick at \(host.scheduledTick ?? .zero)")
            }
        }
        precondition(linkSlots.count == hosts.count, "link slots for \(linkSlots.count) senders, \(hosts.count) nodes")
        for (from, row) in linkSlots.enumerated() {
            precondition(row.count <= hosts.count, "\(hosts[from].id) has link slots for \(row.count) receivers")
            for (to, cached) in row.enumerated() {
                guard let cached else { continue }
                let link = Link(from: hosts[from].id, to: hosts[to].id)
                precondition(
                    network.existingSlot(for: link) == cached,
                    "\(link) is cached at \(cached), the network says otherwise")
            }
        }
    }

    // MARK: Recording

    /// Starts an operator action: it gets a sequence of its own.
    mutating func beginAction() { cause = queue.reserveSequence() }

    mutating func record(_ kind: consuming WorldEvent<Message>.Kind) {
        let event = WorldEvent(instant: clock.now, sequence: cause, kind: kind)
        digest.combine(event)
        if trace.capacity == 0 {
            trace.countUnkept()
        } else if let redaction = traceRedaction {
            trace.append(event.mappingMessages(redaction))
        } else {
            trace.append(event)
        }
        if buildsEvents, case .none = builtEvent { builtEvent = event }
    }

    /// `record(.delivered(…))`, the event of most steps, without building it when nothing keeps
    /// it: the same words enter the digest (`WorldEvent.digest(into:)`), and the envelope is
    /// neither copied into an event nor released with it.
    mutating func recordDelivery(of envelope: borrowing Envelope<Message>, sentAt: Instant) {
        guard !buildsEvents, trace.capacity == 0 else {
            return record(.delivered(copy envelope, sentAt: sentAt))
        }
        digest.combine(clock.now)
        digest.combine(cause)
        digest.combine(WorldEvent<Message>.Kind.deliveredTag)
        digest.combine(envelope)
        digest.combine(sentAt)
        trace.countUnkept()
    }

    /// `record(.ticked(id))` without building the event when nothing keeps it, as
    /// `recordDelivery(of:)` does for deliveries: a producer's send loop ticks every millisecond.
    mutating func recordTick(of id: NodeID) {
        guard !buildsEvents, trace.capacity == 0 else { return record(.ticked(id)) }
        digest.combine(clock.now)
        digest.combine(cause)
        digest.combine(WorldEvent<Message>.Kind.tickedTag)
        digest.combine(id)
        trace.countUnkept()
    }

    mutating func advanceClock(to instant: Instant) { clock.advance(to: instant) }
}
