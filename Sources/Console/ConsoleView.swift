/// The console's views, in the order `1`–`7` and `Tab` reach them.
public enum ConsoleView: Int, CaseIterable, Hashable, Sendable {
    case overview = 1
    case brokers
    case topics
    case partitions
    case groups
    case events
    case help

    /// The name used by `:name` on the command line.
    public var name: String {
        switch self {
        case .overview: "overview"
        case .brokers: "brokers"
        case .topics: "topics"
        case .partitions: "partitions"
        case .groups: "groups"
        case .events: "events"
        case .help: "help"
        }
    }

    /// The title in the view's frame.
    public var title: String {
        switch self {
        case .overview: "Overview"
        case .brokers: "Brokers"
        case .topics: "Topics"
        case .partitions: "Partitions"
        case .groups: "Consumer groups"
        case .events: "Events"
        case .help: "Help — keys and commands"
        }
    }

    /// The digit that jumps to it.
    public var digit: Character { Character(String(rawValue)) }

    /// The view after this one (`Tab`), wrapping around.
    public var next: ConsoleView { ConsoleView(rawValue: rawValue % Self.allCases.count + 1) ?? .overview }

    /// The view before this one (`Shift-Tab`), wrapping around.
    public var previous: ConsoleView {
        ConsoleView(rawValue: (rawValue + Self.allCases.count - 2) % Self.allCases.count + 1) ?? .overview
    }

    /// Whether it shows a list the navigation keys move in.
    public var isList: Bool { self != .overview && self != .help }
}

/// One screen on the view stack: a view, narrowed to one broker, topic or group after a
/// drill-in (`Enter`).
public struct Screen: Hashable, Sendable {
    /// What a drilled-in screen is narrowed to.
    public enum Scope: Hashable, Sendable {
        case all
        /// Partitions with a replica on this broker.
        case broker(Int32)
        /// Partitions of this topic.
        case topic(String)
        /// One group's members and per-partition lag.
        case group(String)
        /// Events about one partition (`orders-3`) and the brokers that hold it.
        case partition(String)
        /// What the checkers found (`F`, `:findings`): lost and duplicated records, skips…
        case findings
    }

    public var view: ConsoleView
    public var scope: Scope

    public init(_ view: ConsoleView, scope: Scope = .all) {
        self.view = view
        self.scope = scope
    }

    /// The frame title: the view's, plus what it is narrowed to.
    var title: String {
        switch scope {
        case .all: view.title
        case .broker(let id): "\(view.title) — broker \(id)"
        case .topic(let name): "\(view.title) — topic \(name)"
        case .group(let id): "Group \(id)"
        case .partition(let name): "\(view.title) — \(name)"
        case .findings: "Checker findings"
        }
    }
}
