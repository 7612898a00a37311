import Foundation
import Scenarios
import Simulation

/// `flightdeck scenarios [show NAME]` and `flightdeck run FILE|NAME`: finding a scenario (in the
/// built-in library or on disk), parsing it, reporting its mistakes, and handing it to the runner.
enum ScenarioCommand {
    static func scenarios(_ options: ScenariosOptions) -> Int32 {
        switch options {
        case .list:
            let width = ScenarioLibrary.all.map(\.name.count).max() ?? 0
            let lines = ScenarioLibrary.all.map { entry in
                entry.name + String(repeating: " ", count: width - entry.name.count + 2) + entry.summary
            }
            Flightdeck.writeOutput(lines.joined(separator: "\n") + "\n")
            return ExitCode.success
        case .show(let name):
            guard let entry = ScenarioLibrary.named(name) else {
                Flightdeck.writeError("flightdeck: \(unknownScenario(name))\n")
                return ExitCode.usage
            }
            Flightdeck.writeOutput(entry.text.hasSuffix("\n") ? entry.text : entry.text + "\n")
            return ExitCode.success
        case .check(let references):
            var allFine = true
            for reference in references {
                switch load(reference) {
                case .success(let scenario):
                    Flightdeck.writeOutput(
                        "\(scenario.source): ok (\(scenario.timeline.count) steps, "
                            + "\(scenario.expectations.count) expectations)\n")
                case .failure(let failure):
                    allFine = false
                    Flightdeck.writeError(failure.description + "\n")
                }
            }
            return allFine ? ExitCode.success : ExitCode.usage
        }
    }

    static func run(_ options: RunOptions) -> Int32 {
        let scenario: Scenario
        switch load(options.scenario) {
        case .success(let loaded): scenario = loaded
        case .failure(let failure):
            Flightdeck.writeError(failure.description + "\n")
            return ExitCode.usage
        }
        var system = SystemRandomNumberGenerator()
        let seed = options.seed ?? scenario.seed ?? system.next()
        // First, so a run that never ends can still be replayed. With a JSON report on standard
        // output it goes to standard error, so that standard output stays one JSON document.
        if options.report == .json && options.outputPath == nil {
            Flightdeck.writeError("seed: \(seed)\n")
        } else {
            Flightdeck.writeOutput("seed: \(seed)\n")
        }
        var run = ScenarioRun(scenario, seed: seed)
        run.runToEnd()
        let report = run.report()
        let text = options.report == .json ? report.json : report.text
        if let path = options.outputPath {
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                Flightdeck.writeError("flightdeck: cannot write the report to '\(path)'\n")
                return ExitCode.usage
            }
            Flightdeck.writeOutput("report: \(path)\n")
            Flightdeck.writeOutput(report.passed ? "result: PASSED\n" : "result: FAILED\n")
        } else {
            Flightdeck.writeOutput(text)
        }
        return report.passed ? ExitCode.success : ExitCode.failure
    }

    /// The parsed scenario named by `reference`, or the message to print (exit status 2).
    ///
    /// A reference that looks like a path (it has a `/` or ends in `.scenario`) is a file; else a
    /// built-in name; else a file in the current directory; else an unknown name, with the
    /// closest built-in one suggested.
    static func load(_ reference: String) -> Result<Scenario, LoadFailure> {
        let looksLikePath = reference.contains("/") || reference.hasSuffix(".scenario")
        if !looksLikePath, let entry = ScenarioLibrary.named(reference) {
            return parse(entry.text, file: "library:\(entry.name)")
        }
        guard looksLikePath || FileManager.default.fileExists(atPath: reference) else {
            return .failure(LoadFailure("flightdeck: \(unknownScenario(reference))"))
        }
        guard let data = FileManager.default.contents(atPath: reference) else {
            return .failure(LoadFailure("flightdeck: cannot read scenario file '\(reference)'"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(LoadFailure("flightdeck: scenario file '\(reference)' is not UTF-8 text"))
        }
        return parse(text, file: reference)
    }

    private static func parse(_ text: String, file: String) -> Result<Scenario, LoadFailure> {
        do {
            return .success(try ScenarioParser.parse(text, file: file))
        } catch {
            return .failure(LoadFailure(error.rendered(source: text)))
        }
    }

    private static func unknownScenario(_ name: String) -> String {
        let hint = ScenarioLibrary.suggestion(for: name).map { " — did you mean '\($0)'?" } ?? ""
        return "no scenario file or built-in scenario called '\(name)'\(hint) (flightdeck scenarios lists them)"
    }

    /// Why a scenario could not be loaded, as the text to print.
    struct LoadFailure: Error, CustomStringConvertible {
        var description: String

        init(_ description: String) {
            self.description = description
        }
    }
}
