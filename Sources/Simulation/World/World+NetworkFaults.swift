import KafkaCore

/// Network faults and link settings: plain, traced methods for the fault injector and operators.
extension World {
    /// Cuts `a → b` and, unless `oneWay`, `b → a`. Messages already on a cut link are dropped
    /// when they arrive.
    public mutating func partition(_ a: NodeID, _ b: NodeID, oneWay: Bool = false) {
        beginAction()
        setBlocked(Link(from: a, to: b), true)
        if !oneWay { setBlocked(Link(from: b, to: a), true) }
    }

    /// Restores both directions between `a` and `b`.
    public mutating func heal(_ a: NodeID, _ b: NodeID) {
        beginAction()
        setBlocked(Link(from: a, to: b), false)
        setBlocked(Link(from: b, to: a), false)
    }

    /// Cuts `node` off from every other node (including nodes added later).
    public mutating func isolate(_ node: NodeID) {
        beginAction()
        guard !network.isIsolated(node) else { return }
        network.setIsolated(node, true)
        record(.nodeIsolated(node))
    }

    /// Undoes `isolate(_:)`; partitions of single links stay.
    public mutating func rejoin(_ node: NodeID) {
        beginAction()
        guard network.isIsolated(node) else { return }
        network.setIsolated(node, false)
        record(.nodeRejoined(node))
    }

    /// Removes every partition and isolation, in sorted order so the trace is the same each run.
    public mutating func healAll() {
        beginAction()
        for link in network.partitionedLinks { setBlocked(link, false) }
        for node in network.isolated {
            network.setIsolated(node, false)
            record(.nodeRejoined(node))
        }
    }

    public mutating func setDefaultLink(_ config: LinkConfig) {
        beginAction()
        network.setDefaultLink(config)
        record(.defaultLinkConfigured(config))
    }

    /// Gives `link` its own config, or (nil) makes it follow the default again.
    public mutating func configure(_ link: Link, _ config: LinkConfig?) {
        beginAction()
        network.configure(link, config)
        record(.linkConfigured(link, config))
    }

    public mutating func setLatency(_ link: Link, _ latency: Duration, jitter: Duration = .zero) {
        var config = network.config(for: link)
        config.latency = latency
        config.jitter = jitter
        configure(link, config)
    }

    public mutating func setDropRate(_ link: Link, _ dropRate: Double) {
        var config = network.config(for: link)
        config.dropRate = dropRate
        configure(link, config)
    }

    /// Slows `link` by `delay` on top of its latency.
    public mutating func setExtraDelay(_ link: Link, _ delay: Duration) {
        var config = network.config(for: link)
        config.extraDelay = delay
        configure(link, config)
    }

    /// Caps `link` at `bytesPerSecond`, or (nil) lifts the cap.
    public mutating func setBandwidth(_ link: Link, bytesPerSecond: Int?) {
        var config = network.config(for: link)
        config.bandwidthBytesPerSecond = bytesPerSecond
        configure(link, config)
    }

    private mutating func setBlocked(_ link: Link, _ blocked: Bool) {
        guard network.isPartitioned(link) != blocked else { return }
        network.setPartitioned(link, blocked)
        record(blocked ? .linkBlocked(link) : .linkUnblocked(link))
    }
}
