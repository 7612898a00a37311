import Foundation
import Glibc
import Simulation

/// `flightdeck sweep`: runs `SeedSweep` over a range of seeds, prints the failing ones with the
/// command that replays them, and shows progress on a terminal.
enum SweepCommand {
    static func run(_ options: SweepOptions) -> Int32 {
        var system = SystemRandomNumberGenerator()
        // Seeds stay below 2^53 when drawn, so that any tool can hold them exactly.
        let start = options.start ?? (system.next() >> 11)
        Flightdeck.writeOutput("start: \(start)   seeds: \(options.seeds)\n")
        if let directory = options.outputDirectory {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                Flightdeck.writeError("flightdeck: cannot create the directory '\(directory)': \(error)\n")
                return ExitCode.usage
            }
        }
        let showsProgress = isatty(STDERR_FILENO) == 1
        let began = ContinuousClock.now
        var failed: [UInt64] = []
        var done = 0
        for index in 0..<options.seeds {
            let elapsed = ContinuousClock.now - began
            if let budget = options.budgetSeconds, elapsed >= .seconds(budget) {
                clearProgress(showsProgress)
                Flightdeck.writeOutput("budget of \(budget)s reached after \(done) of \(options.seeds) seeds\n")
                break
            }
            let (seed, overflow) = start.addingReportingOverflow(UInt64(index))
            guard !overflow else { break }
            let outcome = SeedSweep.run(seed: seed)
            done += 1
            if !outcome.passed {
                failed.append(seed)
                clearProgress(showsProgress)
                report(outcome, directory: options.outputDirectory)
            } else if !showsProgress {
                Flightdeck.writeOutput("seed \(seed) passed   digest: \(outcome.digest)\n")
            }
            if showsProgress { progress(done: done, of: options.seeds, failed: failed.count, since: began) }
        }
        clearProgress(showsProgress)
        let seconds = (ContinuousClock.now - began).components.seconds
        Flightdeck.writeOutput(
            "sweep: \(done) seed(s) from \(start) in \(seconds)s, \(failed.count) failed"
                + (failed.isEmpty ? "" : ": \(failed.map(String.init).joined(separator: " "))") + "\n")
        return failed.isEmpty ? ExitCode.success : ExitCode.failure
    }

    /// A failing seed: what failed, and how to replay it.
    private static func report(_ outcome: SeedSweep.Outcome, directory: String?) {
        var lines = ["FAILED seed \(outcome.seed):"]
        lines += outcome.problems.map { "  " + $0 }
        lines.append("  replay: flightdeck sweep --seeds 1 --start \(outcome.seed)")
        if let directory {
            let path = (directory as NSString).appendingPathComponent("sweep-\(outcome.seed).scenario")
            if FileManager.default.createFile(atPath: path, contents: Data(outcome.scenarioText.utf8)) {
                lines.append("  or:     flightdeck run \(path) --seed \(outcome.seed)")
            } else {
                lines.append("  (could not write \(path))")
            }
        }
        Flightdeck.writeOutput(lines.joined(separator: "\n") + "\n")
    }

    /// `\r37/100 seeds, 1 failed, 2.4 seeds/s, 26s left` on standard error.
    private static func progress(done: Int, of total: Int, failed: Int, since began: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let left = rate > 0 ? Int((Double(total - done) / rate).rounded()) : 0
        let rateText = String(format: "%.2f", rate)
        Flightdeck.writeError(
            "\r\(done)/\(total) seeds, \(failed) failed, \(rateText) seeds/s, \(clock(left)) left\u{1B}[K")
    }

    private static func clearProgress(_ showsProgress: Bool) {
        if showsProgress { Flightdeck.writeError("\r\u{1B}[K") }
    }

    private static func clock(_ seconds: Int) -> String {
        seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }
}
