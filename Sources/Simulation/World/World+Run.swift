import KafkaCore

/// Run modes: one event, N events, or everything up to an instant.
extension World {
    /// Processes the next event; nil when nothing is scheduled. Replaced or cancelled wake-ups
    /// are skipped on the way and do not count as events.
    @discardableResult
    public mutating func step() -> WorldEvent<Message>? { stepBuildingEvent(notAfter: nil) }

    /// Processes the next event if it is due at or before `limit`; nil when none is. Replaced or
    /// cancelled wake-ups before it are skipped, and one due later is left queued: the clock
    /// never passes `limit`.
    @discardableResult
    public mutating func step(notAfter limit: Instant) -> WorldEvent<Message>? { stepBuildingEvent(notAfter: limit) }

    /// Processes the next event if it is due at or before `limit` (any, when nil); whether there
    /// was one. The same as `step` for the world, but for a caller that does not look at the
    /// event: it is folded into the digest (and the trace, when the ring keeps any) without
    /// being built and handed back, which a long headless run would pay for at every event.
    @discardableResult
    public mutating func advance(notAfter limit: Instant? = nil) -> Bool { processNext(notAfter: limit) }

    /// Processes up to `count` events; returns how many there were.
    @discardableResult
    public mutating func run(events count: Int) -> Int {
        precondition(count >= 0, "cannot run a negative number of events: \(count)")
        var processed = 0
        while processed < count, processNext(notAfter: nil) { processed += 1 }
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
        while processed < eventLimit, processNext(notAfter: deadline) { processed += 1 }
        if queue.nextInstant.map({ $0 > deadline }) ?? true { advanceClock(to: deadline) }
        return processed
    }

    /// `run(until: now + duration)`.
    @discardableResult
    public mutating func run(for duration: Duration, eventLimit: Int = .max) -> Int {
        run(until: clock.now + duration, eventLimit: eventLimit)
    }

    /// `processNext` with `builtEvent` asked for and taken.
    private mutating func stepBuildingEvent(notAfter limit: Instant?) -> WorldEvent<Message>? {
        buildsEvents = true
        defer { buildsEvents = false }
        guard processNext(notAfter: limit) else { return nil }
        guard let event = builtEvent.take() else {
            preconditionFailure("an event was processed at \(clock.now) but none was recorded")
        }
        return event
    }

    /// Processes the next event due at or before `limit` (any, when nil); whether there was one.
    private mutating func processNext(notAfter limit: Instant?) -> Bool {
        while let instant = queue.nextInstant {
            if let limit, instant > limit { return false }
            guard let scheduled = queue.pop() else { return false }
            advanceClock(to: scheduled.instant)
            cause = scheduled.sequence
            if process(scheduled.payload) {
                statistics.eventsProcessed += 1
                return true
            }
            statistics.staleEventsSkipped += 1
        }
        return false
    }

    /// Whether the action was an event (false: a replaced or cancelled wake-up).
    private mutating func process(_ action: consuming WorldAction<Message>) -> Bool {
        switch consume action {
        case .deliver(let envelope, let route, let viaNetwork):
            arrive(envelope, route, viaNetwork: viaNetwork)
            return true
        case .tick(let slot, let generation): return fireTick(slot: slot, generation: generation)
        case .resume(let slot, let generation): return endPause(slot: slot, generation: generation)
        }
    }
}
