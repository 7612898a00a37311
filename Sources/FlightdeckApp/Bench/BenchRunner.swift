import Foundation

/// Runs `flightdeck bench SUITE` and prints its figures, one `name value unit` per line.
enum BenchRunner {
    static func run(_ options: BenchOptions) -> Int32 {
        #if DEBUG
        Flightdeck.writeError(
            "flightdeck: warning: this is a debug build; benchmark figures are only meaningful from "
                + "`swift build -c release` (.build/release/flightdeck bench \(options.suite.rawValue))\n")
        #endif
        var runs: [[BenchFigure]] = []
        for run in 1...options.runs {
            let figures: [BenchFigure]
            do {
                switch options.suite {
                case .log: figures = try LogBenchmark.run(options)
                case .cluster: figures = try ClusterBenchmark.run(options)
                case .consume: figures = try ConsumeBenchmark.run(options)
                case .sim: figures = try SimBenchmark.run(options)
                case .render: figures = try RenderBenchmark.run(options)
                }
            } catch {
                Flightdeck.writeError("flightdeck: bench \(options.suite.rawValue) failed: \(error)\n")
                return ExitCode.failure
            }
            if options.runs > 1 { Flightdeck.writeOutput("# run \(run) of \(options.runs)\n") }
            Flightdeck.writeOutput(figures.map(\.line).joined(separator: "\n") + "\n")
            runs.append(figures)
        }
        if options.runs > 1 {
            Flightdeck.writeOutput("# median of \(options.runs) runs\n")
            Flightdeck.writeOutput(BenchFigure.medians(runs).map(\.line).joined(separator: "\n") + "\n")
        }
        return ExitCode.success
    }
}
