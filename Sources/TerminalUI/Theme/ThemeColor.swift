/// A colour as a theme states it, resolved per terminal: 24-bit colours snap to the nearest of
/// xterm's 256 colours, or of the 8 ANSI colours on terminals with fewer.
public enum ThemeColor: Hashable, Sendable, CustomStringConvertible {
    /// The terminal's own foreground or background (ncurses colour -1).
    case terminalDefault
    /// An xterm palette index: 0–7 ANSI, 8–15 bright, 16–231 the 6×6×6 cube, 232–255 greys.
    case indexed(UInt8)
    /// A 24-bit colour, `#rrggbb` in theme files.
    case rgb(UInt8, UInt8, UInt8)

    /// The ANSI colour names theme files may use, by their index.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta",
        "bright-cyan", "bright-white",
    ]

    public var description: String {
        switch self {
        case .terminalDefault: "default"
        case .indexed(let index): String(index)
        case .rgb(let r, let g, let b): "#" + [r, g, b].map { Self.hex($0) }.joined()
        }
    }

    /// The xterm-256 index for this colour, or `nil` for the terminal default.
    public var xterm256Index: Int? {
        switch self {
        case .terminalDefault: return nil
        case .indexed(let index): return Int(index)
        case .rgb(let r, let g, let b):
            var best = 16
            var bestDistance = Int.max
            for index in 16..<256 {
                let distance = Self.distance(Self.xtermRGB(index), (Int(r), Int(g), Int(b)))
                if distance < bestDistance {
                    best = index
                    bestDistance = distance
                }
            }
            return best
        }
    }

    /// The nearest of the 8 basic ANSI colours, or `nil` for the terminal default.
    public var ansi8Index: Int? {
        switch self {
        case .terminalDefault: return nil
        case .indexed(let index) where index < 16: return Int(index) % 8
        case .indexed(let index): return Self.nearestANSI(Self.xtermRGB(Int(index)))
        case .rgb(let r, let g, let b): return Self.nearestANSI((Int(r), Int(g), Int(b)))
        }
    }

    /// The RGB value xterm shows for palette index `index`.
    static func xtermRGB(_ index: Int) -> (Int, Int, Int) {
        switch index {
        case 0..<16:
            return basic16[index]
        case 16..<232:
            let cube = index - 16
            let level = { (step: Int) in step == 0 ? 0 : 55 + step * 40 }
            return (level(cube / 36), level(cube / 6 % 6), level(cube % 6))
        default:
            let grey = 8 + (index - 232) * 10
            return (grey, grey, grey)
        }
    }

    private static let basic16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The nearest ANSI colour by hue family: saturated colours keep their hue even when dark,
    /// so a dark green stays green rather than becoming black.
    private static func nearestANSI(_ rgb: (Int, Int, Int)) -> Int {
        let (r, g, b) = rgb
        let high = max(r, g, b)
        let low = min(r, g, b)
        if high - low < 40 {
            return high < 64 ? 0 : 7
        }
        let threshold = low + (high - low) / 2
        let index = (r > threshold ? 1 : 0) | (g > threshold ? 2 : 0) | (b > threshold ? 4 : 0)
        return index
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        // Weighted Euclidean distance: the eye is most sensitive to green, least to blue.
        let dr = a.0 - b.0
        let dg = a.1 - b.1
        let db = a.2 - b.2
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

/// How one role looks: colours and attributes. On a monochrome terminal only the attributes
/// remain, plus reverse video for roles with a background, so selections stay visible.
public struct RoleStyle: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var bold: Bool
    public var dim: Bool
    public var italic: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(
        foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault, bold: Bool = false,
        dim: Bool = false, italic: Bool = false, underline: Bool = false, reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.italic = italic
        self.underline = underline
        self.reverse = reverse
    }
}
