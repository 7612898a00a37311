import CNcursesw
import Glibc

/// Why the console cannot run on this terminal, in words a user can act on.
public struct TerminalUnavailable: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String

    public var description: String {
        "cannot open the console: \(reason)"
    }
}

/// Checks, before ncurses touches anything, that standard input and output are a terminal that
/// can address the cursor. ncurses' own `initscr` prints and exits on an unknown `TERM`, and
/// happily writes escape codes into a pipe; this check never prints and never exits.
public enum TerminalCheck {
    public static func check(term: String?) -> TerminalUnavailable? {
        if isatty(STDIN_FILENO) == 0 {
            return TerminalUnavailable(reason: "standard input is not a terminal (the console reads keys from it)")
        }
        if isatty(STDOUT_FILENO) == 0 {
            return TerminalUnavailable(
                reason: "standard output is not a terminal (it is redirected to a pipe or a file)")
        }
        guard let term, !term.isEmpty else {
            return TerminalUnavailable(
                reason: "TERM is not set, so the terminal type is unknown (try TERM=xterm-256color)")
        }
        switch cnc_check_terminal(term, STDOUT_FILENO) {
        case 1:
            return nil
        case 0:
            return TerminalUnavailable(
                reason: "TERM=\(term) is not a terminal type the terminfo database knows (try TERM=xterm-256color)")
        case -2:
            return TerminalUnavailable(reason: "TERM=\(term) cannot move the cursor (try TERM=xterm-256color)")
        case -3:
            return TerminalUnavailable(reason: "TERM=\(term) is a hardcopy terminal, which cannot show a console")
        default:
            return TerminalUnavailable(
                reason: "no terminfo database found for TERM=\(term) (install ncurses-base)")
        }
    }
}
