/// How many colours the terminal shows, which decides how a theme's colours are resolved.
public enum ColorMode: Hashable, Sendable {
    /// xterm's 256 colours: `#rrggbb` snaps to the nearest one.
    case xterm256
    /// The 8 ANSI colours: each colour snaps to the nearest by hue.
    case ansi8
    /// No colour at all: only attributes (bold, dim, underline, reverse).
    case monochrome

    /// The mode for a terminal that reports `colors` colours, in an environment that may set
    /// `NO_COLOR`: any non-empty value turns colour off (no-color.org), whatever the terminal can do.
    public static func detect(colors: Int, environment: [String: String]) -> ColorMode {
        if isNoColorRequested(environment) { return .monochrome }
        return colors >= 256 ? .xterm256 : (colors >= 8 ? .ansi8 : .monochrome)
    }

    /// Whether `NO_COLOR` is set to a non-empty value.
    public static func isNoColorRequested(_ environment: [String: String]) -> Bool {
        environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    }
}

/// A role's look resolved for one colour mode: the attributes to set, and the palette indexes
/// of its colours (`nil`: the terminal's own colour; both `nil`: no colour pair at all).
public struct ResolvedStyle: Hashable, Sendable {
    public var bold = false
    public var dim = false
    public var italic = false
    public var underline = false
    public var reverse = false
    public var foreground: Int?
    public var background: Int?

    /// Whether drawing it needs a colour pair.
    public var usesColor: Bool { foreground != nil || background != nil }

    /// `role`'s style in `theme` under `mode`. Without colour, only the attributes remain, and a
    /// role whose background differs from ordinary text's (a selection, an offline badge) turns
    /// to reverse video so that it still stands out.
    public static func resolve(_ role: StyleRole, theme: Theme, mode: ColorMode) -> ResolvedStyle {
        let style = theme.style(for: role)
        var resolved = ResolvedStyle(
            bold: style.bold, dim: style.dim, italic: style.italic, underline: style.underline, reverse: style.reverse)
        switch mode {
        case .monochrome:
            if style.background != theme.style(for: .text).background { resolved.reverse = true }
        case .xterm256:
            resolved.foreground = style.foreground.xterm256Index
            resolved.background = style.background.xterm256Index
        case .ansi8:
            resolved.foreground = style.foreground.ansi8Index
            resolved.background = style.background.ansi8Index
        }
        return resolved
    }
}
