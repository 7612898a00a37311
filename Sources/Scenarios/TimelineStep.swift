import KafkaCore

/// `at T ACTION [for D]`: one thing that happens at a virtual time.
public struct TimelineStep: Sendable, Hashable {
    /// Since the start of the run.
    public var at: Duration
    public var action: Action
    /// `for D`: the fault heals itself after this long (the broker restarts, the partition
    /// heals, the link is restored, the rate goes back, the member rejoins). Required for
    /// `pause` (it is the pause); nil for a fault that lasts until a later step undoes it.
    /// Only actions with `Action.canHeal` have one.
    public var healsAfter: Duration?
    /// The 1-based line of the step.
    public var line: Int

    public init(at: Duration, action: Action, healsAfter: Duration? = nil, line: Int = 0) {
        self.at = at
        self.action = action
        self.healsAfter = healsAfter
        self.line = line
    }

    /// When the step's effect ends: `at + for`, the last restart of a `bounce`, else `at`.
    public var end: Duration {
        if case .bounce(_, let times, let every) = action {
            return at + Duration(microseconds: every.microseconds * Int64(max(0, times)))
        }
        return at + (healsAfter ?? .zero)
    }
}
