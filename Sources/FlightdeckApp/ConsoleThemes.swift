import Console
import TerminalUI

/// The console's themes at start: the cycle `t` walks, starting at the theme asked for, or at
/// `monochrome` when `NO_COLOR` is set and no theme was named (no-color.org: colour stays off
/// whatever the theme; the attributes keep health readable).
enum ConsoleThemes {
    static func cycle(
        selection: ThemeSelection, requested: String?, directories: [String], environment: [String: String]
    ) -> ThemeCycle {
        let start = requested == nil && ColorMode.isNoColorRequested(environment) ? Theme.monochrome : selection.theme
        return ThemeCycle.load(directories: directories, current: start)
    }

    /// What the status line says at start about colour, if anything.
    static func notice(environment: [String: String]) -> String? {
        ColorMode.isNoColorRequested(environment)
            ? "NO_COLOR is set: no colours, only bold, underline and reverse" : nil
    }
}
