/// A terminal with no terminal: it records every presented frame and replays scripted events.
/// Tests drive the console through it exactly as through ncurses.
public struct HeadlessBackend: TerminalBackend {
    public private(set) var size: Size
    /// Every frame presented, oldest first.
    public private(set) var frames: [CellGrid] = []
    /// The runs a diffing backend would have drawn for each frame.
    public private(set) var drawnRuns: [[CellRun]] = []
    /// Events still to be delivered, in order.
    public var pendingEvents: [TerminalEvent]
    /// Whether `restore()` was called.
    public private(set) var restored = false

    public init(size: Size, events: [TerminalEvent] = []) {
        self.size = size
        pendingEvents = events
    }

    public var lastFrame: CellGrid? { frames.last }

    public mutating func present(_ grid: CellGrid, theme: Theme) {
        drawnRuns.append(grid.runs(since: frames.last))
        frames.append(grid)
    }

    /// Delivers the next scripted event; a `.resize` also changes `size`, as a terminal would.
    /// Once the script is exhausted the terminal hangs up (`.stop(.hangup)`), so a loop driven by
    /// a script that forgot to quit still ends.
    public mutating func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        guard !pendingEvents.isEmpty else { return .stop(.hangup) }
        let event = pendingEvents.removeFirst()
        if case .resize(let newSize) = event { size = newSize }
        return event
    }

    public mutating func restore() {
        restored = true
    }
}
