import ClusterModel
import Console
import CursesTerminal
import Foundation
import KafkaCore
import Scenarios
import Simulation
import TerminalUI

/// Runs the console on the real terminal until the user quits or a stop signal arrives.
enum ConsoleRunner {
    /// How long the loop waits for a key before drawing the next frame.
    static let frameMilliseconds = 100

    static func run(_ options: ConsoleOptions, environment: [String: String]) -> Int32 {
        let directories = ThemeDirectories.search(explicit: options.themesDirectory, environment: environment)
        let selection = ThemeLoader.load(name: options.theme, directories: directories)
        var warnings: [String] = []
        if let explicit = options.themesDirectory, !FileManager.default.fileExists(atPath: explicit) {
            // Not fatal: the theme search goes on in the other directories.
            warnings.append("themes directory \(explicit) does not exist")
        }
        if let warning = selection.warning { warnings.append(warning) }
        // A scenario is loaded before the terminal opens, so its mistakes print as `run` prints them.
        var scenario: Scenario?
        if let reference = options.scenario {
            switch ScenarioCommand.load(reference) {
            case .success(let loaded): scenario = loaded
            case .failure(let failure):
                Flightdeck.writeError(failure.description + "\n")
                return ExitCode.usage
            }
        }
        if let kept = options.dataDirectory, let problem = dataDirectoryProblem(kept) {
            Flightdeck.writeError("flightdeck: \(problem)\n")
            return ExitCode.usage
        }
        var backend: CursesBackend
        do {
            backend = try CursesBackend.open(environment: environment)
        } catch {
            FileHandle.standardError.write(Data("flightdeck: \(error)\n".utf8))
            return ExitCode.usage
        }
        var state = ConsoleState(
            version: FlightdeckVersion.current,
            status: warnings.isEmpty ? nil : StatusMessage(warnings.joined(separator: " · "), severity: .warning))
        state.themes = ConsoleThemes.cycle(
            selection: selection, requested: options.theme, directories: directories, environment: environment)
        if state.status == nil, let notice = ConsoleThemes.notice(environment: environment) {
            state.status = StatusMessage(notice)
        }
        let crashAfterFirstFrame = environment["FLIGHTDECK_TEST_TRAP"] == "1"
        let clock = ContinuousClock()
        var lastFrame = clock.now
        /// Virtual time follows the wall clock, at most a second of it per frame.
        func wallSinceLastFrame() -> KafkaCore.Duration {
            let now = clock.now
            let wall = min(now - lastFrame, .seconds(1))
            lastFrame = now
            return .microseconds(wall.components.seconds * 1_000_000 + wall.components.attoseconds / 1_000_000_000_000)
        }
        let afterPresent = { if crashAfterFirstFrame { trapForTesting() } }
        var live = makeCluster(scenario: scenario, options: options)
        live.lagThreshold = options.lagThreshold
        var bridge = OperatorBridge(recordPath: options.recordPath)
        bridge.record(live, state: &state)
        let tellsStory = scenario != nil
        if options.listens {
            // The wire server's loop owns the cluster while the listeners are open.
            let listeners = ConsoleListeners(cluster: live, portBase: options.portBase)
            var listening = ListeningBackend(base: backend, listeners: listeners)
            ConsoleLoop.run(
                backend: &listening, state: &state, theme: selection.theme, frameMilliseconds: frameMilliseconds,
                frame: { state in
                    bridge.apply(state.takeRequests(), to: &listeners.loop.cluster, state: &state)
                    return listeners.frame(state: &state, tellsStory: tellsStory)
                },
                afterPresent: afterPresent)
            live = listeners.shutdown()
        } else {
            ConsoleLoop.run(
                backend: &backend, state: &state, theme: selection.theme, frameMilliseconds: frameMilliseconds,
                frame: { state in
                    bridge.apply(state.takeRequests(), to: &live, state: &state)
                    return advanceFrame(&live, state: &state, wall: wallSinceLastFrame(), tellsStory: tellsStory)
                },
                afterPresent: afterPresent)
        }
        bridge.record(live, state: &state)
        // The default cluster's logs live in a fresh temp directory for this run only, unless kept.
        if options.dataDirectory == nil, let directory = live.dataDirectory {
            try? FileManager.default.removeItem(atPath: directory)
            // Its files are gone: nothing is left to write, so skip taking the cluster apart.
            // A kept `--data-dir` is released normally, so each log's buffered tail reaches it.
            ExitHold.keep(live)
        }
        return ExitCode.success
    }

    /// One frame's work: resume a scenario the user released with Space, advance the cluster,
    /// hand its narration to the console (a scenario's; the default cluster tells no story), and
    /// return what to draw.
    static func advanceFrame<Cluster: OperatedCluster>(
        _ cluster: inout Cluster, state: inout ConsoleState, wall: KafkaCore.Duration, tellsStory: Bool = true
    ) -> ClusterSnapshot {
        if state.isResumeRequested {
            state.isResumeRequested = false
            cluster.resume()
        }
        cluster.advance(wall: wall, eventBudget: 200_000)
        for outcome in cluster.takeLaterOutcomes() { state.show(outcome) }
        if tellsStory { state.narration = cluster.narration }
        state.isTimePaused = cluster.isPaused
        return cluster.snapshot()
    }

    /// The scenario to run, or the default cluster (the order-processing use case without faults,
    /// `--brokers` brokers) with its logs in a fresh directory under the temp dir.
    /// With `--data-dir DIR`, the logs go to DIR (on real files, a scenario's too) and stay.
    static func makeCluster(scenario: Scenario?, options: ConsoleOptions) -> LiveScenario {
        var live: LiveScenario
        if let scenario {
            if let kept = options.dataDirectory {
                live = LiveScenario(
                    scenario, reference: options.scenario, seed: options.seed, storage: .files(root: kept),
                    dataDirectory: kept, realClients: options.listens)
            } else {
                live = LiveScenario(
                    scenario, reference: options.scenario, seed: options.seed, realClients: options.listens)
            }
        } else {
            var system = SystemRandomNumberGenerator()
            let seed = options.seed ?? system.next() % 1_000_000
            let directory =
                options.dataDirectory
                ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("flightdeck-\(ProcessInfo.processInfo.processIdentifier)-\(seed)").path
            live = LiveScenario(
                ScenarioLibrary.consoleCluster(brokers: options.brokers), seed: seed, storage: .files(root: directory),
                dataDirectory: directory, realClients: options.listens)
        }
        live.speed = options.speed
        return live
    }

    /// Why `--data-dir DIR` cannot hold a fresh cluster's logs, if it cannot: DIR is created when
    /// missing, and must be an empty directory otherwise (the console starts a new cluster; it
    /// does not adopt logs it did not write).
    static func dataDirectoryProblem(_ path: String) -> String? {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { return "--data-dir \(path): not a directory" }
            let entries = (try? files.contentsOfDirectory(atPath: path)) ?? []
            guard entries.isEmpty else {
                return "--data-dir \(path): the directory is not empty; the console starts a fresh cluster "
                    + "there: give a new or empty directory"
            }
            return nil
        }
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            return "--data-dir \(path): cannot create it: \(error.localizedDescription)"
        }
        return nil
    }

    /// A deliberate crash, used only by the end-to-end test that proves a trap restores the
    /// terminal (`FLIGHTDECK_TEST_TRAP=1`).
    private static func trapForTesting() -> Never {
        preconditionFailure("FLIGHTDECK_TEST_TRAP=1: deliberate crash to test terminal restoration")
    }
}

/// What the process keeps until it exits instead of freeing it on the way out: the console's
/// cluster is a large graph of small objects (every replica's log, every queued event), and
/// taking it apart one release at a time is work the exit does for nothing.
enum ExitHold {
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ value: Any) { kept.append(value) }
}
