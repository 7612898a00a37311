/// The scenarios built into the binary, so `flightdeck run NAME` works from any directory.
/// Each entry's text lives in its own file under `Library/` (one scenario per file).
public enum ScenarioLibrary {
    /// One built-in scenario: its name, its one-line summary (the scenario's `title`), its text.
    public struct Entry: Sendable, Hashable {
        public let name: String
        public let summary: String
        public let text: String

        public init(name: String, summary: String, text: String) {
            self.name = name
            self.summary = summary
            self.text = text
        }

        /// The parsed scenario, with `library:NAME` as its source.
        public func parse() throws(ScenarioErrors) -> Scenario {
            try ScenarioParser.parse(text, file: "library:\(name)")
        }
    }

    /// Every built-in scenario: the use cases first, then the drills.
    public static let all: [Entry] = [
        orderProcessing, clickstream, iotSensors, logAggregation, eventBus, eventSourcing,
        leaderLoss, controllerLoss, twoBrokersLost, acksOneVersusAll, uncleanElection, slowFollower,
        networkPartition, rollingRestart, consumerCrash, lagSpike, diskFull, hotKey,
    ]

    /// The entry called `name`, if there is one.
    public static func named(_ name: String) -> Entry? { all.first { $0.name == name } }

    /// The names, for "did you mean" suggestions.
    public static var names: [String] { all.map(\.name) }

    /// The library name closest to `name`, when it looks like a typo of one.
    public static func suggestion(for name: String) -> String? { closestMatch(to: name, in: names) }
}
