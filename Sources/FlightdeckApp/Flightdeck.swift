import Foundation

/// Process exit codes.
public enum ExitCode {
    public static let success: Int32 = 0
    /// A wrong command line, or a terminal the console cannot use.
    public static let usage: Int32 = 2
    /// A benchmark or headless run that could not complete (I/O error, missed target in CI mode).
    public static let failure: Int32 = 1
}

/// The `flightdeck` command.
public enum Flightdeck {
    /// Runs the command with `arguments` (program name excluded) and returns the exit code.
    public static func main(arguments: [String], environment: [String: String]) -> Int32 {
        let invocation: Invocation
        do {
            invocation = try Arguments.parse(arguments)
        } catch {
            writeError("flightdeck: \(error.message)\n\n\(Arguments.usage)\n")
            return ExitCode.usage
        }
        switch invocation {
        case .help(let subcommand):
            let text =
                switch subcommand {
                case "bench": Arguments.benchUsage
                case "drill": Arguments.drillUsage
                case "serve": Arguments.serveUsage
                case "scenarios": Arguments.scenariosUsage
                case "run": Arguments.runUsage
                case "sweep": Arguments.sweepUsage
                default: Arguments.usage
                }
            writeOutput(text + "\n")
            return ExitCode.success
        case .version:
            writeOutput("flightdeck \(FlightdeckVersion.current)\n")
            return ExitCode.success
        case .console(let options):
            return ConsoleRunner.run(options, environment: environment)
        case .bench(let options):
            return BenchRunner.run(options)
        case .drill(let options):
            return DrillRunner.run(options)
        case .serve(let options):
            return ServeRunner.run(options)
        case .scenarios(let options):
            return ScenarioCommand.scenarios(options)
        case .run(let options):
            return ScenarioCommand.run(options)
        case .sweep(let options):
            return SweepCommand.run(options)
        }
    }

    static func writeOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
