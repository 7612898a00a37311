import TerminalUI

/// A one-line text editor for the command line (`:`) and the filter (`/`): typing appends,
/// `Backspace` deletes, `Ctrl-U` clears, `Ctrl-W` deletes a word, `Tab` asks for completion,
/// `Enter` submits, `Esc` cancels. It only edits text; what the text means is the caller's.
public struct LineEditor: Hashable, Sendable {
    /// What the line is for.
    public enum Purpose: Hashable, Sendable {
        case command
        case filter
    }

    /// What a key did.
    public enum Outcome: Hashable, Sendable {
        case edited
        case completionRequested
        case submitted(String)
        case cancelled
        /// A key the editor does not use.
        case ignored
    }

    public var purpose: Purpose
    public var text: String
    /// A hint drawn after the text (completion candidates, the argument a command wants).
    public var hint: String?

    public init(purpose: Purpose, text: String = "") {
        self.purpose = purpose
        self.text = text
    }

    /// The prompt character shown before the text.
    public var prompt: String { purpose == .command ? ":" : "/" }

    /// The editor's own keys, for help.
    public static let keys: [(keys: [Key], summary: String)] = [
        ([.tab], "complete"),
        ([.enter], "run / keep the filter"),
        ([.escape], "cancel (clears a filter)"),
        ([.backspace], "delete a character"),
        ([.ctrl("u"), .ctrl("w")], "clear line / delete word"),
    ]

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .character(let character):
            text.append(character)
            hint = nil
            return .edited
        case .backspace, .delete:
            // Backspace on an empty line leaves it, as in vim and k9s.
            guard !text.isEmpty else { return .cancelled }
            text.removeLast()
            hint = nil
            return .edited
        case .ctrl("u"):
            text = ""
            return .edited
        case .ctrl("w"):
            while text.last == " " { text.removeLast() }
            while let last = text.last, last != " " { text.removeLast() }
            return .edited
        case .tab:
            return .completionRequested
        case .enter:
            return .submitted(text)
        case .escape, .ctrl("c"):
            return .cancelled
        default:
            return .ignored
        }
    }
}
