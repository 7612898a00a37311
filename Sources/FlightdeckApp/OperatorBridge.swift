import ClusterModel
import Console
import Foundation
import Scenarios
import Simulation

/// Hands what the operator asked for in the console (commands, pause, step, speed) to the live
/// scenario, shows what became of it, and keeps the `--record` file up to date.
struct OperatorBridge {
    /// `--record FILE`, if given.
    var recordPath: String?
    /// Set once writing the recording failed, so the warning shows once.
    private(set) var recordingFailure: String?

    init(recordPath: String?) {
        self.recordPath = recordPath
    }

    /// Applies `requests` in order at the current virtual time.
    mutating func apply(_ requests: [OperatorRequest], to live: inout LiveScenario, state: inout ConsoleState) {
        for request in requests {
            switch request {
            case .command(let command, let confirmed):
                let performed = live.run.operatorSteps.count
                state.show(live.operate(command, confirmed: confirmed))
                if live.run.operatorSteps.count != performed { record(live, state: &state) }
            case .pause:
                live.isPaused = true
            case .resume:
                live.isPaused = false
            case .step:
                if !live.isPaused {
                    live.isPaused = true
                    state.status = StatusMessage("paused; . steps 100 ms, Space resumes")
                } else {
                    live.step()
                }
            case .speed(let speed):
                live.speed = min(max(speed, LiveScenario.speeds.lowerBound), LiveScenario.speeds.upperBound)
            }
        }
        state.isTimePaused = live.isPaused
    }

    /// Writes the session so far to the `--record` file (nothing without one).
    mutating func record(_ live: LiveScenario, state: inout ConsoleState) {
        guard let recordPath, recordingFailure == nil else { return }
        let text =
            "# Recorded by flightdeck --record: replay it with flightdeck --replay \(recordPath),\n"
            + "# or headless with flightdeck run \(recordPath).\n"
            + ScenarioPrinter.text(of: live.run.recordedScenario())
        do {
            try text.write(toFile: recordPath, atomically: true, encoding: .utf8)
        } catch {
            recordingFailure = "could not write the recording to \(recordPath): \(error.localizedDescription)"
            state.status = StatusMessage(recordingFailure ?? "", severity: .warning)
        }
    }
}
