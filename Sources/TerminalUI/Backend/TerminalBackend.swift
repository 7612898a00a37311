/// The seam between the console and a terminal: the ncurses backend on a real terminal, the
/// headless backend in tests. Everything above it renders into `CellGrid`s.
public protocol TerminalBackend {
    /// The terminal's current size in cells.
    var size: Size { get }

    /// Shows `grid`, styled by `theme`. A backend draws only what changed since the last frame.
    mutating func present(_ grid: CellGrid, theme: Theme)

    /// Waits up to `timeoutMilliseconds` for the next event; `nil` when none arrived in time.
    mutating func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent?

    /// The file descriptor keys arrive on, for a caller that waits on it together with other
    /// descriptors in one `poll(2)` (the console's listeners); `nil` when there is none.
    var inputDescriptor: Int32? { get }

    /// Gives the terminal back: normal screen, cursor, tty modes. Safe to call more than once.
    mutating func restore()
}

extension TerminalBackend {
    /// No descriptor: callers that need one wait in slices through `nextEvent` instead.
    public var inputDescriptor: Int32? { nil }
}
