import ClusterModel
import Console
import CursesTerminal
import Foundation
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
        var backend: CursesBackend
        do {
            backend = try CursesBackend.open(term: environment["TERM"])
        } catch {
            FileHandle.standardError.write(Data("flightdeck: \(error)\n".utf8))
            return ExitCode.usage
        }
        var state = ConsoleState(
            version: FlightdeckVersion.current,
            status: warnings.isEmpty ? nil : StatusMessage(warnings.joined(separator: " · "), severity: .warning))
        let crashAfterFirstFrame = environment["FLIGHTDECK_TEST_TRAP"] == "1"
        ConsoleLoop.run(
            backend: &backend, state: &state, theme: selection.theme, frameMilliseconds: frameMilliseconds,
            snapshot: { ClusterSnapshot.empty },
            afterPresent: { if crashAfterFirstFrame { trapForTesting() } })
        return ExitCode.success
    }

    /// A deliberate crash, used only by the end-to-end test that proves a trap restores the
    /// terminal (`FLIGHTDECK_TEST_TRAP=1`).
    private static func trapForTesting() -> Never {
        preconditionFailure("FLIGHTDECK_TEST_TRAP=1: deliberate crash to test terminal restoration")
    }
}
