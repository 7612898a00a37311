import Foundation
import Testing

@testable import TerminalUI

@Suite struct ThemeTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("the compiled-in default theme is byte-for-byte Themes/default.json")
    func compiledInMatchesFile() throws {
        let file = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("Themes/default.json"), encoding: .utf8)
        #expect(file == DefaultThemeSource.json)
    }

    @Test("every theme shipped in Themes/ loads without a warning")
    func shippedThemesLoad() throws {
        let directory = Self.repositoryRoot.appendingPathComponent("Themes").path
        let names = ThemeLoader.availableThemes(in: [directory])
        #expect(names.contains("default"))
        for name in names {
            let selection = ThemeLoader.load(name: name, directories: [directory])
            #expect(selection.warning == nil, "\(name): \(selection.warning ?? "")")
            #expect(selection.theme.name == name)
        }
    }

    @Test("the default theme defines the required roles with distinct looks for states")
    func defaultRoles() {
        let theme = Theme.default
        #expect(theme.name == "default")
        #expect(theme.style(for: .healthy).foreground != theme.style(for: .critical).foreground)
        #expect(theme.style(for: .selection).background != .terminalDefault)
        #expect(theme.style(for: .title).bold)
    }

    @Test("a valid theme resolves palette names, ANSI names, hex and indexes; missing roles fall back")
    func decodeValid() throws {
        let text = """
            { "name": "night", "palette": { "moss": "#5f8700" },
              "roles": { "healthy": { "fg": "moss" }, "warning": { "fg": "bright-yellow", "bg": 236, "underline": true },
                         "critical": { "fg": "#FF0000" } } }
            """
        let theme = try ThemeDecoder.decode(text, fallback: .default).get()
        #expect(theme.name == "night")
        #expect(theme.style(for: .healthy).foreground == .rgb(0x5f, 0x87, 0x00))
        #expect(
            theme.style(for: .warning)
                == RoleStyle(foreground: .indexed(11), background: .indexed(236), underline: true))
        #expect(theme.style(for: .critical).foreground == .rgb(255, 0, 0))
        #expect(theme.style(for: .border) == Theme.default.style(for: .border))
    }

    @Test(
        "a malformed theme reports what is wrong and where",
        arguments: [
            (
                "{ \"roles\": { \"text\": { \"fg\": \"ink\" } ",
                "1:38: invalid JSON: unexpected end of file inside an object, expected '}'"
            ),
            (
                "{\n  \"roles\": {\n    \"helthy\": {}\n  }\n}",
                "3:5: \"helthy\" is not a role; did you mean \"healthy\"?"
            ),
            (
                "{ \"roles\": { \"text\": { \"fg\": \"#12345\" } } }",
                "1:30: \"#12345\" is not a colour; write #rrggbb with six hex digits"
            ),
            ("{ \"roles\": { \"text\": { \"fg\": 300 } } }", "1:30: colour index 300.0 is outside 0–255"),
            (
                "{ \"roles\": { \"text\": { \"bold\": \"yes\" } } }",
                "1:32: \"bold\" must be true or false, found a string"
            ),
            ("{ \"name\": \"x\" }", "1:1: the theme has no \"roles\" object"),
            ("{ \"roles\": {}, \"pallete\": {} }", "1:16: unknown key \"pallete\"; did you mean \"palette\"?"),
            ("[1, 2]", "1:1: the theme must be an object, found an array"),
            (
                "{ \"roles\": { \"text\": { \"fg\": \"inky\" } } }",
                "1:30: unknown colour \"inky\" (use \"default\", #rrggbb, 0–255, an ANSI name or a palette name)"
            ),
        ])
    func decodeMalformed(text: String, expected: String) {
        switch ThemeDecoder.decode(text, fallback: .default) {
        case .success: Issue.record("decoded a malformed theme: \(text)")
        case .failure(let problem): #expect(problem.description == expected)
        }
    }

    @Test("a missing theme falls back to the default with a warning naming it and the choices")
    func missing() throws {
        let directory = try temporaryDirectory()
        try Data(DefaultThemeSource.json.utf8).write(to: URL(fileURLWithPath: directory + "/default.json"))
        let selection = ThemeLoader.load(name: "solarized", directories: [directory])
        #expect(selection.theme == .default)
        #expect(
            selection.warning
                == "theme \"solarized\" not found in \(directory) (available: default, high-contrast, light, "
                + "monochrome); using the default"
        )
    }

    @Test("a theme file with a syntax error falls back with file:line:column in the warning")
    func malformedFile() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/broken.json"
        try Data("{\n  \"roles\": {\n    \"text\": { \"fg\": \"red\" },\n  }\n}\n".utf8).write(
            to: URL(fileURLWithPath: path))
        let selection = ThemeLoader.load(name: "broken", directories: [directory])
        #expect(selection.theme == .default)
        #expect(selection.warning == "\(path):4:3: invalid JSON: expected a quoted key; using the default")
    }

    @Test("a theme can be given by path; an unreadable path says why")
    func byPath() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/mine.json"
        try Data(#"{ "name": "mine", "roles": { "text": { "fg": "red" } } }"#.utf8).write(
            to: URL(fileURLWithPath: path))
        #expect(ThemeLoader.load(name: path, directories: []).theme.name == "mine")
        let missing = ThemeLoader.load(name: directory + "/nope.json", directories: [])
        #expect(missing.warning == "theme \"\(directory)/nope.json\" not found; using the default")
    }

    @Test("without a themes folder the default theme is compiled in and no warning is shown")
    func noFolder() {
        let selection = ThemeLoader.load(name: nil, directories: ["/nonexistent/themes"])
        #expect(selection.theme == .default)
        #expect(selection.warning == nil)
    }

    @Test("24-bit colours snap to the nearest xterm and ANSI colours")
    func snapping() {
        #expect(ThemeColor.rgb(255, 0, 0).xterm256Index == 196)
        #expect(ThemeColor.rgb(0x5f, 0xd7, 0x5f).xterm256Index == 77)
        #expect(ThemeColor.rgb(0x30, 0x30, 0x30).xterm256Index == 236)
        #expect(ThemeColor.rgb(0x5f, 0xd7, 0x5f).ansi8Index == 2)
        #expect(ThemeColor.rgb(0xff, 0xaf, 0x00).ansi8Index == 3)
        #expect(ThemeColor.rgb(0x1c, 0x1c, 0x1c).ansi8Index == 0)
        #expect(ThemeColor.indexed(9).ansi8Index == 1)
        #expect(ThemeColor.terminalDefault.xterm256Index == nil)
    }

    @Test("the JSON parser handles escapes, surrogate pairs, numbers and deep nesting limits")
    func parser() throws {
        let value = try JSONParser.parse(#"{"a": "x\n\u00e9\ud83d\udd25", "b": [-1.5e2, true, null]}"#)
        guard case .object(let members, _) = value, case .string(let text, _) = members[0].value,
            case .array(let items, _) = members[1].value, case .number(let number, _) = items[0]
        else {
            Issue.record("unexpected shape \(value)")
            return
        }
        #expect(text == "x\né🔥")
        #expect(number == -150)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(String(repeating: "[", count: 100)) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{} x") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("01") }
    }

    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "flightdeck-theme-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
