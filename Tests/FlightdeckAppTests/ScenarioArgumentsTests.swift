import Foundation
import Scenarios
import Testing

@testable import FlightdeckApp

@Suite struct ScenarioArgumentsTests {
    @Test(
        "scenarios and run parse into their options",
        arguments: [
            (["scenarios"], Invocation.scenarios(.list)),
            (["scenarios", "show", "leader-loss"], .scenarios(.show(name: "leader-loss"))),
            (["scenarios", "--help"], .help(subcommand: "scenarios")),
            (["scenarios", "check", "a.scenario", "leader-loss"], .scenarios(.check(["a.scenario", "leader-loss"]))),
            (["scenarios", "show", "x", "-h"], .help(subcommand: "scenarios")),
            (["run", "leader-loss"], .run(RunOptions(scenario: "leader-loss"))),
            (
                ["run", "drills/my.scenario", "--seed", "7", "--report=json", "--out", "card.json"],
                .run(RunOptions(scenario: "drills/my.scenario", seed: 7, report: .json, outputPath: "card.json"))
            ),
            (["run", "--seed=0", "x"], .run(RunOptions(scenario: "x", seed: 0))),
            (["run", "--help"], .help(subcommand: "run")),
        ])
    func parses(arguments: [String], expected: Invocation) throws {
        #expect(try Arguments.parse(arguments) == expected)
    }

    @Test(
        "malformed scenarios and run command lines give a one-line error",
        arguments: [
            (["run"], "run needs a scenario: a file or a built-in name (flightdeck scenarios lists them)"),
            (["run", "a", "b"], "unexpected argument 'b'"),
            (["run", "a", "--sed", "1"], "unknown option '--sed' (did you mean --seed?)"),
            (
                ["run", "a", "--seed", "minus"],
                "option '--seed' needs a whole number from 0 to 18446744073709551615, got 'minus'"
            ),
            (["run", "a", "--report", "xml"], "option '--report' needs text or json, got 'xml'"),
            (["run", "a", "--out"], "option '--out' needs a value"),
            (
                ["scenarios", "shwo"],
                "unknown scenarios command 'shwo' (did you mean 'show'?); try 'flightdeck scenarios show NAME' or 'check FILE'"
            ),
            (["scenarios", "show"], "scenarios show needs a scenario name (flightdeck scenarios lists them)"),
            (["scenarios", "check"], "scenarios check needs at least one scenario file or built-in name"),
            (["scenarios", "show", "a", "b"], "unexpected argument 'b'"),
            (["scenaros"], "unknown command 'scenaros' (did you mean 'scenarios'?)"),
        ])
    func refuses(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try Arguments.parse(arguments) }
    }

    @Test("a built-in name, a file, and an unknown name with a suggestion")
    func load() throws {
        let library = try ScenarioCommand.load("leader-loss").get()
        #expect(library.source == "library:leader-loss")

        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flightdeck-\(UInt64.random(in: 0...UInt64.max)).scenario"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "scenario mine\nduration 1m\nat 10s kil broker 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        guard case .failure(let failure) = ScenarioCommand.load(path) else {
            Issue.record("a file with a mistake must not load")
            return
        }
        #expect(failure.description.hasPrefix("\(path):3:8: error: unknown action 'kil' — did you mean 'kill'?"))

        guard case .failure(let unknown) = ScenarioCommand.load("leader-los") else {
            Issue.record("an unknown name must not load")
            return
        }
        #expect(
            unknown.description
                == "flightdeck: no scenario file or built-in scenario called 'leader-los' — did you mean 'leader-loss'? "
                + "(flightdeck scenarios lists them)")
    }

    @Test("the binary lists and shows the library, and run prints the seed first or refuses a bad name")
    func binary() throws {
        let list = try run(BuiltBinary.path, ["scenarios"])
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == ScenarioLibrary.all.count)
        #expect(list.stdout.hasPrefix("order-processing   Order processing: "))

        let show = try run(BuiltBinary.path, ["scenarios", "show", "leader-loss"])
        #expect(show.status == 0)
        #expect(show.stdout == (ScenarioLibrary.named("leader-loss")?.text ?? "") + "\n")

        let unknown = try run(BuiltBinary.path, ["run", "leader-los"])
        #expect(unknown.status == 2 && unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("did you mean 'leader-loss'?"))

        let seeded = try run(BuiltBinary.path, ["run", "acks-one-vs-all", "--seed", "5"])
        #expect(seeded.stdout.hasPrefix("seed: 5\n"))
        #expect(seeded.stdout.contains("result: PASSED") && seeded.status == 0, "\(seeded.stdout)")

        // A drill that cannot hold (a negative control with nothing to lose) exits 1 with its scorecard.
        let path = NSTemporaryDirectory() + "flightdeck-cannot-hold-\(UUID().uuidString).scenario"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let drill = """
            scenario cannot-hold
            duration 10s
            brokers 3
            topic t partitions 1 rf 3
            producer p topic t rate 10/s acks all
            expect loss
            """
        try drill.write(toFile: path, atomically: true, encoding: .utf8)
        let failing = try run(BuiltBinary.path, ["run", path, "--seed", "1"])
        #expect(failing.status == 1, "\(failing.stdout)")
        #expect(failing.stdout.contains("FAIL  line 6: expect loss"), "\(failing.stdout)")
        #expect(failing.stdout.contains("result: FAILED"), "\(failing.stdout)")

        let json = try run(BuiltBinary.path, ["run", "acks-one-vs-all", "--seed", "5", "--report", "json"])
        #expect(json.stderr.hasPrefix("seed: 5\n"))
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["passed"] as? Bool == true)
        #expect(object?["seed"] as? Int == 5)
        #expect((object?["expectations"] as? [Any])?.isEmpty == false)
    }
    @Test(
        "the console takes --scenario FILE|NAME and --seed N",
        arguments: [
            (["--scenario", "leader-loss"], Invocation.console(ConsoleOptions(scenario: "leader-loss"))),
            (
                ["--scenario=drills/my.scenario", "--seed", "7", "--theme", "dark"],
                .console(ConsoleOptions(theme: "dark", scenario: "drills/my.scenario", seed: 7))
            ),
            (["--seed=0"], .console(ConsoleOptions(seed: 0))),
        ])
    func consoleScenario(arguments: [String], expected: Invocation) throws {
        #expect(try Arguments.parse(arguments) == expected)
    }

    @Test(
        "a malformed console --scenario or --seed gives a one-line error",
        arguments: [
            (["--scenario"], "option '--scenario' needs a value"),
            (["--scenaro", "leader-loss"], "unknown option '--scenaro' (did you mean --scenario?)"),
            (["--seed", "x"], "option '--seed' needs a whole number from 0 to 18446744073709551615, got 'x'"),
        ])
    func consoleScenarioRefused(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try Arguments.parse(arguments) }
    }

    @Test("the console refuses an unknown scenario name or a scenario with mistakes before it opens the terminal")
    func consoleScenarioBinary() throws {
        let unknown = try run(BuiltBinary.path, ["--scenario", "leader-los"])
        #expect(unknown.status == 2 && unknown.stdout.isEmpty)
        #expect(
            unknown.stderr
                == "flightdeck: no scenario file or built-in scenario called 'leader-los' — did you mean 'leader-loss'? "
                + "(flightdeck scenarios lists them)\n")

        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flightdeck-\(UInt64.random(in: 0...UInt64.max)).scenario"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "scenario mine\nduration 1m\nat 10s kil broker 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let broken = try run(BuiltBinary.path, ["--scenario", path])
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("\(path):3:8: error: unknown action 'kil' — did you mean 'kill'?"))
    }
}
