import TerminalUI

/// A message in the status line above the footer.
public struct StatusMessage: Hashable, Sendable {
    public enum Severity: Hashable, Sendable {
        case info
        case warning
        case error
    }

    public var text: String
    public var severity: Severity

    public init(_ text: String, severity: Severity = .info) {
        self.text = text
        self.severity = severity
    }
}

/// Everything the console remembers between frames. Rendering is a pure function of this state,
/// a `ClusterSnapshot` and the terminal size.
public struct ConsoleState: Hashable, Sendable {
    /// The version shown in the header.
    public var version: String
    /// Whether the help overlay is open.
    public var isHelpVisible = false
    /// Whether the user asked to quit.
    public private(set) var isQuitRequested = false
    /// The status line (theme warnings, command results).
    public var status: StatusMessage?

    /// The smallest terminal the console lays out panels in; smaller shows the enlarge screen.
    public static let minimumSize = Size(width: 80, height: 24)

    public init(version: String, status: StatusMessage? = nil) {
        self.version = version
        self.status = status
    }

    /// Applies one terminal event. Returns the action taken, if the event triggered one.
    @discardableResult
    public mutating func handle(_ event: TerminalEvent) -> ConsoleAction? {
        switch event {
        case .key(let key):
            guard let action = KeyBinding.action(for: key) else { return nil }
            perform(action)
            return action
        case .resize:
            // Layout is computed from the size at render time; nothing to remember.
            return nil
        case .stop:
            perform(.quit)
            return .quit
        }
    }

    private mutating func perform(_ action: ConsoleAction) {
        switch action {
        case .toggleHelp: isHelpVisible.toggle()
        case .closeOverlay: isHelpVisible = false
        case .quit: isQuitRequested = true
        }
    }
}
