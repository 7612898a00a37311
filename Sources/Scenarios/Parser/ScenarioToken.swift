/// One token of a scenario line: a word, a quoted string, or a brace.
struct ScenarioToken: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// A run of characters up to whitespace, `#`, `"`, `{` or `}`: keywords, names, numbers,
        /// durations (`30s`), sizes (`1KiB`), rates (`200/s`), `NAME=VALUE`.
        case word
        /// `"…"` with `\"` and `\\` escapes; `text` holds the unescaped contents.
        case string
        case openBrace
        case closeBrace
    }

    var kind: Kind
    var text: String
    /// 1-based line and column of the token's first character.
    var line: Int
    var column: Int
    /// Characters the token spans in the source (quotes and escapes included).
    var width: Int

    /// How the token reads in a message: `'kil'`, `"…"`, `{`, `}`.
    var quoted: String {
        switch kind {
        case .word: "'\(text)'"
        case .string: "a quoted text"
        case .openBrace: "'{'"
        case .closeBrace: "'}'"
        }
    }
}
