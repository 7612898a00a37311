/// The bounds on everything the world lets grow.
public struct WorldLimits: Hashable, Sendable {
    /// Events pending at once; exceeding it is a bug and stops the run.
    public var eventQueueCapacity: Int
    /// Messages in flight per directed link; more are dropped as `linkOverflow`.
    public var inFlightPerLink: Int
    /// Messages held for one paused node; more are dropped as `heldOverflow`.
    public var heldPerNode: Int
    /// Recent events kept in the trace ring; 0 keeps none (the digest still covers every event).
    public var traceCapacity: Int

    public init(
        eventQueueCapacity: Int = 1_000_000, inFlightPerLink: Int = 100_000, heldPerNode: Int = 100_000,
        traceCapacity: Int = 4_096
    ) {
        self.eventQueueCapacity = eventQueueCapacity
        self.inFlightPerLink = inFlightPerLink
        self.heldPerNode = heldPerNode
        self.traceCapacity = traceCapacity
    }
}
