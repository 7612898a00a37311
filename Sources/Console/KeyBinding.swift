import TerminalUI

/// What a key does in the console. The help overlay is rendered from `KeyBinding.all`, so it
/// lists every key the console answers to, and nothing it does not.
public enum ConsoleAction: Hashable, Sendable {
    case toggleHelp
    case closeOverlay
    case quit
}

/// One line of the help overlay: the keys, what they do, and the action they trigger.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [Key]
    public var summary: String
    public var action: ConsoleAction

    /// Every key binding, in the order help lists them.
    public static let all: [KeyBinding] = [
        KeyBinding(keys: [.character("?"), .function(1)], summary: "show or hide this help", action: .toggleHelp),
        KeyBinding(keys: [.escape], summary: "close the help overlay", action: .closeOverlay),
        KeyBinding(keys: [.character("q"), .ctrl("c")], summary: "quit (the terminal is restored)", action: .quit),
    ]

    /// The action bound to `key`, if any.
    public static func action(for key: Key) -> ConsoleAction? {
        all.first { $0.keys.contains(key) }?.action
    }
}
