import KafkaCore

/// Messages: from a node's output through the network to the receiver's `receive`.
extension World {
    /// Sends each message, in order, moving it out of the list (iterating would copy each one,
    /// retaining what it references, and the list would release them all again).
    mutating func send(_ outgoing: consuming [Outgoing<Message>], from id: NodeID, slot: Int?) {
        _ = sendEmptying(outgoing, from: id, slot: slot)
    }

    /// `send(_:from:slot:)`, then returns the emptied list with its storage, for `Node.recycle`.
    /// The list is reversed on its raw storage, which moves the messages; `Array.reverse` copied
    /// each one it swapped (retaining what it references) and destroyed the copy again.
    private mutating func sendEmptying(
        _ outgoing: consuming [Outgoing<Message>], from id: NodeID, slot: Int?
    ) -> [Outgoing<Message>] {
        var outgoing = outgoing
        if outgoing.count > 1 { outgoing.withUnsafeMutableBufferPointer { $0.reverse() } }
        while let message = outgoing.popLast() { send(message, from: id, slot: slot) }
        return outgoing
    }

    /// Sends what the node at `slot` returned and hands the emptied array back to it.
    mutating func send(returnedBy slot: Int, _ outgoing: consuming [Outgoing<Message>], from id: NodeID) {
        let emptied = sendEmptying(outgoing, from: id, slot: slot)
        // A node that stopped while handling the event is replaced on restart; it may still take
        // the storage back, as nothing it does with it is seen.
        if emptied.capacity > 0 { hosts[slot].node.recycle(emptied) }
    }

    mutating func send(_ outgoing: consuming Outgoing<Message>, from id: NodeID, slot: Int?) {
        statistics.messagesSent += 1
        let to = outgoing.to
        // The message moves from the node's output into the envelope, then into the queue.
        let envelope = Envelope(from: id, to: to, message: (consume outgoing).message)
        guard let toSlot = slots[to] else { return drop(envelope, .unknownDestination) }
        guard hosts[toSlot].status != .down else {
            refuse(envelope, toSlot: toSlot, fromSlot: slot)
            return drop(envelope, .destinationDown)
        }
        let linkSlot = linkSlot(from: id, slot: slot, to: to, slot: toSlot)
        let sizeInBytes = envelope.message.sizeInBytes
        switch network.route(on: linkSlot, sizeInBytes: sizeInBytes, at: clock.now) {
        case .dropped(let reason):
            drop(envelope, reason)
        case .arrives(let instant):
            let route = Route(
                sizeInBytes: sizeInBytes, sentAt: clock.now, fromSlot: slot, toSlot: toSlot, linkSlot: linkSlot,
                fromIncarnation: slot.map { hosts[$0].incarnation } ?? 0, toIncarnation: hosts[toSlot].incarnation)
            queue.push(.deliver(consume envelope, route, viaNetwork: true), at: instant)
        }
    }

    /// The network's handle for `from → to`, cached per pair of hosted slots.
    private mutating func linkSlot(from: NodeID, slot fromSlot: Int?, to: NodeID, slot toSlot: Int) -> LinkSlot {
        guard let fromSlot else { return network.slot(for: Link(from: from, to: to)) }
        if toSlot < linkSlots[fromSlot].count, let cached = linkSlots[fromSlot][toSlot] { return cached }
        let linkSlot = network.slot(for: Link(from: from, to: to))
        if toSlot >= linkSlots[fromSlot].count {
            linkSlots[fromSlot].append(contentsOf: repeatElement(nil, count: toSlot + 1 - linkSlots[fromSlot].count))
        }
        linkSlots[fromSlot][toSlot] = linkSlot
        return linkSlot
    }

    /// Hands `message` to the node at once, as from itself, bypassing the network (an operator
    /// command such as a controlled shutdown: it must reach an isolated node too). The node must
    /// be up; what it sends in answer goes through the network as usual.
    public mutating func command(_ id: NodeID, _ message: Message) {
        let slot = slot(of: id)
        precondition(hosts[slot].status == .up, "\(id) is \(hosts[slot].status) and cannot take a command")
        beginAction()
        let envelope = Envelope(from: id, to: id, message: message)
        record(.commanded(envelope))
        let outgoing = hosts[slot].node.receive(envelope, at: clock.now)
        send(outgoing, from: id, slot: slot)
        refreshTimer(slot)
    }

    /// A message to a down node whose machine refuses connections: the sender learns at once,
    /// one link latency later, through the message `refusal` makes of it (if any).
    private mutating func refuse(_ envelope: Envelope<Message>, toSlot: Int, fromSlot: Int?) {
        guard let refusal, hosts[toSlot].refusesConnections, let fromSlot, hosts[fromSlot].status == .up,
            let message = refusal(envelope)
        else { return }
        let back = Envelope(from: envelope.to, to: envelope.from, message: message)
        let linkSlot = linkSlot(from: envelope.to, slot: toSlot, to: envelope.from, slot: fromSlot)
        let route = Route(
            sizeInBytes: back.message.sizeInBytes, sentAt: clock.now, fromSlot: nil, toSlot: fromSlot,
            linkSlot: linkSlot, fromIncarnation: 0, toIncarnation: hosts[fromSlot].incarnation)
        let latency = network.config(for: Link(from: back.from, to: back.to)).latency
        queue.push(.deliver(back, route, viaNetwork: false), at: clock.now + latency)
    }

    mutating func drop(_ envelope: Envelope<Message>, _ reason: DropReason) {
        statistics.countDrop(reason)
        record(.dropped(envelope, reason))
    }

    /// A message comes due: dropped, held for a paused receiver, or handed over.
    mutating func arrive(_ envelope: consuming Envelope<Message>, _ route: Route, viaNetwork: Bool) {
        if viaNetwork {
            network.arrived(on: route.linkSlot)
            if network.isBlocked(route.linkSlot) { return dropOnArrival(envelope, .partitioned) }
        }
        if let reason = connectionFailure(of: route) { return dropOnArrival(envelope, reason) }
        // A down receiver was ruled out above: it is up or paused.
        guard hosts[route.toSlot].isPaused else { return hand(envelope, route) }
        guard hosts[route.toSlot].held.count < limits.heldPerNode else {
            return dropOnArrival(envelope, .heldOverflow)
        }
        statistics.messagesHeld += 1
        record(.held(copy envelope))
        hosts[route.toSlot].held.append(Transit(envelope: envelope, route: route))
    }

    /// Why the message's connection no longer exists, if it does not. Inlined: called, it took
    /// the world by value (a copy of half a kilobyte per message).
    @inline(__always)
    private func connectionFailure(of route: Route) -> DropReason? {
        // Field by field: copying a whole HostedNode would retain its node and closure.
        if hosts[route.toSlot].status == .down { return .destinationDown }
        if hosts[route.toSlot].incarnation != route.toIncarnation { return .connectionReset }
        if let fromSlot = route.fromSlot,
            hosts[fromSlot].status == .down || hosts[fromSlot].incarnation != route.fromIncarnation
        {
            return .connectionReset
        }
        return nil
    }

    private mutating func dropOnArrival(_ envelope: borrowing Envelope<Message>, _ reason: DropReason) {
        statistics.countDrop(reason)
        record(.dropped(copy envelope, reason))
    }

    /// Calls the receiver and reads its deadline, then sends what it answered and schedules its
    /// tick. The envelope moves into the receiver (see `Node.receive`).
    private mutating func hand(_ envelope: consuming Envelope<Message>, _ route: Route) {
        let slot = route.toSlot
        let receiver = envelope.to
        statistics.messagesDelivered += 1
        statistics.bytesDelivered += route.sizeInBytes
        recordDelivery(of: envelope, sentAt: route.sentAt)
        let (outgoing, deadline) = hosts[slot].node.receiveReadingDeadline(envelope, at: clock.now)
        send(returnedBy: slot, outgoing, from: receiver)
        refreshTimer(slot, deadline: deadline, afterTick: false)
    }
}
