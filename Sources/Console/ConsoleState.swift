import ClusterModel
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
///
/// Screens form a stack: switching views (`1`–`7`, `Tab`, `:name`) replaces it, `Enter` pushes
/// a drilled-in screen, `Esc` pops one (after clearing a filter). Help is pushed over whatever
/// was showing so that `?` or `Esc` returns to it. Each screen keeps its own `ListState`, so
/// coming back finds the same selection, filter and sort.
public struct ConsoleState: Hashable, Sendable {
    /// The version shown in the header.
    public var version: String
    /// Whether the user asked to quit.
    public internal(set) var isQuitRequested = false
    /// The status line (theme warnings, command results).
    public var status: StatusMessage?
    /// The screens, the one showing last; never empty.
    public internal(set) var stack: [Screen] = [Screen(.overview)]
    /// Each screen's list state.
    public internal(set) var lists: [Screen: ListState] = [:]
    /// The command line or filter being edited, if any.
    public internal(set) var editor: LineEditor?
    /// The terminal's size, for page-sized moves (the loop keeps it current).
    public var terminalSize = ConsoleState.minimumSize
    /// Rates and sparklines, fed by `observe(_:)` once per frame.
    public internal(set) var history = MetricHistory()
    /// The scenario being run, if any: its title and latest `say` line (the banner), and whether
    /// it waits for Space. The runner sets it every frame.
    public var narration: ScenarioNarration?
    /// Set when the user pressed Space while the scenario waited; the runner resumes the
    /// scenario and clears it.
    public var isResumeRequested = false
    /// The themes `t` cycles through, and the one showing; `nil`: the loop's theme, fixed.
    public var themes: ThemeCycle?
    /// Whether the explanation of the selected row (`e`) is showing.
    public internal(set) var isExplaining = false
    /// How many pages the explanation is scrolled down (PgDn / PgUp while it shows).
    public internal(set) var explanationPage = 0
    /// What the operator asked of the cluster and of virtual time since the runner last looked:
    /// the runner takes them (`takeRequests()`) and hands them over, in order.
    public internal(set) var requests: [OperatorRequest] = []
    /// A destructive command's blast-radius preview, waiting for `y` (any other key cancels).
    public var preview: BlastRadius?
    /// Whether virtual time is paused by the operator (the runner keeps it current).
    public var isTimePaused = false

    /// The smallest terminal the console lays out panels in; smaller shows the enlarge screen.
    public static let minimumSize = Size(width: 80, height: 24)

    public init(version: String, status: StatusMessage? = nil) {
        self.version = version
        self.status = status
    }

    /// The screen showing.
    public var screen: Screen { stack.last ?? Screen(.overview) }

    /// Whether the help view is showing.
    public var isHelpVisible: Bool { screen.view == .help }

    /// The list state of `screen` (a fresh one if it was never visited).
    public func list(_ screen: Screen) -> ListState { lists[screen] ?? ListState() }

    /// Folds a snapshot into the history that rates and sparklines are drawn from.
    public mutating func observe(_ snapshot: ClusterSnapshot) {
        history.observe(snapshot)
    }

    /// Applies one terminal event. Returns the action taken, if the event triggered one.
    /// - Parameter snapshot: the cluster as last rendered, which list keys move within.
    @discardableResult
    public mutating func handle(_ event: TerminalEvent, snapshot: ClusterSnapshot = .empty) -> ConsoleAction? {
        switch event {
        case .key(let key):
            if preview != nil {
                answerPreview(key)
                return nil
            }
            if editor != nil {
                return edit(key, snapshot: snapshot)
            }
            if key == .character(" "), narration?.isWaitingForKey == true {
                isResumeRequested = true
                return nil
            }
            guard let action = KeyBinding.action(for: key) else { return nil }
            perform(action, snapshot: snapshot)
            return action
        case .resize(let size):
            terminalSize = size
            return nil
        case .stop:
            perform(.quit, snapshot: snapshot)
            return .quit
        }
    }

    mutating func perform(_ action: ConsoleAction, snapshot: ClusterSnapshot) {
        if isExplaining, action == .pageDown || action == .pageUp {
            scrollExplanation(by: action == .pageDown ? 1 : -1)
            return
        }
        switch action {
        case .showView(let view): show(view)
        case .nextView: show(screen.view.next)
        case .previousView: show(screen.view.previous)
        case .toggleHelp:
            if isHelpVisible { goBack() } else { show(.help) }
        case .back:
            if isExplaining {
                isExplaining = false
            } else if !list(screen).filter.isEmpty {
                lists[screen, default: ListState()].filter = ""
            } else {
                goBack()
            }
        case .quit: isQuitRequested = true
        case .cycleTheme: cycleTheme()
        case .explain: toggleExplanation(snapshot: snapshot)
        case .showFindings: showFindings()
        case .openCommandLine:
            editor = LineEditor(purpose: .command)
        case .openFilter:
            if screen.view.isList { editor = LineEditor(purpose: .filter, text: list(screen).filter) }
        case .moveUp, .moveDown, .moveToTop, .moveToBottom, .pageUp, .pageDown, .drillIn, .nextSortColumn,
            .previousSortColumn, .reverseSort, .toggleProblemsOnly:
            performListAction(action, snapshot: snapshot)
        case .operate, .operateOnSelection, .togglePause, .pauseTime, .resumeTime, .stepTime, .faster, .slower,
            .setSpeed:
            performOperatorAction(action, snapshot: snapshot)
        }
    }

    /// Shows `view` as the only screen; help goes over the current screen instead.
    mutating func show(_ view: ConsoleView) {
        // A command's error belongs to the screen it was typed on; warnings (themes) stay.
        if status?.severity == .error { status = nil }
        isExplaining = false
        if view == .help {
            if !isHelpVisible { stack.append(Screen(.help)) }
        } else {
            stack = [Screen(view)]
        }
    }

    /// Shows the checkers' findings as the only screen (the Events view, narrowed to them).
    mutating func showFindings() {
        if status?.severity == .error { status = nil }
        isExplaining = false
        stack = [Screen(.events, scope: .findings)]
    }

    mutating func goBack() {
        if stack.count > 1 {
            stack.removeLast()
        } else if isHelpVisible {
            stack = [Screen(.overview)]
        }
    }
}
