import Foundation
import Testing

@testable import FlightdeckApp

@Suite struct ArgumentsTests {
    @Test("no arguments open the console with default options")
    func empty() throws {
        #expect(try Arguments.parse([]) == .console(ConsoleOptions()))
    }

    @Test(
        "help and version, short and long",
        arguments: [
            (["--help"], Invocation.help(subcommand: nil)), (["-h"], .help(subcommand: nil)), (["--version"], .version),
            (["-V"], .version),
            (["--theme", "x", "--help"], .help(subcommand: nil)),
            (["bench", "--help"], .help(subcommand: "bench")), (["bench", "log", "-h"], .help(subcommand: "bench")),
            (["serve", "--help"], .help(subcommand: "serve")),
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
            (["bnech"], "unknown command 'bnech' (did you mean 'bench'?)"),
            (["bench"], "bench needs a suite: log, cluster, consume, sim, render"),
            (["bench", "--dir", "x"], "bench needs a suite: log, cluster, consume, sim, render"),
            (
                ["bench", "lgo"],
                "unknown bench suite 'lgo' (did you mean 'log'?); suites: log, cluster, consume, sim, render"
            ),
            (["bench", "log", "--log-mib"], "option '--log-mib' needs a value"),
            (["bench", "log", "--log-mib", "0"], "option '--log-mib' needs a whole number from 1 to 1048576, got '0'"),
            (["bench", "log", "--runs=many"], "option '--runs' needs a whole number from 1 to 100, got 'many'"),
            (["bench", "log", "--theme", "x"], "unknown option '--theme'"),
            (["bench", "log", "extra"], "unexpected argument 'extra'"),
            (["--theme", "x", "bench"], "unexpected argument 'bench'"),
            (["--unknown=1"], "unknown option '--unknown'"),
        ])
    func errors(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try Arguments.parse(arguments) }
        #expect(!message.contains("\n"))
    }

    @Test("bench log takes a directory, a size and a run count")
    func bench() throws {
        #expect(try Arguments.parse(["bench", "log"]) == .bench(BenchOptions(suite: .log)))
        #expect(try Arguments.parse(["bench", "sim", "--runs", "3"]) == .bench(BenchOptions(suite: .sim, runs: 3)))
        #expect(try Arguments.parse(["--lag-threshold", "100"]) == .console(ConsoleOptions(lagThreshold: 100)))
        #expect(throws: UsageError.self) { try Arguments.parse(["--lag-threshold", "-3"]) }
        #expect(
            try Arguments.parse(["bench", "log", "--dir", "/tmp/b", "--log-mib=64", "--runs", "5"])
                == .bench(BenchOptions(suite: .log, directory: "/tmp/b", logMebibytes: 64, runs: 5)))
    }

    @Test("serve takes a scenario, which declares its own brokers; the console takes a port base or --no-listen")
    func listeners() throws {
        var serve = ServeOptions()
        serve.scenario = "leader-loss"
        serve.portBase = 43000
        #expect(try Arguments.parse(["serve", "--scenario", "leader-loss", "--port-base=43000"]) == .serve(serve))
        #expect(
            throws: UsageError("option '--brokers' does not go with '--scenario': the scenario declares its cluster")
        ) {
            try Arguments.parse(["serve", "--scenario", "leader-loss", "--brokers", "5"])
        }
        var console = ConsoleOptions()
        #expect(console.listens && console.portBase == 9091)
        console.portBase = 43200
        #expect(try Arguments.parse(["--port-base", "43200"]) == .console(console))
        console.listens = false
        #expect(try Arguments.parse(["--port-base", "43200", "--no-listen"]) == .console(console))
        #expect(throws: UsageError.self) { try Arguments.parse(["--no-listen=yes"]) }
        #expect(throws: UsageError.self) { try Arguments.parse(["--port-base", "0"]) }
    }

    @Test("the usage text names every option")
    func usageMentionsOptions() {
        for flag in Arguments.consoleFlags {
            #expect(Arguments.usage.contains(flag))
        }
        for flag in Arguments.benchFlags {
            #expect(Arguments.benchUsage.contains(flag))
        }
        #expect(Arguments.usage.contains("bench log"))
    }
}

/// The console's options for operating and recording: `--brokers`, `--record`, `--replay`.
@Suite struct OperatorArgumentsTests {
    @Test("--brokers sizes the default cluster; --record names the file; --replay opens a scenario as --scenario does")
    func options() throws {
        var expected = ConsoleOptions(seed: 4)
        expected.brokers = 5
        expected.recordPath = "s.scenario"
        #expect(try Arguments.parse(["--brokers", "5", "--record", "s.scenario", "--seed", "4"]) == .console(expected))
        #expect(try Arguments.parse(["--replay", "s.scenario"]) == .console(ConsoleOptions(scenario: "s.scenario")))
    }

    @Test("a bad --brokers, a missing file name, and --replay with --scenario give a one-line error")
    func mistakes() {
        for arguments in [
            ["--brokers", "0"], ["--brokers", "65"], ["--record"], ["--replay", "a", "--scenario", "b"],
        ] {
            #expect(throws: UsageError.self, "\(arguments)") { try Arguments.parse(arguments) }
        }
        #expect(throws: UsageError("give one of --scenario and --replay, once (both open a scenario)")) {
            try Arguments.parse(["--scenario", "a", "--replay", "b"])
        }
    }
}

/// `--speed X` and `--data-dir DIR`.
@Suite struct ConsoleSpeedAndDataArgumentsTests {
    @Test("--speed takes a factor written 10, 10x, x10 or 0.5; --data-dir a directory")
    func options() throws {
        for (text, speed) in [("10", 10.0), ("10x", 10), ("x10", 10), ("0.5", 0.5), ("×100", 100), ("0.1", 0.1)] {
            var expected = ConsoleOptions()
            expected.speed = speed
            #expect(try Arguments.parse(["--speed", text]) == .console(expected), "\(text)")
        }
        var kept = ConsoleOptions()
        kept.dataDirectory = "/tmp/logs"
        #expect(try Arguments.parse(["--data-dir=/tmp/logs"]) == .console(kept))
    }

    @Test("a speed outside 0.1…100 or not a number, and --data-dir without a value, give a one-line error")
    func mistakes() {
        for text in ["0", "0.05", "101", "fast", "-2", "inf", "nan"] {
            #expect(
                throws: UsageError(
                    "option '--speed' needs a factor from 0.1 to 100 (such as 10 or 0.5x), got '\(text)'")
            ) { try Arguments.parse(["--speed=\(text)"]) }
        }
        #expect(throws: UsageError.self) { try Arguments.parse(["--data-dir"]) }
    }

    @Test("--data-dir refuses a file or a non-empty directory, and creates a missing one")
    func dataDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flightdeck-data-dir-\(ProcessInfo.processInfo.processIdentifier)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fresh = root + "/new/logs"
        #expect(ConsoleRunner.dataDirectoryProblem(fresh) == nil)
        #expect(FileManager.default.fileExists(atPath: fresh))
        #expect(ConsoleRunner.dataDirectoryProblem(fresh) == nil, "an empty directory will do")
        try "x".write(toFile: fresh + "/segment", atomically: true, encoding: .utf8)
        #expect(ConsoleRunner.dataDirectoryProblem(fresh)?.contains("the directory is not empty") == true)
        #expect(
            ConsoleRunner.dataDirectoryProblem(fresh + "/segment") == "--data-dir \(fresh)/segment: not a directory")
    }
}
