import KafkaCore

/// The wires between nodes: per directed link latency, jitter, loss, bandwidth and partitions.
///
/// Delivery semantics, chosen to match Kafka's TCP connections:
/// - **FIFO per link.** A message never arrives before an earlier message on the same directed
///   link: jitter delays, it never reorders (arrival is clamped to the link's last arrival, and
///   equal instants keep send order through the event queue's sequence). Different links are
///   independent, so replies may overtake requests sent elsewhere.
/// - **Lossy.** Random loss, partitions and full links drop messages outright. TCP would
///   retransmit or reset; Kafka's clients see either as a request that never got its response
///   and time out, which is what a drop produces. Survivors keep their order.
/// - **Partitions act in flight.** A message is checked at send time and again at arrival, so a
///   partition cuts what is already on the wire, like pulling a cable.
/// - **Bounded.** Each link carries at most `inFlightLimitPerLink` messages; beyond that new
///   messages are dropped and counted (`linkOverflow`), like a full socket buffer.
///
/// Randomness comes only from the network's own generator stream, and only for links that have
/// jitter or loss, so reconfiguring one link never shifts another concern's draws.
///
/// Links are created on first use and addressed by a `LinkSlot` afterwards, valid for the
/// network's lifetime: a sender that keeps the handle (the world does, per pair of nodes) pays
/// no hash lookup per message.
public struct SimulatedNetwork {
    /// How links without an override behave.
    public private(set) var defaultLink: LinkConfig
    /// The most messages one directed link carries at once.
    public let inFlightLimitPerLink: Int
    private var slots: [Link: LinkSlot] = [:]
    private var states: [LinkState] = []
    private var isolatedNodes: Set<NodeID> = []
    private var generator: SeededGenerator

    public init(generator: SeededGenerator, defaultLink: LinkConfig, inFlightLimitPerLink: Int) {
        defaultLink.checkInvariants()
        precondition(inFlightLimitPerLink > 0, "links must carry at least one message, limit \(inFlightLimitPerLink)")
        self.generator = generator
        self.defaultLink = defaultLink
        self.inFlightLimitPerLink = inFlightLimitPerLink
    }

    // MARK: Reading

    /// How `link` behaves now.
    public func config(for link: Link) -> LinkConfig { state(of: link)?.config ?? defaultLink }

    /// Whether `link` has its own config rather than following the default.
    public func hasOverride(_ link: Link) -> Bool { state(of: link)?.config != nil }

    /// Whether `link` itself is cut by a partition (isolation aside).
    public func isPartitioned(_ link: Link) -> Bool { state(of: link)?.isPartitioned == true }

    /// Whether messages on `link` are dropped by a partition or an isolated end.
    public func isBlocked(_ link: Link) -> Bool { isPartitioned(link) || touchesIsolated(link) }

    /// Whether `node` is cut off from every other node.
    public func isIsolated(_ node: NodeID) -> Bool { isolatedNodes.contains(node) }

    /// Messages on `link` that have neither arrived nor been dropped.
    public func inFlight(on link: Link) -> Int { state(of: link)?.inFlight ?? 0 }

    /// The links cut by partitions, sorted.
    public var partitionedLinks: [Link] { states.filter(\.isPartitioned).map(\.link).sorted() }

    /// The isolated nodes, sorted.
    public var isolated: [NodeID] { isolatedNodes.sorted() }

    /// The links with their own config, sorted.
    public var overriddenLinks: [Link] { states.filter { $0.config != nil }.map(\.link).sorted() }

    // MARK: Faults and configuration

    public mutating func setDefaultLink(_ config: LinkConfig) {
        config.checkInvariants()
        defaultLink = config
    }

    /// Gives `link` its own behaviour, or (nil) makes it follow the default again.
    public mutating func configure(_ link: Link, _ config: LinkConfig?) {
        config?.checkInvariants()
        states[slot(for: link).index].config = config
    }

    public mutating func setPartitioned(_ link: Link, _ partitioned: Bool) {
        states[slot(for: link).index].isPartitioned = partitioned
    }

    public mutating func setIsolated(_ node: NodeID, _ isolated: Bool) {
        if isolated { isolatedNodes.insert(node) } else { isolatedNodes.remove(node) }
    }

    /// Forgets the ordering and serialization state of every link touching `node`: its
    /// connections died with it, and new ones start empty. Messages still counted in flight stay
    /// counted until they arrive (and are dropped there).
    public mutating func resetConnections(of node: NodeID, at now: Instant) {
        for index in states.indices where states[index].link.from == node || states[index].link.to == node {
            states[index].lastArrival = now
            states[index].busyUntil = now
        }
    }

    // MARK: Traffic

    /// The handle of `link`, creating its state on first use.
    public mutating func slot(for link: Link) -> LinkSlot {
        if let slot = slots[link] { return slot }
        let slot = LinkSlot(index: states.count)
        states.append(LinkState(link: link))
        slots[link] = slot
        return slot
    }

    /// The handle of `link` if it has been used, without creating it.
    public func existingSlot(for link: Link) -> LinkSlot? { slots[link] }

    /// Decides the fate of a message of `sizeInBytes` sent on the link at `now`. An arriving
    /// message counts as in flight until `arrived(on:)`.
    public mutating func route(on slot: LinkSlot, sizeInBytes: Int, at now: Instant) -> Routing {
        let index = slot.index
        precondition(sizeInBytes >= 0, "a message cannot be \(sizeInBytes) bytes long (\(states[index].link))")
        if isBlocked(slot) { return .dropped(.partitioned) }
        guard states[index].inFlight < inFlightLimitPerLink else { return .dropped(.linkOverflow) }
        let config = states[index].config ?? defaultLink
        if config.dropRate > 0 && generator.chance(config.dropRate) { return .dropped(.lost) }
        let arrival = arrivalInstant(of: sizeInBytes, on: index, config: config, at: now)
        states[index].inFlight += 1
        states[index].lastArrival = arrival
        return .arrives(at: arrival)
    }

    /// Marks one message on the link as no longer in flight (it arrived, or was dropped there).
    public mutating func arrived(on slot: LinkSlot) {
        let inFlight = states[slot.index].inFlight
        precondition(inFlight > 0, "a message arrived on \(states[slot.index].link), which has none in flight")
        states[slot.index].inFlight = inFlight - 1
    }

    /// Whether messages on the link are dropped by a partition or an isolated end. Inlined: the
    /// world asks at every arrival, and the call cost about as much as the two checks.
    @inline(__always)
    public func isBlocked(_ slot: LinkSlot) -> Bool {
        states[slot.index].isPartitioned || touchesIsolated(states[slot.index].link)
    }

    private func state(of link: Link) -> LinkState? { slots[link].map { states[$0.index] } }

    private func touchesIsolated(_ link: Link) -> Bool {
        !isolatedNodes.isEmpty && (isolatedNodes.contains(link.from) || isolatedNodes.contains(link.to))
    }

    private mutating func arrivalInstant(
        of sizeInBytes: Int, on index: Int, config: LinkConfig, at now: Instant
    ) -> Instant {
        var departure = now
        if let bytesPerSecond = config.bandwidthBytesPerSecond {
            let start = max(now, states[index].busyUntil)
            let bytes = Int64(sizeInBytes)
            let rate = Int64(bytesPerSecond)
            // Round up: a message is not on the wire until its last byte is.
            departure = start + .microseconds((bytes * 1_000_000 + rate - 1) / rate)
            states[index].busyUntil = departure
        }
        var delay = config.latency + config.extraDelay
        if config.jitter > .zero {
            let spread = UInt64(config.jitter.microseconds) + 1
            delay = delay + .microseconds(Int64(generator.next(below: spread)))
        }
        return max(departure + delay, states[index].lastArrival)
    }
}
