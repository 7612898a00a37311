import CNcursesw
import Glibc
import TerminalUI

/// The ncurses backend: the only code that talks to a real terminal.
///
/// It draws only the runs of cells that changed since the last frame (never `clear()` per
/// frame), resolves theme roles to 256, 8 or no colours depending on the terminal, turns
/// `KEY_RESIZE` into resize events and stop signals into stop events, and always gives the
/// terminal back: on `restore()`, on a stop signal (through the loop), and on a crash.
public struct CursesBackend: TerminalBackend {
    /// How many colours the terminal can show, which decides how themes are resolved.
    public typealias ColorMode = TerminalUI.ColorMode

    public private(set) var size: Size
    public let colorMode: ColorMode
    private let window: UnsafeMutablePointer<WINDOW>
    private let screen: OpaquePointer
    private var front: CellGrid?
    private var styleCache: [StyleRole: (attributes: attr_t, pair: Int32)] = [:]
    private var cachedTheme: Theme?
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var isActive = true

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// Opens the console on the process's terminal, or says why it cannot.
    /// - Parameter environment: `TERM` names the terminal; a non-empty `NO_COLOR` turns colour off.
    public static func open(environment: [String: String]) throws(TerminalUnavailable) -> CursesBackend {
        try open(term: environment["TERM"], noColor: ColorMode.isNoColorRequested(environment))
    }

    /// Opens the console on the process's terminal, or says why it cannot.
    public static func open(term: String?, noColor: Bool = false) throws(TerminalUnavailable) -> CursesBackend {
        if let problem = TerminalCheck.check(term: term) { throw problem }
        // Wide characters only render in a UTF-8 locale: take the user's, and if it is not
        // UTF-8 (LANG unset, LC_ALL=C) use C.UTF-8 for characters only.
        setlocale(LC_ALL, "")
        if String(cString: cnc_codeset()) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        SignalTraps.install()
        guard let output = cnc_fdopen(STDOUT_FILENO, "w"), let input = cnc_fdopen(STDIN_FILENO, "r"),
            let screen = newterm(nil, output, input), let window = cnc_stdscr()
        else {
            throw TerminalUnavailable(reason: "ncurses could not initialise TERM=\(term ?? "")")
        }
        return CursesBackend(screen: screen, window: window, noColor: noColor)
    }

    private init(screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, noColor: Bool) {
        self.screen = screen
        self.window = window
        // Raw, not cbreak: Ctrl-Z (show only problems) and Ctrl-C arrive as keys instead of signals;
        // Ctrl-C is bound to quit, so it still leaves cleanly.
        raw()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        // NO_COLOR: colour is never started, so not a single colour pair exists.
        if has_colors() && !noColor {
            start_color()
            use_default_colors()
        }
        let colors = has_colors() && !noColor ? Int(cnc_colors()) : 0
        colorMode = ColorMode.detect(colors: colors, environment: [:])
        size = Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }

    public mutating func present(_ grid: CellGrid, theme: Theme) {
        guard isActive else { return }
        if cachedTheme != theme {
            cachedTheme = theme
            styleCache.removeAll()
            front = nil
        }
        var buffer: [wchar_t] = []
        for run in grid.runs(since: front) {
            var (attributes, pair) = resolve(run.role, theme: theme)
            wattr_set(window, attributes, Int16(truncatingIfNeeded: pair), &pair)
            buffer.removeAll(keepingCapacity: true)
            for scalar in run.scalars {
                buffer.append(wchar_t(bitPattern: scalar.value))
            }
            // Writing the bottom-right cell makes ncurses report ERR (the cursor cannot move on);
            // the character is drawn all the same.
            _ = mvwaddnwstr(window, Int32(run.y), Int32(run.x), buffer, Int32(buffer.count))
        }
        front = grid
        wnoutrefresh(window)
        doupdate()
    }

    public mutating func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        guard isActive else { return nil }
        if let signal = SignalTraps.takeStopSignal() { return .stop(Self.stopSignal(signal)) }
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var character: wint_t = 0
        let status = wget_wch(window, &character)
        if let signal = SignalTraps.takeStopSignal() { return .stop(Self.stopSignal(signal)) }
        switch status {
        case KEY_CODE_YES:
            if Int32(character) == KEY_RESIZE {
                size = Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
                front = nil
                clearok(window, true)
                return .resize(size)
            }
            return Self.functionKey(Int32(character)).map { .key($0) }
        case OK:
            guard let scalar = Unicode.Scalar(UInt32(character)), let key = Key(byte: scalar) else { return nil }
            return .key(key)
        default:
            return nil
        }
    }

    /// Standard input, where ncurses reads keys (`nil` once the terminal is given back). Keys
    /// ncurses already buffered are not visible on it: read `nextEvent(timeoutMilliseconds: 0)`
    /// before waiting on it.
    public var inputDescriptor: Int32? { isActive ? STDIN_FILENO : nil }

    public mutating func restore() {
        guard isActive else { return }
        isActive = false
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    private static func stopSignal(_ number: Int32) -> StopSignal {
        switch number {
        case SIGINT: .interrupt
        case SIGHUP: .hangup
        default: .terminate
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_IC: .insert
        case KEY_BTAB: .backTab
        case (KEY_F0 + 1)...(KEY_F0 + 24): .function(Int(code - KEY_F0))
        default: nil
        }
    }

    /// The curses attributes and colour pair for a role under this terminal's colour mode.
    private mutating func resolve(_ role: StyleRole, theme: Theme) -> (attr_t, Int32) {
        if let cached = styleCache[role] { return cached }
        let style = ResolvedStyle.resolve(role, theme: theme, mode: colorMode)
        var attributes = CNC_A_NORMAL
        if style.bold { attributes |= CNC_A_BOLD }
        if style.dim { attributes |= CNC_A_DIM }
        if style.italic { attributes |= CNC_A_ITALIC }
        if style.underline { attributes |= CNC_A_UNDERLINE }
        if style.reverse { attributes |= CNC_A_REVERSE }
        let pair = style.usesColor ? colorPair(foreground: style.foreground, background: style.background) : 0
        styleCache[role] = (attributes, pair)
        return (attributes, pair)
    }

    private mutating func colorPair(foreground: Int?, background: Int?) -> Int32 {
        let key = PairKey(foreground: Int32(foreground ?? -1), background: Int32(background ?? -1))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let existing = pairs[key] { return existing }
        guard nextPair < cnc_color_pairs() else { return 0 }
        let pair = nextPair
        nextPair += 1
        init_extended_pair(pair, key.foreground, key.background)
        pairs[key] = pair
        return pair
    }
}
