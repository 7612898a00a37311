/// A key press, independent of how the terminal encoded it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (`q`, `?`, `1`, `中`).
    case character(Character)
    /// A control chord, `ctrl("c")` for Ctrl-C. Letters are lower case.
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete, insert
    /// A function key, `function(1)` for F1.
    case function(Int)

    /// How help screens and hints write the key: `q`, `Ctrl-C`, `↑`, `F1`.
    public var description: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .ctrl(let c): "Ctrl-\(c.uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .insert: "Insert"
        case .function(let n): "F\(n)"
        }
    }

    /// The key for a byte the terminal sent as a plain character: control bytes become chords
    /// (`0x03` → Ctrl-C), Enter/Tab/Esc/Backspace their own keys.
    public init?(byte scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x0A, 0x0D: self = .enter
        case 0x09: self = .tab
        case 0x1B: self = .escape
        case 0x08, 0x7F: self = .backspace
        case 0x01...0x1A: self = .ctrl(Character(Unicode.Scalar(scalar.value + 0x60) ?? "?"))
        case 0x00, 0x1C...0x1F: return nil
        default: self = .character(Character(scalar))
        }
    }
}

/// Why the process is being asked to stop.
public enum StopSignal: Hashable, Sendable, CustomStringConvertible {
    case interrupt
    case terminate
    case hangup

    public var description: String {
        switch self {
        case .interrupt: "SIGINT"
        case .terminate: "SIGTERM"
        case .hangup: "SIGHUP"
        }
    }
}

/// Something that happened at the terminal.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    /// The terminal changed size; the next frame should be rendered at `size`.
    case resize(Size)
    /// A signal asked the program to stop; the terminal must be restored before exiting.
    case stop(StopSignal)
}
