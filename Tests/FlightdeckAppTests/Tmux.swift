import Foundation
import Glibc
import Testing

/// The built `flightdeck` binary: `FLIGHTDECK_BINARY` if set, else the one SwiftPM built next to
/// this test bundle.
enum BuiltBinary {
    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["FLIGHTDECK_BINARY"] { return explicit }
        let candidates = [Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent()]
            .compactMap { $0 }
            .flatMap {
                [
                    $0.appendingPathComponent("flightdeck"),
                    $0.deletingLastPathComponent().appendingPathComponent("flightdeck"),
                ]
            }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path
            ?? "(flightdeck binary not found next to \(Bundle.main.bundleURL.path); set FLIGHTDECK_BINARY)"
    }
}

/// Runs a command to completion and returns its exit status and output.
///
/// posix_spawn and waitpid rather than Foundation's `Process`, whose `waitUntilExit` was seen to
/// hang here under Swift Testing; output goes through files rather than pipes because
/// `tmux start-server` leaves a daemon holding the descriptors, so a pipe would never close.
///
/// The child starts as from a shell: no signal blocked, and the signals a terminal program
/// handles at their defaults. A spawned process otherwise inherits the calling thread's mask, and
/// test runner threads were seen blocking almost every signal: a tmux daemon started from one
/// never saw SIGCHLD or SIGTERM, so it neither reaped its panes nor obeyed `kill-server` (or the
/// watchdog's), and servers outlived their tests by hours.
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let directory = NSTemporaryDirectory()
    let outPath = directory + "flightdeck-run-\(UUID().uuidString).out"
    let errPath = directory + "flightdeck-run-\(UUID().uuidString).err"
    defer {
        unlink(outPath)
        unlink(errPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in shellDefaultSignals { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    guard spawned == 0 else { throw HarnessError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw HarnessError("waitpid failed for \(executable)") }
    }
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return (exitStatus, stdout, stderr)
}

/// The signals `run` starts its child with at their default actions, as a shell would.
let shellDefaultSignals = [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGCHLD, SIGWINCH]

/// A private tmux server with one pane running a shell command: the end-to-end harness.
///
/// Each session gets its own server socket, so tests can run in parallel. The command is wrapped
/// as `sh -c '…; echo __EXIT__=$?'` because tmux's pane exit status is unreliable here.
final class TmuxSession {
    static let tmux = "/usr/bin/tmux"
    let socket = "flightdeck-e2e-\(UUID().uuidString.prefix(8))"

    init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.tmux) else {
            throw HarnessError("tmux is required for the end-to-end tests: apt-get install -y tmux")
        }
        var arguments = [
            "start-server", ";", "set", "-g", "remain-on-exit", "on", ";", "new-session", "-d", "-s", "e2e",
            "-x", String(width), "-y", String(height),
        ]
        let base = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no"]
        for (key, value) in base.merging(environment, uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            arguments += ["-e", "\(key)=\(value)"]
        }
        // The shell traps SIGINT (children still get the default) so that Ctrl-C reaches the program
        // and the shell survives to print the exit status.
        arguments.append("sh -c 'trap : INT; \(command); echo __EXIT__=$?'")
        try tmux(arguments)
        // A watchdog: `deinit` does not run when the test process ends first (a timeout, a crash,
        // the runner exiting with sessions still referenced), which left tmux servers behind.
        try tmux(["run-shell", "-b", "sleep \(Self.lifetimeSeconds); \(Self.tmux) -L \(socket) kill-server"])
    }

    /// How long a session's server may outlive its test at most.
    static let lifetimeSeconds = 900

    deinit {
        _ = try? tmux(["kill-server"])
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try run(Self.tmux, ["-L", socket, "-f", "/dev/null"] + arguments)
        guard result.status == 0 else {
            throw HarnessError("tmux \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout
    }

    /// The visible screen, or the whole history with `scrollback`.
    func screen(scrollback: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "e2e"] + (scrollback ? ["-S", "-"] : []))
    }

    func lines() throws -> [String] {
        try screen().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "e2e"] + keys)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "e2e", "-x", String(width), "-y", String(height)])
    }

    var isAlternateScreenOn: Bool {
        get throws { try tmux(["display", "-p", "-t", "e2e", "#{alternate_on}"]).hasPrefix("1") }
    }

    /// The pid of the program the pane's shell started.
    func programPID() throws -> Int32 {
        let shell = try tmux(["display", "-p", "-t", "e2e", "#{pane_pid}"]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let children = try run("/usr/bin/pgrep", ["-P", shell]).stdout.split(separator: "\n")
        guard let first = children.first, let pid = Int32(first) else {
            throw HarnessError("no child of pane shell \(shell)")
        }
        return pid
    }

    /// Polls the screen until `condition` holds; fails with the screen when it does not in time.
    @discardableResult
    func waitFor(
        _ description: String, timeoutSeconds: Double = 15, scrollback: Bool = false,
        _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var last = ""
        while Date() < deadline {
            last = try screen(scrollback: scrollback)
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw HarnessError("timed out waiting for \(description); screen was:\n\(last)")
    }

    func waitFor(text: String, timeoutSeconds: Double = 15, scrollback: Bool = false) throws {
        try waitFor("'\(text)'", timeoutSeconds: timeoutSeconds, scrollback: scrollback) { $0.contains(text) }
    }

    /// Waits for the wrapped command to finish and returns its exit status.
    func exitStatus(timeoutSeconds: Double = 15) throws -> Int {
        let screen = try waitFor("the program to exit", timeoutSeconds: timeoutSeconds, scrollback: true) {
            $0.contains("__EXIT__=")
        }
        guard let range = screen.range(of: #"__EXIT__=(\d+)"#, options: .regularExpression),
            let status = Int(screen[range].dropFirst("__EXIT__=".count))
        else { throw HarnessError("no exit status in:\n\(screen)") }
        return status
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
