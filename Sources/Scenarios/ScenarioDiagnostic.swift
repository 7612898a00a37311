/// One problem in a scenario file: where (`file:line:column`), what was wrong or expected, and
/// how to fix it.
public struct ScenarioDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based.
    public var line: Int
    /// 1-based, in characters.
    public var column: Int
    /// What is wrong, as one sentence without a final period: "unknown action 'kil' — did you
    /// mean 'kill'?".
    public var message: String
    /// How to fix it, when there is more to say than the message: "actions: say, kill, stop, …".
    public var hint: String?

    public init(file: String, line: Int, column: Int, message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: message`, then `  hint: …` on a second line when there is one.
    public var description: String {
        var text = "\(file):\(line):\(column): error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    /// `description`, with the offending source line and a caret under the column between the
    /// message and the hint, as compilers print them.
    public func rendered(source: String) -> String {
        var text = "\(file):\(line):\(column): error: \(message)"
        let lines = ScenarioLexer.lines(of: source)
        if line >= 1, line <= lines.count {
            let sourceLine = lines[line - 1]
            // Tabs stay tabs under the line, so the caret lines up however wide the terminal shows them.
            let margin = String(sourceLine.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " })
            text += "\n  \(sourceLine)\n  \(margin)^"
        }
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// Every problem found in a scenario file (never empty), in file order.
public struct ScenarioErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [ScenarioDiagnostic]

    public init(_ diagnostics: [ScenarioDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }

    /// Every diagnostic rendered with its source line (see `ScenarioDiagnostic.rendered`), then a
    /// count ("3 errors").
    public func rendered(source: String) -> String {
        let count = diagnostics.count == 1 ? "1 error" : "\(diagnostics.count) errors"
        return (diagnostics.map { $0.rendered(source: source) } + [count]).joined(separator: "\n")
    }
}
