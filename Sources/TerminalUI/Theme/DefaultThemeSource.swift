/// The text of `Themes/default.json`, compiled in so the console has a theme when the folder is
/// missing. A test checks that the two are byte-for-byte identical: edit both together.
public enum DefaultThemeSource {
    public static let json = #"""
        {
          "name": "default",
          "description": "Flightdeck's stock theme: the terminal's own background, k9s-like accents.",
          "palette": {
            "ink": "#d0d0d0",
            "ash": "#808080",
            "slate": "#5f87af",
            "sky": "#5fafff",
            "leaf": "#5fd75f",
            "amber": "#ffaf00",
            "ember": "#ff5f5f",
            "plum": "#d787ff",
            "night": "#1c1c1c",
            "bar": "#303030",
            "gold": "#ffd75f"
          },
          "roles": {
            "text":      { "fg": "ink" },
            "muted":     { "fg": "ash" },
            "border":    { "fg": "slate" },
            "title":     { "fg": "sky", "bold": true },
            "selection": { "fg": "night", "bg": "sky", "bold": true },
            "healthy":   { "fg": "leaf" },
            "warning":   { "fg": "amber", "bold": true },
            "critical":  { "fg": "ember", "bold": true },
            "offline":   { "fg": "ink", "bg": "#870000", "bold": true },
            "leader":    { "fg": "gold", "bold": true },
            "follower":  { "fg": "sky" },
            "accent":    { "fg": "plum", "bold": true },
            "header":    { "fg": "ink" },
            "footer":    { "fg": "ash", "bg": "bar" },
            "key":       { "fg": "gold", "bg": "bar", "bold": true }
          }
        }

        """#
}
