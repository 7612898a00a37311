/// The texts of the other themes shipped in `Themes/`, compiled in like the default (see
/// `DefaultThemeSource`) so that `t` can cycle through all four even when the folder is
/// missing. A test checks each is byte-for-byte its file: edit both together.
public enum BuiltinThemeSources {
    /// The shipped themes in the order `t` cycles through them.
    public static let names = ["default", "light", "high-contrast", "monochrome"]

    /// The text of the shipped theme called `name`.
    public static func json(named name: String) -> String? {
        switch name {
        case "default": DefaultThemeSource.json
        case "light": light
        case "high-contrast": highContrast
        case "monochrome": monochrome
        default: nil
        }
    }

    /// The text of `Themes/light.json`.
    static let light = #"""
        {
          "name": "light",
          "description": "For terminals with a light background: darker inks, the same meanings.",
          "palette": {
            "ink": "#262626",
            "ash": "#6c6c6c",
            "navy": "#005f87",
            "azure": "#0087d7",
            "pine": "#008700",
            "rust": "#af5f00",
            "brick": "#d70000",
            "violet": "#8700af",
            "paper": "#eeeeee",
            "bar": "#d0d0d0",
            "wine": "#870000"
          },
          "roles": {
            "text":      { "fg": "ink" },
            "muted":     { "fg": "ash" },
            "border":    { "fg": "navy" },
            "title":     { "fg": "azure", "bold": true },
            "selection": { "fg": "paper", "bg": "azure", "bold": true },
            "healthy":   { "fg": "pine" },
            "warning":   { "fg": "rust", "bold": true },
            "critical":  { "fg": "brick", "bold": true },
            "offline":   { "fg": "paper", "bg": "wine", "bold": true },
            "leader":    { "fg": "violet", "bold": true },
            "follower":  { "fg": "navy" },
            "accent":    { "fg": "violet", "bold": true },
            "header":    { "fg": "ink" },
            "footer":    { "fg": "ink", "bg": "bar" },
            "key":       { "fg": "wine", "bg": "bar", "bold": true }
          }
        }

        """#

    /// The text of `Themes/high-contrast.json`.
    static let highContrast = #"""
        {
          "name": "high-contrast",
          "description": "Maximum contrast for low vision and bright rooms: pure colours on black, bold states.",
          "palette": {
            "snow": "#ffffff",
            "coal": "#000000",
            "lime": "#00ff00",
            "sun": "#ffff00",
            "blood": "#ff0000",
            "ice": "#00ffff",
            "orchid": "#ff00ff",
            "silver": "#c0c0c0"
          },
          "roles": {
            "text":      { "fg": "snow", "bg": "coal" },
            "muted":     { "fg": "silver", "bg": "coal" },
            "border":    { "fg": "snow", "bg": "coal" },
            "title":     { "fg": "ice", "bg": "coal", "bold": true, "underline": true },
            "selection": { "fg": "coal", "bg": "sun", "bold": true },
            "healthy":   { "fg": "lime", "bg": "coal", "bold": true },
            "warning":   { "fg": "sun", "bg": "coal", "bold": true, "underline": true },
            "critical":  { "fg": "snow", "bg": "blood", "bold": true },
            "offline":   { "fg": "coal", "bg": "snow", "bold": true },
            "leader":    { "fg": "sun", "bg": "coal", "bold": true },
            "follower":  { "fg": "ice", "bg": "coal" },
            "accent":    { "fg": "orchid", "bg": "coal", "bold": true },
            "header":    { "fg": "snow", "bg": "coal", "bold": true },
            "footer":    { "fg": "coal", "bg": "silver" },
            "key":       { "fg": "coal", "bg": "ice", "bold": true }
          }
        }

        """#

    /// The text of `Themes/monochrome.json`.
    static let monochrome = #"""
        {
          "name": "monochrome",
          "description": "No colours at all, only attributes: for NO_COLOR, monochrome terminals and printouts.",
          "roles": {
            "text":      { "fg": "default" },
            "muted":     { "fg": "default", "dim": true },
            "border":    { "fg": "default", "dim": true },
            "title":     { "fg": "default", "bold": true },
            "selection": { "fg": "default", "reverse": true, "bold": true },
            "healthy":   { "fg": "default" },
            "warning":   { "fg": "default", "bold": true },
            "critical":  { "fg": "default", "bold": true, "underline": true },
            "offline":   { "fg": "default", "reverse": true },
            "leader":    { "fg": "default", "bold": true },
            "follower":  { "fg": "default" },
            "accent":    { "fg": "default", "bold": true },
            "header":    { "fg": "default" },
            "footer":    { "fg": "default", "reverse": true },
            "key":       { "fg": "default", "reverse": true, "bold": true }
          }
        }

        """#
}
