import ClusterModel
import TerminalUI

/// What the console asks of the cluster or of virtual time; the runner hands each over.
public enum OperatorRequest: Hashable, Sendable {
    /// Run `command` (the scenario language's action syntax); a destructive one comes back as a
    /// preview unless `confirmed`.
    case command(String, confirmed: Bool)
    case pause
    case resume
    case step
    case speed(Double)
}

extension ConsoleState {
    /// The speeds `+` and `-` move between.
    public static let speedLadder: [Double] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100]

    /// The requests made since the last call, oldest first; the runner hands them over.
    public mutating func takeRequests() -> [OperatorRequest] {
        defer { requests = [] }
        return requests
    }

    /// Shows what became of a command the runner handed over.
    public mutating func show(_ outcome: OperatorOutcome) {
        switch outcome {
        case .performed(let text): status = StatusMessage(text)
        case .failed(let text): status = StatusMessage(text, severity: .error)
        case .needsConfirmation(let radius):
            preview = radius
            status = nil
        }
    }

    /// `y` runs the previewed command; any other key cancels it.
    mutating func answerPreview(_ key: Key) {
        guard let radius = preview else { return }
        preview = nil
        if key == .character("y") || key == .character("Y") {
            requests.append(.command(radius.command, confirmed: true))
        } else {
            status = StatusMessage("cancelled: \(radius.command)")
        }
    }

    mutating func performOperatorAction(_ action: ConsoleAction, snapshot: ClusterSnapshot) {
        switch action {
        case .operate(let command): requests.append(.command(command, confirmed: false))
        case .operateOnSelection(let verb):
            switch command(for: verb, snapshot: snapshot) {
            case .success(let command): requests.append(.command(command, confirmed: false))
            case .failure(let problem): status = StatusMessage(problem.message, severity: .error)
            }
        case .togglePause: requests.append(isTimePaused ? .resume : .pause)
        case .pauseTime: requests.append(.pause)
        case .resumeTime: requests.append(.resume)
        case .stepTime: requests.append(.step)
        case .faster, .slower:
            let ladder = Self.speedLadder
            let current = snapshot.speed > 0 ? snapshot.speed : 1
            let next =
                action == .faster
                ? ladder.first { $0 > current + 1e-9 } ?? ladder[ladder.count - 1]
                : ladder.last { $0 < current - 1e-9 } ?? ladder[0]
            requests.append(.speed(next))
            status = StatusMessage("speed ×\(Header.speedText(next))")
        case .setSpeed(let speed):
            requests.append(.speed(speed))
            status = StatusMessage("speed ×\(Header.speedText(speed))")
        default: break
        }
    }

    /// Why a selection key cannot act here.
    struct SelectionProblem: Error {
        var message: String
    }

    /// The command a selection key stands for on the selected row: `kill 2` on the Brokers
    /// view, `kill leader of orders-3` on the Partitions view, `crash-consumer analytics` on
    /// the Groups view (or inside a group).
    func command(for verb: SelectionVerb, snapshot: ClusterSnapshot) -> Result<String, SelectionProblem> {
        let selected = selectedRowID(snapshot)
        switch verb {
        case .kill, .stop, .restart, .pause, .isolate:
            let suffix = verb == .pause ? " for 10s" : ""
            if let id = selected, id.hasPrefix("broker:") {
                return .success("\(verb.rawValue) \(id.dropFirst("broker:".count))\(suffix)")
            }
            if screen.view == .partitions, let id = selected, verb != .restart {
                return .success("\(verb.rawValue) leader of \(id)\(suffix)")
            }
            return .failure(
                SelectionProblem(
                    message: "\(verb.rawValue): select a broker in the Brokers view (2)"
                        + (verb == .restart ? "" : " or a partition in the Partitions view (4)")))
        case .crashConsumer, .closeConsumer, .addConsumer:
            if case .group(let group) = screen.scope { return .success("\(verb.rawValue) \(group)") }
            if let id = selected, id.hasPrefix("group:") {
                return .success("\(verb.rawValue) \(id.dropFirst("group:".count))")
            }
            return .failure(SelectionProblem(message: "\(verb.rawValue): select a group in the Groups view (5)"))
        }
    }

    /// The identity of the selected row on the screen showing, if it is a list with rows.
    func selectedRowID(_ snapshot: ClusterSnapshot) -> String? {
        guard let (content, rows) = visibleRows(snapshot),
            let index = list(screen).selection(in: rows, followsTail: content.followsTail)
        else { return nil }
        return rows[index].id
    }
}
