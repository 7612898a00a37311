/// A named mapping from every `StyleRole` to how it looks.
///
/// Themes are JSON files in `Themes/` (see `Docs/THEMES.md`); `Theme.default` is compiled in
/// from the same text as `Themes/default.json`, so the console looks right even when the folder
/// is missing.
public struct Theme: Hashable, Sendable {
    public var name: String
    private var styles: [StyleRole: RoleStyle]

    /// A theme where every role has a style; roles missing from `styles` take `fallback`'s.
    public init(name: String, styles: [StyleRole: RoleStyle], fallback: Theme? = nil) {
        self.name = name
        var complete: [StyleRole: RoleStyle] = [:]
        for role in StyleRole.allCases {
            complete[role] = styles[role] ?? fallback?.styles[role] ?? RoleStyle()
        }
        self.styles = complete
    }

    public func style(for role: StyleRole) -> RoleStyle {
        styles[role] ?? RoleStyle()
    }

    /// The compiled-in default theme, parsed from `DefaultThemeSource.json`.
    public static let `default`: Theme = {
        switch ThemeDecoder.decode(DefaultThemeSource.json, fallback: nil) {
        case .success(let theme):
            return theme
        case .failure(let problem):
            preconditionFailure("the compiled-in default theme is invalid: \(problem)")
        }
    }()
}
