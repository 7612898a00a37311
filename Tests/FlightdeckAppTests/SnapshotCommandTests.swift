import Console
import Testing

@testable import FlightdeckApp

/// `flightdeck snapshot`: one console view, headless, as plain text.
@Suite struct SnapshotCommandTests {
    func render(_ arguments: [String]) throws -> String {
        guard case .snapshot(let options) = try Arguments.parse(["snapshot"] + arguments) else {
            Issue.record("not a snapshot invocation")
            return ""
        }
        return try SnapshotCommand.render(options).get()
    }

    @Test("the same seed gives the same text; another seed another")
    func deterministic() throws {
        let first = try render(["--at", "6s", "--seed", "3", "--view", "partitions"])
        let second = try render(["--at", "6s", "--seed", "3", "--view", "partitions"])
        #expect(first == second)
        #expect(first.contains("orders-0"))
        #expect(!first.contains("\u{1B}"), "no escape codes")
        let other = try render(["--at", "6s", "--seed", "4", "--view", "partitions"])
        #expect(other != first)
    }

    @Test("every view renders at the size asked for", arguments: ConsoleView.allCases)
    func eachView(view: ConsoleView) throws {
        let text = try render(["--at", "2s", "--view", view.name, "--width", "90", "--height", "26"])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 26)
        #expect(lines.allSatisfy { $0.count <= 90 })
        #expect(text.contains(view.title.prefix(8)) || view == .overview)
        #expect(text.hasPrefix(" Flightdeck"))
    }

    @Test("--select and --explain open the explanation of a row")
    func explain() throws {
        let text = try render(["--at", "6s", "--view", "brokers", "--select", "broker:1", "--explain"])
        #expect(text.contains("Why — broker 1"))
        #expect(text.contains("broker 1 is running"))
        #expect(throws: UsageError.self) {
            try render(["--at", "1s", "--view", "brokers", "--select", "broker:9"])
        }
    }

    @Test(
        "bad flags give a one-line error naming what is wrong",
        arguments: [
            (
                ["--view", "partitons"],
                "unknown view 'partitons' (did you mean 'partitions'?); views: overview, brokers, topics, partitions, "
                    + "groups, events, help"
            ),
            (
                ["--at", "soon"],
                "option '--at' needs a virtual time up to 24h such as 30s, 1500ms, 2m or 1h, got 'soon'"
            ),
            (["--width", "0"], "option '--width' needs a whole number from 1 to 1000, got '0'"),
            (["--explain"], "option '--explain' needs --select ROW: the row to explain (orders-0, broker:2, …)"),
            (["--frobnicate"], "unknown option '--frobnicate'"),
        ])
    func badFlags(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try Arguments.parse(["snapshot"] + arguments) }
    }

    @Test("--at takes seconds, milliseconds, minutes and hours")
    func durations() {
        #expect(Arguments.parseDuration("30s") == .seconds(30))
        #expect(Arguments.parseDuration("1500ms") == .milliseconds(1500))
        #expect(Arguments.parseDuration("2m") == .seconds(120))
        #expect(Arguments.parseDuration("0.5") == .milliseconds(500))
        #expect(Arguments.parseDuration("-1s") == nil)
        #expect(Arguments.parseDuration("s") == nil)
    }
}
