import ClusterModel

/// One command of the command line: its names, the argument it takes, how its argument
/// completes, and what it does: views (`:brokers`), the operator's actions (`:kill 2`, handed to
/// the cluster) and the controls of virtual time (`:pause`, `:speed 10`).
public struct CommandSpec: Sendable {
    /// What running a command asks of the console.
    public enum Outcome: Hashable, Sendable {
        case perform(ConsoleAction)
        case failed(String)
    }

    /// The name completion offers and help lists.
    public var name: String
    /// Shorter names that run it too (`:br`, `:cg`).
    public var aliases: [String]
    /// The argument, as help shows it (`<broker>`), or `nil` for none.
    public var argumentHint: String?
    public var summary: String
    /// Candidate arguments, from the cluster as it is now, given the arguments already typed
    /// before the one being completed.
    public var argumentCompletions: @Sendable ([String], ClusterSnapshot) -> [String]
    /// Runs the command with its arguments.
    public var run: @Sendable ([String], ClusterSnapshot) -> Outcome

    public init(
        name: String, aliases: [String] = [], argumentHint: String? = nil, summary: String,
        completions: @escaping @Sendable (ClusterSnapshot) -> [String] = { _ in [] },
        run: @escaping @Sendable ([String], ClusterSnapshot) -> Outcome
    ) {
        self.init(
            name: name, aliases: aliases, argumentHint: argumentHint, summary: summary,
            arguments: { _, snapshot in completions(snapshot) }, run: run)
    }

    /// A command whose completions depend on the arguments before the one completed
    /// (`kill leader of ` completes partitions).
    public init(
        name: String, aliases: [String] = [], argumentHint: String? = nil, summary: String,
        arguments: @escaping @Sendable ([String], ClusterSnapshot) -> [String],
        run: @escaping @Sendable ([String], ClusterSnapshot) -> Outcome
    ) {
        self.name = name
        self.aliases = aliases
        self.argumentHint = argumentHint
        self.summary = summary
        self.argumentCompletions = arguments
        self.run = run
    }

    /// Every command, in the order help lists them.
    public static let all: [CommandSpec] =
        viewCommands + [findingsCommand, partitionCommand] + actionCommands + timeCommands + [
            CommandSpec(name: "quit", aliases: ["q", "q!"], summary: "quit") { _, _ in .perform(.quit) }
        ]

    /// `:overview`, `:brokers`…: one per view, with the aliases k9s users expect.
    static let viewCommands: [CommandSpec] = ConsoleView.allCases.map { view in
        CommandSpec(name: view.name, aliases: aliases(of: view), summary: "show the \(view.name) view") {
            arguments, _ in
            arguments.isEmpty
                ? .perform(.showView(view)) : .failed(":\(view.name) takes no argument (got '\(arguments[0])')")
        }
    }

    /// `:findings`: what the checkers found, in full.
    static let findingsCommand = CommandSpec(
        name: "findings", aliases: ["checks"], summary: "show what the checkers found (lost, duplicated, skipped…)"
    ) { arguments, _ in
        arguments.isEmpty ? .perform(.showFindings) : .failed(":findings takes no argument (got '\(arguments[0])')")
    }

    private static func aliases(of view: ConsoleView) -> [String] {
        switch view {
        case .overview: ["o", "ov"]
        case .brokers: ["b", "br", "broker"]
        case .topics: ["t", "topic"]
        case .partitions: ["p"]
        case .groups: ["g", "cg", "group"]
        case .events: ["e", "ev", "event"]
        case .help: ["h", "?"]
        }
    }

    /// The command called `name` (or one of its aliases) among `commands`.
    public static func named(_ name: String, in commands: [CommandSpec] = all) -> CommandSpec? {
        commands.first { $0.name == name || $0.aliases.contains(name) }
    }
}
