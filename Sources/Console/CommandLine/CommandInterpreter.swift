import ClusterModel

/// Parses, completes and runs command-line text against `CommandSpec.all`.
public enum CommandInterpreter {
    /// What `Tab` makes of the text: the completed text and, when several candidates remain,
    /// the candidates to show.
    public static func complete(
        _ text: String, snapshot: ClusterSnapshot, commands: [CommandSpec] = CommandSpec.all
    ) -> (text: String, candidates: [String]) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let endsInSpace = text.last == " "
        if words.count <= 1 && !endsInSpace {
            let prefix = words.first ?? ""
            let names = commands.map(\.name).filter { $0.hasPrefix(prefix) }
            return completed(prefix: prefix, candidates: names, before: "") { name in
                CommandSpec.named(name, in: commands)?.argumentHint == nil ? name : name + " "
            }
        }
        guard let command = words.first.flatMap({ CommandSpec.named($0, in: commands) }) else { return (text, []) }
        let argument = endsInSpace ? "" : words.last ?? ""
        let before = endsInSpace ? text : String(text.dropLast(argument.count))
        let typed = Array(words.dropFirst().dropLast(endsInSpace ? 0 : 1))
        var seen = Set<String>()
        let candidates = command.argumentCompletions(typed, snapshot).filter {
            $0.hasPrefix(argument) && seen.insert($0).inserted
        }
        return completed(prefix: argument, candidates: candidates, before: before) { $0 + " " }
    }

    private static func completed(
        prefix: String, candidates: [String], before: String, finishing: (String) -> String
    ) -> (text: String, candidates: [String]) {
        guard let first = candidates.first else { return (before + prefix, []) }
        if candidates.count == 1 { return (before + finishing(first), []) }
        return (before + commonPrefix(candidates), candidates)
    }

    /// Runs `text`; an empty line does nothing.
    public static func run(
        _ text: String, snapshot: ClusterSnapshot, commands: [CommandSpec] = CommandSpec.all
    ) -> CommandSpec.Outcome? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first else { return nil }
        guard let command = CommandSpec.named(name, in: commands) else { return .failed(unknown(name, in: commands)) }
        return command.run(Array(words.dropFirst()), snapshot)
    }

    /// "unknown command 'brokrs' — did you mean 'brokers'?"
    static func unknown(_ name: String, in commands: [CommandSpec]) -> String {
        guard let suggestion = suggestion(for: name, in: commands) else {
            return "unknown command '\(name)' — try :help for the list"
        }
        return "unknown command '\(name)' — did you mean '\(suggestion)'?"
    }

    /// The command name closest to `name` by edit distance, when it is close enough to be a typo
    /// (or `name` is a prefix of exactly one command).
    static func suggestion(for name: String, in commands: [CommandSpec]) -> String? {
        let names = commands.map(\.name)
        let prefixed = names.filter { $0.hasPrefix(name) }
        if prefixed.count == 1 { return prefixed[0] }
        let scored = names.map { (name: $0, distance: editDistance(name, $0)) }
        guard let best = scored.min(by: { ($0.distance, $0.name) < ($1.distance, $1.name) }) else { return nil }
        return best.distance <= max(2, name.count / 3) ? best.name : nil
    }

    /// Levenshtein distance between two strings.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
