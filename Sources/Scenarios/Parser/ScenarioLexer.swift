/// Splits scenario text into lines and lines into tokens. Comments (`#` to the end of the line,
/// outside quotes) and blank lines disappear; problems (an unterminated quote, an unknown
/// escape) become diagnostics and the line keeps what could be read.
enum ScenarioLexer {
    /// The lines of `text`, split at `\n`, `\r\n` or `\r`, without the terminators.
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    /// The tokens of each line that has any, with its 1-based number.
    static func tokenize(_ text: String, file: String) -> (lines: [[ScenarioToken]], diagnostics: [ScenarioDiagnostic])
    {
        var result: [[ScenarioToken]] = []
        var diagnostics: [ScenarioDiagnostic] = []
        for (index, line) in lines(of: text).enumerated() {
            let tokens = tokenize(line: line, number: index + 1, file: file, diagnostics: &diagnostics)
            if !tokens.isEmpty { result.append(tokens) }
        }
        return (result, diagnostics)
    }

    private static func tokenize(
        line: Substring, number: Int, file: String, diagnostics: inout [ScenarioDiagnostic]
    ) -> [ScenarioToken] {
        let characters = Array(line)
        var tokens: [ScenarioToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "#" {
                break
            } else if character == "{" || character == "}" {
                tokens.append(
                    ScenarioToken(
                        kind: character == "{" ? .openBrace : .closeBrace, text: String(character), line: number,
                        column: column, width: 1))
                index += 1
            } else if character == "\"" {
                var text = ""
                var closed = false
                index += 1
                while index < characters.count {
                    let next = characters[index]
                    if next == "\"" {
                        closed = true
                        index += 1
                        break
                    }
                    if next == "\\" {
                        let escaped = index + 1 < characters.count ? characters[index + 1] : nil
                        switch escaped {
                        case "\"": text.append("\"")
                        case "\\": text.append("\\")
                        default:
                            diagnostics.append(
                                ScenarioDiagnostic(
                                    file: file, line: number, column: index + 1,
                                    message: "unknown escape '\\\(escaped.map(String.init) ?? "")' in quoted text",
                                    hint: "inside quotes write \\\" for a quote and \\\\ for a backslash"))
                            if let escaped { text.append(escaped) }
                        }
                        index += 2
                        continue
                    }
                    text.append(next)
                    index += 1
                }
                if !closed {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            file: file, line: number, column: column, message: "quoted text is not closed",
                            hint: "end it with \" on the same line"))
                }
                tokens.append(
                    ScenarioToken(kind: .string, text: text, line: number, column: column, width: index + 1 - column))
            } else {
                var text = ""
                while index < characters.count {
                    let next = characters[index]
                    if next.isWhitespace || next == "#" || next == "\"" || next == "{" || next == "}" { break }
                    text.append(next)
                    index += 1
                }
                tokens.append(
                    ScenarioToken(kind: .word, text: text, line: number, column: column, width: index + 1 - column))
            }
        }
        return tokens
    }
}
