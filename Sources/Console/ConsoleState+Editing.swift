import ClusterModel
import TerminalUI

extension ConsoleState {
    /// A key while the command line or filter is open: it edits the line; the filter applies
    /// as it is typed.
    mutating func edit(_ key: Key, snapshot: ClusterSnapshot) -> ConsoleAction? {
        guard var line = editor else { return nil }
        let outcome = line.handle(key)
        switch (line.purpose, outcome) {
        case (_, .ignored):
            return nil
        case (.filter, .edited):
            editor = line
            lists[screen, default: ListState()].filter = line.text
        case (.filter, .submitted), (.filter, .completionRequested):
            editor = nil
        case (.filter, .cancelled):
            editor = nil
            lists[screen, default: ListState()].filter = ""
        case (.command, .edited):
            editor = line
        case (.command, .completionRequested):
            let completion = CommandInterpreter.complete(line.text, snapshot: snapshot)
            line.text = completion.text
            line.hint = completion.candidates.isEmpty ? nil : completion.candidates.joined(separator: "  ")
            editor = line
        case (.command, .cancelled):
            editor = nil
        case (.command, .submitted(let text)):
            editor = nil
            switch CommandInterpreter.run(text, snapshot: snapshot) {
            case .perform(let action)?:
                status = nil
                perform(action, snapshot: snapshot)
                return action
            case .failed(let message)?:
                status = StatusMessage(message, severity: .error)
            case nil:
                break
            }
        }
        return nil
    }
}
