import KafkaCore

/// Crash, restart, pause and resume: the node faults (see `NodeStatus` for the transitions).
extension World {
    /// Stops the node at once: no more ticks or messages, its connections reset (messages in
    /// flight to or from it are dropped on arrival), and what it held while paused is dropped.
    /// The state machine is kept for inspection until `restart(_:)` replaces it.
    /// `refusesConnections`: whether new connections to it are refused at once while it is down
    /// (a dead process on a live machine) rather than lost silently (power loss); see `refusal`.
    public mutating func crash(_ id: NodeID, refusesConnections: Bool = true) {
        let slot = slot(of: id)
        precondition(hosts[slot].status != .down, "\(id) is already down")
        beginAction()
        hosts[slot].status = .down
        hosts[slot].refusesConnections = refusesConnections
        hosts[slot].incarnation &+= 1
        hosts[slot].pauseGeneration &+= 1
        cancelTimer(slot)
        record(.crashed(id))
        let held = hosts[slot].held
        hosts[slot].held.removeAll()
        for transit in held { drop(transit.envelope, .destinationDown) }
        network.resetConnections(of: id, at: clock.now)
    }

    /// Brings a crashed node back as a fresh instance from the factory it was added with.
    public mutating func restart(_ id: NodeID) {
        let slot = slot(of: id)
        precondition(hosts[slot].status == .down, "\(id) is \(hosts[slot].status); crash it before restarting")
        beginAction()
        hosts[slot].node = hosts[slot].makeNode()
        hosts[slot].status = .up
        record(.restarted(id))
        refreshTimer(slot)
    }

    /// Stops the node for `duration` (a GC pause, a `SIGSTOP`): it neither ticks nor receives;
    /// messages for it are held and handed over in order when it resumes. Pausing a paused node
    /// moves the end of the pause.
    public mutating func pause(_ id: NodeID, for duration: Duration) {
        let slot = slot(of: id)
        precondition(hosts[slot].status != .down, "\(id) is down and cannot be paused")
        precondition(duration > .zero, "a pause lasts a positive time, not \(duration) (\(id))")
        beginAction()
        let until = clock.now + duration
        hosts[slot].status = .paused(until: until)
        hosts[slot].pauseGeneration &+= 1
        cancelTimer(slot)
        queue.push(.resume(slot: slot, generation: hosts[slot].pauseGeneration), at: until)
        record(.paused(id, until: until))
    }

    /// Ends a pause early.
    public mutating func resume(_ id: NodeID) {
        let slot = slot(of: id)
        precondition(hosts[slot].isPaused, "\(id) is \(hosts[slot].status), not paused")
        beginAction()
        hosts[slot].pauseGeneration &+= 1
        wake(slot)
    }

    /// The scheduled end of a pause; false when the pause was ended or re-armed since.
    mutating func endPause(slot: Int, generation: UInt64) -> Bool {
        guard hosts[slot].pauseGeneration == generation, hosts[slot].isPaused else { return false }
        wake(slot)
        return true
    }

    /// Marks the node up, queues what it held (at `now`, in arrival order) and re-reads its deadline.
    private mutating func wake(_ slot: Int) {
        hosts[slot].status = .up
        record(.resumed(hosts[slot].id))
        var held: [Transit<Message>] = []
        swap(&held, &hosts[slot].held)
        for transit in held {
            queue.push(.deliver(transit.envelope, transit.route, viaNetwork: false), at: clock.now)
        }
        refreshTimer(slot)
    }

    func slot(of id: NodeID) -> Int {
        guard let slot = slots[id] else { preconditionFailure("\(id) is not in the world") }
        return slot
    }
}
