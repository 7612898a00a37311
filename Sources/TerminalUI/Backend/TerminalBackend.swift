/// The seam between the console and a terminal: the ncurses backend on a real terminal, the
/// headless backend in tests. Everything above it renders into `CellGrid`s.
public protocol TerminalBackend {
    /// The terminal's current size in cells.
    var size: Size { get }

    /// Shows `grid`, styled by `theme`. A backend draws only what changed since the last frame.
    mutating func present(_ grid: CellGrid, theme: Theme)

    /// Waits up to `timeoutMilliseconds` for the next event; `nil` when none arrived in time.
    mutating func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent?

    /// Gives the terminal back: normal screen, cursor, tty modes. Safe to call more than once.
    mutating func restore()
}
