import TerminalUI

/// One line of an explanation: plain words, in a role (a heading, a warning, a note).
public struct ExplainLine: Hashable, Sendable {
    public var text: String
    public var role: StyleRole
    /// Columns to indent by (the wrapped continuation lines keep it).
    public var indent: Int

    public init(_ text: String, _ role: StyleRole = .text, indent: Int = 0) {
        self.text = text
        self.role = role
        self.indent = indent
    }

    static func heading(_ text: String) -> ExplainLine { ExplainLine(text, .title) }
    static func item(_ text: String, _ role: StyleRole = .text) -> ExplainLine { ExplainLine(text, role, indent: 2) }
    static let blank = ExplainLine("")
}
