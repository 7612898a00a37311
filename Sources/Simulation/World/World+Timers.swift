import KafkaCore

/// Ticks: exactly one live tick event per running node, at its `nextDeadline`.
///
/// Replacing a deadline bumps the node's tick generation and schedules a new event; the old one
/// stays in the heap and is skipped when it comes due (lazy cancellation keeps the heap simple).
extension World {
    /// Re-reads the node's deadline and makes the scheduled tick match it.
    mutating func refreshTimer(_ slot: Int) {
        guard hosts[slot].status == .up else { return }
        refreshTimer(slot, deadline: hosts[slot].nextDeadline(), afterTick: false)
    }

    /// Makes the scheduled tick match `deadline`, the node's `nextDeadline` read after its last
    /// `receive` or `tick` (see `Node.receiveReadingDeadline`). `afterTick`: the node has just
    /// ticked, so it must not ask for a tick at this same instant again.
    mutating func refreshTimer(_ slot: Int, deadline: Instant?, afterTick: Bool) {
        guard hosts[slot].status == .up else { return }
        if afterTick, let deadline {
            precondition(
                deadline > clock.now,
                "\(hosts[slot].id) asks to tick again at \(deadline) right after ticking at \(clock.now): "
                    + "tick(at:) must do all due work")
        }
        let target = deadline.map { max($0, clock.now) }
        guard target != hosts[slot].scheduledTick else { return }
        cancelTimer(slot)
        if let target {
            hosts[slot].scheduledTick = target
            queue.push(.tick(slot: slot, generation: hosts[slot].tickGeneration), at: target)
        }
    }

    mutating func cancelTimer(_ slot: Int) {
        hosts[slot].tickGeneration &+= 1
        hosts[slot].scheduledTick = nil
    }

    /// Runs a due tick; false when the tick was replaced or cancelled since it was scheduled.
    mutating func fireTick(slot: Int, generation: UInt64) -> Bool {
        guard hosts[slot].tickGeneration == generation else { return false }
        precondition(hosts[slot].status == .up, "\(hosts[slot].id) is \(hosts[slot].status) but its tick is live")
        hosts[slot].scheduledTick = nil
        statistics.ticks += 1
        let id = hosts[slot].id
        recordTick(of: id)
        let (outgoing, deadline) = hosts[slot].node.tickReadingDeadline(at: clock.now)
        send(returnedBy: slot, outgoing, from: id)
        refreshTimer(slot, deadline: deadline, afterTick: true)
        return true
    }
}
