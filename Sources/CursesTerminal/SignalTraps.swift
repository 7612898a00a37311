import CNcursesw
import Glibc
import Synchronization

/// The last stop signal received (0: none). Written only by the signal handler, read by the loop.
private let pendingStopSignal = Atomic<Int32>(0)

/// The crash signals whose handlers restore the terminal before the process dies.
private let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]

/// The handlers that were installed before ours (the Swift runtime's backtracer among them),
/// indexed like `crashSignals`. Written once before curses starts, read only while crashing.
nonisolated(unsafe) private var previousCrashActions = crashSignals.map { _ in sigaction() }

/// Signal handling for a full-screen program: stop signals become events the loop handles
/// (so it restores the terminal and exits normally), and crash signals restore the terminal
/// before the default action — or the runtime's backtracer — runs.
///
/// Install before `newterm`: ncurses only takes over signals still at their default, and
/// SIGWINCH must stay with ncurses, which turns it into `KEY_RESIZE`.
enum SignalTraps {
    static func install() {
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                pendingStopSignal.store(number, ordering: .relaxed)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
        for (index, signal) in crashSignals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                // Best effort: endwin is not async-signal-safe, but the process is dying anyway
                // and a terminal left in the alternate screen is worse.
                endwin()
                let notice: StaticString = "\nflightdeck crashed; the terminal was restored. Details follow.\n"
                _ = write(STDERR_FILENO, notice.utf8Start, notice.utf8CodeUnitCount)
                if let index = crashSignals.firstIndex(of: number) {
                    sigaction(number, &previousCrashActions[index], nil)
                } else {
                    Glibc.signal(number, SIG_DFL)
                }
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, &previousCrashActions[index])
        }
    }

    /// The stop signal received since the last call, if any.
    static func takeStopSignal() -> Int32? {
        let number = pendingStopSignal.exchange(0, ordering: .relaxed)
        return number == 0 ? nil : number
    }
}
