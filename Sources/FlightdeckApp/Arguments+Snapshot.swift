import Console
import KafkaCore
import TerminalUI

/// `flightdeck snapshot`: one view of the console rendered headless, as plain text.
public struct SnapshotOptions: Hashable, Sendable {
    /// `--view NAME`: which view (default `overview`).
    public var view: ConsoleView = .overview
    /// `--at DURATION`: the virtual time of the snapshot (default 30 s).
    public var at: Duration = .seconds(30)
    /// `--seed N` (default 1, or the scenario's own seed).
    public var seed: UInt64?
    /// `--width W --height H`: the terminal the view is rendered for (default 120×40).
    public var width = 120
    public var height = 40
    /// `--scenario FILE|NAME`: a scenario instead of the default cluster.
    public var scenario: String?
    /// `--select ROW`: the list row to select (`orders-3`, `broker:2`, `group:analytics`).
    public var select: String?
    /// `--explain`: with `--select`, open the explain overlay on that row.
    public var explain = false

    public init(view: ConsoleView = .overview, at: Duration = .seconds(30), seed: UInt64? = nil) {
        self.view = view
        self.at = at
        self.seed = seed
    }
}

extension Arguments {
    static let snapshotFlags = [
        "--help", "--view", "--at", "--seed", "--width", "--height", "--scenario", "--select", "--explain",
    ]

    static func parseSnapshot(_ cursor: inout ArgumentCursor) throws(UsageError) -> Invocation {
        var options = SnapshotOptions()
        while let (flag, inline) = cursor.next() {
            switch flag {
            case "-h", "--help":
                try cursor.refuseValue(inline, for: flag)
                return .help(subcommand: "snapshot")
            case "--view":
                let name = try cursor.value(for: flag, inline: inline)
                let names = ConsoleView.allCases.map(\.name)
                guard let view = ConsoleView.allCases.first(where: { $0.name == name }) else {
                    let hint = closestMatch(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
                    throw UsageError("unknown view '\(name)'\(hint); views: \(names.joined(separator: ", "))")
                }
                options.view = view
            case "--at":
                let text = try cursor.value(for: flag, inline: inline)
                guard let duration = parseDuration(text), duration <= .seconds(86_400) else {
                    throw UsageError(
                        "option '--at' needs a virtual time up to 24h such as 30s, 1500ms, 2m or 1h, got '\(text)'")
                }
                options.at = duration
            case "--seed":
                options.seed = try cursor.seed(for: flag, inline: inline)
            case "--width":
                options.width = try cursor.positiveInteger(for: flag, inline: inline, limit: 1000)
            case "--height":
                options.height = try cursor.positiveInteger(for: flag, inline: inline, limit: 1000)
            case "--scenario":
                options.scenario = try cursor.value(for: flag, inline: inline)
            case "--select":
                options.select = try cursor.value(for: flag, inline: inline)
            case "--explain":
                try cursor.refuseValue(inline, for: flag)
                options.explain = true
            default:
                throw unknown(flag, known: snapshotFlags)
            }
        }
        if options.explain && options.select == nil {
            throw UsageError("option '--explain' needs --select ROW: the row to explain (orders-0, broker:2, …)")
        }
        return .snapshot(options)
    }

    /// `30s`, `1500ms`, `2m`, `1h`, or a bare number of seconds (`0.5`).
    static func parseDuration(_ text: String) -> Duration? {
        let units: [(suffix: String, microseconds: Double)] = [
            ("ms", 1_000), ("us", 1), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let number = Double(text.dropLast(unit.suffix.count)), number >= 0, number.isFinite else {
                return nil
            }
            return .microseconds(Int64((number * unit.microseconds).rounded()))
        }
        guard let seconds = Double(text), seconds >= 0, seconds.isFinite else { return nil }
        return .microseconds(Int64((seconds * 1_000_000).rounded()))
    }

    /// The text of `flightdeck snapshot --help`.
    public static let snapshotUsage = """
        Usage: flightdeck snapshot [--view NAME] [--at 30s] [--seed N] [--width W --height H]
                                   [--scenario FILE|NAME] [--select ROW [--explain]]

        Runs the default cluster (or a scenario) headless in virtual time up to the given
        instant, exactly as the console would at 10 frames a second, and prints one view as
        plain text: no colours, no escape codes. For docs, bug reports and tests: the same
        seed gives the same text.

        Options:
          --view NAME           overview, brokers, topics, partitions, groups, events or help
                                (default overview)
          --at DURATION         virtual time of the snapshot: 30s, 1500ms, 2m (default 30s)
          --seed N              the seed (default 1, or the scenario's own)
          --width W             columns (default 120)
          --height H            rows (default 40); below 80×24 the console asks to enlarge
          --scenario FILE|NAME  run a scenario (a file or a built-in name) instead
          --select ROW          select a row of the view's list: orders-3, broker:2, topic:orders,
                                group:analytics
          --explain             open the explain overlay (key e) on the selected row
          -h, --help            show this help
        """
}
