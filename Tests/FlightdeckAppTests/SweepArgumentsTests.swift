import Testing

@testable import FlightdeckApp

@Suite struct SweepArgumentsTests {
    @Test("sweep takes --seeds, --start, --budget and --out")
    func parses() throws {
        let invocation = try Arguments.parse(["sweep", "--seeds", "5", "--start=9", "--budget", "2m", "--out", "d"])
        #expect(invocation == .sweep(SweepOptions(seeds: 5, start: 9, budgetSeconds: 120, outputDirectory: "d")))
        #expect(try Arguments.parse(["sweep", "--seeds", "1"]) == .sweep(SweepOptions(seeds: 1)))
        #expect(try Arguments.parse(["sweep", "--help"]) == .help(subcommand: "sweep"))
    }

    @Test(
        "budgets are whole seconds, minutes or hours", arguments: [("90s", 90), ("2m", 120), ("1h", 3600), ("45", 45)])
    func budgets(text: String, seconds: Int) {
        #expect(Arguments.wholeSeconds(text) == seconds)
    }

    @Test(
        "a bad sweep option says what is wrong",
        arguments: [
            (["sweep"], "sweep needs --seeds N: how many seeds to run"),
            (["sweep", "--seeds", "0"], "option '--seeds' needs"),
            (["sweep", "--seeds", "2", "--budget", "0s"], "option '--budget' needs a positive duration"),
            (["sweep", "--seeds", "2", "--seed", "3"], "unknown option '--seed'"),
        ])
    func refuses(arguments: [String], message: String) {
        #expect(throws: UsageError.self) { try Arguments.parse(arguments) }
        do {
            _ = try Arguments.parse(arguments)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
