import ClusterModel
import KafkaCluster
import KafkaCore

extension SimulatedCluster {
    /// Processes one event (the next one due at or before `limit`, when given); `checking` runs
    /// the checker on the node it touched.
    @discardableResult
    public mutating func step(checking: Bool = false, notAfter limit: Instant? = nil) -> Bool {
        guard checking || !diskFaults.isEmpty else {
            // Nothing looks at the event: the world need not hand it back.
            guard world.advance(notAfter: limit) else { return false }
            finishStops()
            return true
        }
        guard let event = limit.map({ world.step(notAfter: $0) }) ?? world.step() else { return false }
        finishStops()
        if !diskFaults.isEmpty { watchDisks(after: event) }
        if checking { checker.observe(event, in: self) }
        return true
    }

    /// Runs until `deadline` (events at it included).
    public mutating func run(until deadline: Instant, checking: Bool = false) {
        // Not `nextEventInstant <= deadline` then `step()`: the next entry may be a stale
        // wake-up, and the event after it may be due later than the deadline.
        while step(checking: checking, notAfter: deadline) {}
        if world.now < deadline { world.run(until: deadline, eventLimit: 0) }
    }

    public mutating func run(for duration: Duration, checking: Bool = false) {
        run(until: world.now + duration, checking: checking)
    }

    /// Runs until `condition` holds (checked after every event) or `timeout` passes; whether it
    /// held.
    @discardableResult
    public mutating func run(
        until condition: (SimulatedCluster) -> Bool, timeout: Duration, checking: Bool = false
    ) -> Bool {
        let deadline = world.now + timeout
        if condition(self) { return true }
        while step(checking: checking, notAfter: deadline) {
            if condition(self) { return true }
        }
        if world.now < deadline { world.run(until: deadline, eventLimit: 0) }
        return condition(self)
    }

    /// Stops the processes that finished a controlled shutdown.
    mutating func finishStops() {
        guard !stopping.isEmpty else { return }
        for broker in stopping where isUp(broker) && server(broker)?.hasStopped == true {
            world.crash(.broker(broker))
            stopping.removeAll { $0 == broker }
            resetClientConnections(to: broker)
        }
    }

    // MARK: Faults

    /// `kill -9`: the process stops at once; what it wrote survives (page cache).
    public mutating func kill(_ broker: BrokerID) {
        narrator.append(
            ClusterEvent(
                instant: now, kind: .fault, brokers: [broker],
                text: "\(broker) killed (kill -9): no controlled shutdown"))
        stopping.removeAll { $0 == broker }
        world.crash(.broker(broker))
        simulatedStorage[broker]?.crash(.processKill)
        resetClientConnections(to: broker)
    }

    /// The operating system outlives a process that dies: it resets the process's sockets, so
    /// every client connected to it learns at once (unlike power loss, where only timeouts tell).
    mutating func resetClientConnections(to broker: BrokerID) {
        for node in world.nodeIDs where node.role == .client && world.status(of: node) == .up {
            world.command(node, .command(.connectionClosed(broker)))
        }
    }

    /// Power loss: like a kill, and what was not flushed is gone (simulated storage only).
    public mutating func powerLoss(_ broker: BrokerID) {
        narrator.append(
            ClusterEvent(
                instant: now, kind: .fault, brokers: [broker], text: "\(broker) lost power: unflushed writes are gone"))
        stopping.removeAll { $0 == broker }
        // An ISR member that lost unflushed records no longer holds the high watermark until
        // it re-registers; Kafka makes no promise there (KIP-966 is about exactly this).
        checker.checksHighWatermarkCoverage = false
        world.crash(.broker(broker), refusesConnections: false)
        simulatedStorage[broker]?.crash(.powerLoss())
    }

    /// Starts a stopped broker: it recovers its logs, registers and catches up.
    public mutating func restart(_ broker: BrokerID) {
        narrator.append(
            ClusterEvent(
                instant: now, kind: .fault, brokers: [broker],
                text: "\(broker) restarted: recovers its logs, registers, catches up"))
        world.restart(.broker(broker))
    }

    /// A graceful stop: controlled shutdown (leadership moves away), then the process exits.
    public mutating func stop(_ broker: BrokerID) {
        narrator.append(
            ClusterEvent(instant: now, kind: .fault, brokers: [broker], text: "\(broker) asked to stop gracefully"))
        guard isUp(broker), !stopping.contains(broker) else { return }
        endDiskWait(broker)
        stopping.append(broker)
        world.command(.broker(broker), .command(.controlledShutdown))
    }

    /// Cuts the broker off from every other node (both directions).
    public mutating func isolate(_ broker: BrokerID) {
        narrator.append(
            ClusterEvent(
                instant: now, kind: .fault, brokers: [broker], text: "\(broker) isolated from every other node"))
        world.isolate(.broker(broker))
    }

    public mutating func rejoin(_ broker: BrokerID) {
        narrator.append(ClusterEvent(instant: now, kind: .fault, brokers: [broker], text: "\(broker) reconnected"))
        world.rejoin(.broker(broker))
    }

    /// Blocks traffic between two brokers (or only from `a` to `b`).
    public mutating func partition(_ a: BrokerID, _ b: BrokerID, oneWay: Bool = false) {
        world.partition(.broker(a), .broker(b), oneWay: oneWay)
    }

    public mutating func healNetwork() { world.healAll() }

    /// Asks the active controller, through a live broker, for a preferred leader election of
    /// `partitions`; false when no broker is up to take the request.
    @discardableResult
    public mutating func electPreferredLeaders(_ partitions: [TopicPartition]) -> Bool {
        guard let broker = activeController.flatMap({ isUp($0) ? $0 : nil }) ?? anyLiveBroker else { return false }
        endDiskWait(broker)
        world.command(.broker(broker), .command(.electPreferredLeaders(partitions)))
        return true
    }

    public mutating func pause(_ broker: BrokerID, for duration: Duration) {
        world.pause(.broker(broker), for: duration)
    }
}
