import KafkaCore

/// Run modes: one event, N events, or everything up to an instant.
extension World {
    /// Processes the next event; nil when nothing is scheduled. Replaced or cancelled wake-ups
    /// are skipped on the way and do not count as events.
    @discardableResult
    public mutating func step() -> WorldEvent<Message>? { processNext(notAfter: nil) }

    /// Processes the next event if it is due at or before `limit`; nil when none is. Replaced or
    /// cancelled wake-ups before it are skipped, and one due later is left queued: the clock
    /// never passes `limit`.
    @discardableResult
    public mutating func step(notAfter limit: Instant) -> WorldEvent<Message>? { processNext(notAfter: limit) }

    /// Processes up to `count` events; returns how many there were.
    @discardableResult
    public mutating func run(events count: Int) -> Int {
        precondition(count >= 0, "cannot run a negative number of events: \(count)")
        var processed = 0
        while processed < count, processNext(notAfter: nil) != nil { processed += 1 }
        return processed
    }

    /// Processes every event due at or before `deadline`, then moves the clock to `deadline`.
    /// With an `eventLimit` (bounded work per frame) it may stop early, leaving the clock at the
    /// last event processed; compare `now` with `deadline` to tell. Returns the events processed.
    @discardableResult
    public mutating func run(until deadline: Instant, eventLimit: Int = .max) -> Int {
        precondition(deadline >= clock.now, "cannot run back to \(deadline) from \(clock.now)")
        precondition(eventLimit >= 0, "the event limit cannot be negative: \(eventLimit)")
        var processed = 0
        while processed < eventLimit, processNext(notAfter: deadline) != nil { processed += 1 }
        if queue.nextInstant.map({ $0 > deadline }) ?? true { advanceClock(to: deadline) }
        return processed
    }

    /// `run(until: now + duration)`.
    @discardableResult
    public mutating func run(for duration: Duration, eventLimit: Int = .max) -> Int {
        run(until: clock.now + duration, eventLimit: eventLimit)
    }

    private mutating func processNext(notAfter limit: Instant?) -> WorldEvent<Message>? {
        while let instant = queue.nextInstant {
            if let limit, instant > limit { return nil }
            guard let scheduled = queue.pop() else { return nil }
            advanceClock(to: scheduled.instant)
            cause = scheduled.sequence
            if let event = process(scheduled.payload) {
                statistics.eventsProcessed += 1
                return event
            }
            statistics.staleEventsSkipped += 1
        }
        return nil
    }

    private mutating func process(_ action: consuming WorldAction<Message>) -> WorldEvent<Message>? {
        switch consume action {
        case .deliver(let transit, let viaNetwork): arrive(transit, viaNetwork: viaNetwork)
        case .tick(let slot, let generation): fireTick(slot: slot, generation: generation)
        case .resume(let slot, let generation): endPause(slot: slot, generation: generation)
        }
    }
}
