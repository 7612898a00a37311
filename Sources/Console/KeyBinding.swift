import TerminalUI

/// What a key does in the console.
public enum ConsoleAction: Hashable, Sendable {
    case showView(ConsoleView)
    case nextView
    case previousView
    case openCommandLine
    case toggleHelp
    /// `Esc`: clears the filter, else goes back one screen.
    case back
    case quit
    case moveUp
    case moveDown
    case moveToTop
    case moveToBottom
    case pageUp
    case pageDown
    case drillIn
    case openFilter
    case nextSortColumn
    case previousSortColumn
    case reverseSort
    case toggleProblemsOnly
    /// An operator's command for the cluster (`kill 2`), as the scenario language writes it.
    case operate(String)
    /// A key that acts on the selected row (`K` kills the selected broker).
    case operateOnSelection(SelectionVerb)
    /// Space: pause or resume virtual time (or let a drill's `say … wait` go on).
    case togglePause
    case pauseTime
    case resumeTime
    /// Advance virtual time by one slice while paused.
    case stepTime
    case faster
    case slower
    case setSpeed(Double)
    /// `t`: the next theme.
    case cycleTheme
    /// `e`: explain the selected row (or close the explanation).
    case explain
    /// `F`: what the checkers found, in full.
    case showFindings
}

/// What a key does to the selected row; `SelectionVerb.command(for:)` words it as a command.
public enum SelectionVerb: String, Hashable, Sendable, CaseIterable {
    case kill
    case stop
    case restart
    case pause
    case isolate
    case crashConsumer = "crash-consumer"
    case closeConsumer = "close-consumer"
    case addConsumer = "add-consumer"
}

/// One line of help: the keys, what they do, and the action they trigger. The help view is
/// rendered from `KeyBinding.all`, so it lists every key the console answers to, and nothing
/// it does not.
public struct KeyBinding: Hashable, Sendable {
    /// Where help lists a binding.
    public enum Section: String, Hashable, Sendable, CaseIterable {
        case views = "Views"
        case lists = "Lists"
        case operate = "Operate on the selection"
        case time = "Virtual time"
        case general = "General"
    }

    public var keys: [Key]
    public var summary: String
    public var action: ConsoleAction
    public var section: Section

    public init(_ keys: [Key], _ summary: String, _ action: ConsoleAction, section: Section) {
        self.keys = keys
        self.summary = summary
        self.action = action
        self.section = section
    }

    /// Every key binding, in the order help lists them.
    public static let all: [KeyBinding] =
        ConsoleView.allCases.map { view in
            KeyBinding([.character(view.digit)], "\(view.name) view", .showView(view), section: .views)
        } + [
            KeyBinding([.tab], "next view", .nextView, section: .views),
            KeyBinding([.backTab], "previous view", .previousView, section: .views),
            KeyBinding([.character(":")], "command line (:brokers…)", .openCommandLine, section: .views),
            KeyBinding(
                [.character("F")], "checker findings (lost…)", .showFindings, section: .views),
            KeyBinding([.up, .character("k")], "move up", .moveUp, section: .lists),
            KeyBinding([.down, .character("j")], "move down", .moveDown, section: .lists),
            KeyBinding([.character("g"), .home], "first row", .moveToTop, section: .lists),
            KeyBinding([.character("G"), .end], "last row (events follow)", .moveToBottom, section: .lists),
            KeyBinding([.pageUp, .ctrl("b")], "page up", .pageUp, section: .lists),
            KeyBinding([.pageDown, .ctrl("f")], "page down", .pageDown, section: .lists),
            KeyBinding([.enter], "drill in", .drillIn, section: .lists),
            KeyBinding([.character("/")], "filter (live)", .openFilter, section: .lists),
            KeyBinding(
                [.character("s"), .character(">")], "sort by the next column", .nextSortColumn,
                section: .lists),
            KeyBinding([.character("<")], "sort by the previous column", .previousSortColumn, section: .lists),
            KeyBinding([.character("S")], "reverse the sort", .reverseSort, section: .lists),
            KeyBinding([.ctrl("z")], "only problems (toggle)", .toggleProblemsOnly, section: .lists),
            KeyBinding([.character("e")], "explain", .explain, section: .operate),
            KeyBinding(
                [.character("K"), .ctrl("k")], "kill -9 the broker (partitions: its leader)",
                .operateOnSelection(.kill), section: .operate),
            KeyBinding([.character("X")], "stop the broker gracefully", .operateOnSelection(.stop), section: .operate),
            KeyBinding([.character("R")], "restart the broker", .operateOnSelection(.restart), section: .operate),
            KeyBinding([.character("P")], "pause the broker for 10s", .operateOnSelection(.pause), section: .operate),
            KeyBinding(
                [.character("I")], "isolate the broker (network)", .operateOnSelection(.isolate), section: .operate),
            KeyBinding(
                [.character("C")], "crash a member of the group", .operateOnSelection(.crashConsumer),
                section: .operate),
            KeyBinding(
                [.character("L")], "close a member of the group (leaves)", .operateOnSelection(.closeConsumer),
                section: .operate),
            KeyBinding(
                [.character("A")], "add a member to the group", .operateOnSelection(.addConsumer), section: .operate),
            KeyBinding([.character(" ")], "pause / resume (a drill's wait: go on)", .togglePause, section: .time),
            KeyBinding([.character(".")], "step 100 ms while paused", .stepTime, section: .time),
            KeyBinding([.character("+"), .character("=")], "faster", .faster, section: .time),
            KeyBinding([.character("-")], "slower", .slower, section: .time),
            KeyBinding([.character("?"), .function(1)], "show or hide help", .toggleHelp, section: .general),
            KeyBinding([.escape], "clear the filter, else back", .back, section: .general),
            KeyBinding([.character("t")], "next theme", .cycleTheme, section: .general),
            KeyBinding([.character("q"), .ctrl("c")], "quit", .quit, section: .general),
        ]

    /// The action bound to `key`, if any.
    public static func action(for key: Key) -> ConsoleAction? {
        all.first { $0.keys.contains(key) }?.action
    }
}
