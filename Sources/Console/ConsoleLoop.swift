import ClusterModel
import TerminalUI

/// The console's update/render loop over any terminal backend: render the state into a frame,
/// present it, wait for one event until the next frame is due, apply it; until quit.
///
/// The same loop drives ncurses in `flightdeck` and the headless backend in tests.
public enum ConsoleLoop {
    /// Runs until the state asks to quit, then restores the terminal.
    /// - Parameters:
    ///   - snapshot: the cluster as the console sees it, asked for once per frame.
    ///   - afterPresent: called after every presented frame (tests and diagnostics).
    public static func run<Backend: TerminalBackend>(
        backend: inout Backend, state: inout ConsoleState, theme: Theme, frameMilliseconds: Int,
        snapshot: () -> ClusterSnapshot, afterPresent: () -> Void = {}
    ) {
        run(
            backend: &backend, state: &state, theme: theme, frameMilliseconds: frameMilliseconds,
            frame: { _ in snapshot() }, afterPresent: afterPresent)
    }

    /// Runs until the state asks to quit, then restores the terminal.
    /// - Parameters:
    ///   - frame: advances the cluster and returns it as the console sees it, once per frame; it
    ///     may update the state first (a scenario's narration, a resume the user asked for).
    ///   - afterPresent: called after every presented frame (tests and diagnostics).
    public static func run<Backend: TerminalBackend>(
        backend: inout Backend, state: inout ConsoleState, theme: Theme, frameMilliseconds: Int,
        frame: (inout ConsoleState) -> ClusterSnapshot, afterPresent: () -> Void = {}
    ) {
        while !state.isQuitRequested {
            let current = frame(&state)
            state.terminalSize = backend.size
            state.observe(current)
            let grid = ConsoleRenderer.render(state, snapshot: current, size: backend.size)
            backend.present(grid, theme: state.themes?.current ?? theme)
            afterPresent()
            if let event = backend.nextEvent(timeoutMilliseconds: frameMilliseconds) {
                // Keys act on the rows the user just saw.
                state.handle(event, snapshot: current)
            }
        }
        backend.restore()
    }
}
