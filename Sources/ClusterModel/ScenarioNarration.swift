/// What the console shows of a scenario it runs: its title, the latest `say` line, and whether
/// virtual time is paused until the user presses Space.
///
/// Plain values, so the console can show a scenario without knowing how it runs.
public struct ScenarioNarration: Hashable, Sendable {
    /// The scenario's name (`leader-loss`).
    public var name: String
    /// How `flightdeck run` finds it again (the built-in name or the file), and the seed it runs
    /// with, for the scorecard at the end.
    public var reference: String
    public var seed: UInt64
    /// The scenario's `title "…"`.
    public var title: String
    /// The latest `say` line; it stays until the next one.
    public var text: String?
    /// Whether the latest `say` asked to wait: virtual time stands still until Space.
    public var isWaitingForKey: Bool
    /// Whether the scenario's duration has ended (or its setup failed).
    public var isFinished: Bool
    /// Why the setup failed, when it did.
    public var failure: String?

    public init(
        name: String, reference: String? = nil, seed: UInt64 = 1, title: String, text: String? = nil,
        isWaitingForKey: Bool = false, isFinished: Bool = false,
        failure: String? = nil
    ) {
        self.name = name
        self.reference = reference ?? name
        self.seed = seed
        self.title = title
        self.text = text
        self.isWaitingForKey = isWaitingForKey
        self.isFinished = isFinished
        self.failure = failure
    }
}
