extension ConsoleState {
    /// `t`: shows the next theme of the cycle and names it in the status line.
    mutating func cycleTheme() {
        guard var cycle = themes, cycle.themes.count > 1 else {
            status = StatusMessage("no other theme to switch to (see Docs/THEMES.md)")
            return
        }
        cycle.advance()
        themes = cycle
        status = StatusMessage(
            "theme \(cycle.current.name) (\(cycle.index + 1) of \(cycle.themes.count)) — t for the next")
    }
}
