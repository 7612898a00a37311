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
    /// `t`: the next theme.
    case cycleTheme
    /// `e`: explain the selected row (or close the explanation).
    case explain
}

/// One line of help: the keys, what they do, and the action they trigger. The help view is
/// rendered from `KeyBinding.all`, so it lists every key the console answers to, and nothing
/// it does not.
public struct KeyBinding: Hashable, Sendable {
    /// Where help lists a binding.
    public enum Section: String, Hashable, Sendable, CaseIterable {
        case views = "Views"
        case lists = "Lists"
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
            KeyBinding([.character("e")], "explain the selected row", .explain, section: .lists),
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
