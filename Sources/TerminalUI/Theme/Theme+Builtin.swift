extension Theme {
    /// The shipped theme called `name` (`default`, `light`, `high-contrast`, `monochrome`),
    /// compiled in; `nil` for any other name.
    public static func builtin(named name: String) -> Theme? {
        guard let json = BuiltinThemeSources.json(named: name) else { return nil }
        switch ThemeDecoder.decode(json, fallback: .default) {
        case .success(let theme): return theme
        case .failure(let problem): preconditionFailure("the compiled-in theme \(name) is invalid: \(problem)")
        }
    }

    /// The compiled-in `monochrome` theme: attributes only, what `NO_COLOR` shows.
    public static let monochrome: Theme = builtin(named: "monochrome") ?? .default

    /// Every shipped theme, in the order `t` cycles through them.
    public static var builtins: [Theme] { BuiltinThemeSources.names.compactMap { builtin(named: $0) } }
}
