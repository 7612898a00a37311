import FlightdeckApp
import Testing

@Suite struct ArgumentsTests {
    @Test("no arguments open the console with default options")
    func empty() throws {
        #expect(try Arguments.parse([]) == .console(ConsoleOptions()))
    }

    @Test(
        "help and version, short and long",
        arguments: [
            (["--help"], Invocation.help), (["-h"], .help), (["--version"], .version), (["-V"], .version),
            (["--theme", "x", "--help"], .help),
        ])
    func helpAndVersion(arguments: [String], expected: Invocation) throws {
        #expect(try Arguments.parse(arguments) == expected)
    }

    @Test("theme options take a value as the next argument or after =")
    func themeOptions() throws {
        #expect(try Arguments.parse(["--theme", "mono"]) == .console(ConsoleOptions(theme: "mono")))
        #expect(try Arguments.parse(["--theme=Themes/x.json"]) == .console(ConsoleOptions(theme: "Themes/x.json")))
        #expect(
            try Arguments.parse(["--themes-dir", "/tmp/t", "--theme", "night"])
                == .console(ConsoleOptions(theme: "night", themesDirectory: "/tmp/t")))
    }

    @Test(
        "every malformed command line gives a one-line error",
        arguments: [
            (["--frobnicate"], "unknown option '--frobnicate'"),
            (["--them", "x"], "unknown option '--them' (did you mean --theme?)"),
            (["-x"], "unknown option '-x'"),
            (["--theme"], "option '--theme' needs a value"),
            (["--theme", "--help"], "option '--theme' needs a value"),
            (["--theme="], "option '--theme' needs a value"),
            (["--themes-dir"], "option '--themes-dir' needs a value"),
            (["--help=yes"], "option '--help' takes no value"),
            (["--version=2"], "option '--version' takes no value"),
            (["bogus"], "unknown command 'bogus'"),
            (["--unknown=1"], "unknown option '--unknown'"),
        ])
    func errors(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try Arguments.parse(arguments) }
        #expect(!message.contains("\n"))
    }

    @Test("the usage text names every option")
    func usageMentionsOptions() {
        for flag in ["--theme", "--themes-dir", "--help", "--version"] {
            #expect(Arguments.usage.contains(flag))
        }
    }
}
