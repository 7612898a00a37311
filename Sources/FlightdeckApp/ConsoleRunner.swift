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
        if let scenario {
            var live = LiveScenario(scenario, reference: options.scenario, seed: options.seed)
            live.lagThreshold = options.lagThreshold
            ConsoleLoop.run(
                backend: &backend, state: &state, theme: selection.theme, frameMilliseconds: frameMilliseconds,
                frame: { state in advanceFrame(&live, state: &state, wall: wallSinceLastFrame()) },
                afterPresent: afterPresent)
            return ExitCode.success
        }
        var live = makeDefaultCluster(seed: options.seed)
        live.lagThreshold = options.lagThreshold
        ConsoleLoop.run(
            backend: &backend, state: &state, theme: selection.theme, frameMilliseconds: frameMilliseconds,
            frame: { state in advanceFrame(&live, state: &state, wall: wallSinceLastFrame()) },
            afterPresent: afterPresent)
        // The default cluster's logs live in a fresh temp directory for this run only.
        if let directory = live.dataDirectory { try? FileManager.default.removeItem(atPath: directory) }
        return ExitCode.success
    }

    /// One frame's work: resume a scenario the user released with Space, advance the cluster,
    /// hand its narration to the console, and return what to draw.
    static func advanceFrame<Cluster: ConsoleCluster>(
        _ cluster: inout Cluster, state: inout ConsoleState, wall: KafkaCore.Duration
    ) -> ClusterSnapshot {
        if state.isResumeRequested {
            state.isResumeRequested = false
            cluster.resume()
        }
        cluster.advance(wall: wall, eventBudget: 200_000)
        state.narration = cluster.narration
        return cluster.snapshot()
    }

    /// The built-in default cluster, its logs in a fresh directory under the temp dir.
    static func makeDefaultCluster(seed: UInt64? = nil) -> LiveCluster {
        var system = SystemRandomNumberGenerator()
        let seed = seed ?? system.next() % 1_000_000
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("flightdeck-\(ProcessInfo.processInfo.processIdentifier)-\(seed)").path
        return LiveCluster(seed: seed, storage: .files(root: directory), dataDirectory: directory)
    }

    /// A deliberate crash, used only by the end-to-end test that proves a trap restores the
    /// terminal (`FLIGHTDECK_TEST_TRAP=1`).
    private static func trapForTesting() -> Never {
        preconditionFailure("FLIGHTDECK_TEST_TRAP=1: deliberate crash to test terminal restoration")
    }
}
