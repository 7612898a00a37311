import ClusterModel
import Console
import KafkaCore
import Scenarios
import Simulation
import TerminalUI

/// `flightdeck snapshot`: runs the default cluster (or a scenario) headless to an instant of
/// virtual time, frame by frame as the console would, and prints one view as plain text.
enum SnapshotCommand {
    /// The console's frame interval: the history behind rates and sparklines is fed exactly as
    /// it is on screen.
    static let frame: Duration = .milliseconds(100)

    static func run(_ options: SnapshotOptions) -> Int32 {
        switch render(options) {
        case .success(let text):
            Flightdeck.writeOutput(text)
            return ExitCode.success
        case .failure(let failure):
            Flightdeck.writeError(failure.message + "\n")
            return ExitCode.usage
        }
    }

    /// The view's text: one line per terminal row, trailing blanks trimmed.
    static func render(_ options: SnapshotOptions) -> Result<String, UsageError> {
        let grid: CellGrid
        if let reference = options.scenario {
            switch ScenarioCommand.load(reference) {
            case .success(let scenario):
                var live = LiveScenario(scenario, reference: reference, seed: options.seed)
                switch frame(of: &live, options, tellsStory: true) {
                case .success(let rendered): grid = rendered
                case .failure(let failure): return .failure(failure)
                }
            case .failure(let failure):
                return .failure(UsageError(failure.description))
            }
        } else {
            // The console's own default cluster, on simulated storage (nothing touches the disk).
            var live = LiveScenario(ScenarioLibrary.consoleCluster(brokers: 3), seed: options.seed ?? 1)
            switch frame(of: &live, options, tellsStory: false) {
            case .success(let rendered): grid = rendered
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(text(of: grid))
    }

    /// Advances `cluster` to `options.at` a frame at a time (a scenario's `say … wait` is
    /// answered at once), then renders the view.
    static func frame<Cluster: ConsoleCluster>(
        of cluster: inout Cluster, _ options: SnapshotOptions, tellsStory: Bool
    ) -> Result<CellGrid, UsageError> {
        var state = ConsoleState(version: FlightdeckVersion.current)
        let size = Size(width: options.width, height: options.height)
        state.terminalSize = size
        var elapsed = Duration.zero
        var snapshot = ClusterSnapshot.empty
        while true {
            if cluster.narration?.isWaitingForKey == true { cluster.resume() }
            let step = min(frame, options.at - elapsed)
            cluster.advance(wall: step, eventBudget: 10_000_000)
            elapsed = elapsed + step
            snapshot = cluster.snapshot()
            if tellsStory { state.narration = cluster.narration }
            state.observe(snapshot)
            if elapsed >= options.at { break }
        }
        state.handle(.key(.character(options.view.digit)), snapshot: snapshot)
        if let row = options.select {
            guard state.selectRow(row, snapshot: snapshot) else {
                let known = state.rowIDs(snapshot).prefix(12).joined(separator: ", ")
                return .failure(
                    UsageError(
                        "no row '\(row)' in the \(options.view.name) view at t=\(snapshot.now)"
                            + (known.isEmpty ? "" : "; rows: \(known)")))
            }
            if options.explain { state.handle(.key(.character("e")), snapshot: snapshot) }
        }
        return .success(ConsoleRenderer.render(state, snapshot: snapshot, size: size))
    }

    /// The grid as text, trailing blanks trimmed from each line.
    static func text(of grid: CellGrid) -> String {
        grid.lines.map { line in
            String(line.reversed().drop(while: { $0 == " " }).reversed())
        }.joined(separator: "\n") + "\n"
    }
}
