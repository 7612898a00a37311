import TerminalUI

/// The themes `t` cycles through, and the one showing. The shipped themes come first in their
/// order (default, light, high-contrast, monochrome), then any others from the themes
/// directories by name; the theme the console started with is part of the cycle wherever it
/// came from.
public struct ThemeCycle: Hashable, Sendable {
    public private(set) var themes: [Theme]
    public private(set) var index: Int

    /// A cycle over `themes` showing `current`: a theme of the same name is replaced by it
    /// (a user's copy of `light.json` wins over the compiled-in one), else it goes first.
    public init(themes: [Theme], current: Theme) {
        var themes = themes
        if let position = themes.firstIndex(where: { $0.name == current.name }) {
            themes[position] = current
            index = position
        } else {
            themes.insert(current, at: 0)
            index = 0
        }
        self.themes = themes
    }

    /// The theme showing.
    public var current: Theme { themes[index] }

    /// Moves to the next theme, wrapping around.
    public mutating func advance() {
        index = (index + 1) % themes.count
    }

    /// Every theme the directories offer and every compiled-in one, loaded, in cycle order;
    /// themes that fail to load are left out (the status line reported the one asked for).
    public static func load(directories: [String], current: Theme) -> ThemeCycle {
        let available = ThemeLoader.availableThemes(in: directories)
        let shipped = BuiltinThemeSources.names
        let names = shipped + available.filter { !shipped.contains($0) }
        let themes = names.compactMap { name -> Theme? in
            let selection = ThemeLoader.load(name: name, directories: directories)
            return selection.warning == nil ? selection.theme : nil
        }
        return ThemeCycle(themes: themes, current: current)
    }
}
