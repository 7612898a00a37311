import Foundation
import Testing

/// The real binary, in a real terminal (tmux), driven by keys and signals.
@Suite(.serialized) struct EndToEndTests {
    let binary = BuiltBinary.path

    @Test("the default cluster comes up healthy: three running brokers, a controller, its topics, traffic")
    func defaultClusterHealthy() throws {
        let session = try TmuxSession(width: 120, height: 40, command: binary)
        try session.waitFor(text: "● 9 healthy", timeoutSeconds: 30)
        try session.waitFor(text: "in ", timeoutSeconds: 30)
        let screen = try session.screen()
        #expect(screen.components(separatedBy: "● running").count - 1 == 3, "\(screen)")
        #expect(screen.contains("controller"))
        #expect(screen.contains("orders        6p RF3"))
        #expect(screen.contains("replicas placed"), "the events panel narrates the topics' creation")
        try session.waitFor(text: "analytics", timeoutSeconds: 30)
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test("the first frame shows the header and footer; ? toggles help; q exits 0 and leaves the alternate screen")
    func firstFrameHelpQuit() throws {
        let session = try TmuxSession(width: 100, height: 30, command: binary)
        try session.waitFor(text: "Flightdeck 0.1.0")
        let lines = try session.lines()
        #expect(lines[0].contains("Flightdeck 0.1.0"))
        // The default cluster starts at once; its topics follow within a few seconds.
        #expect(lines[0].contains("starting: no partitions yet") || lines[0].contains("healthy"))
        #expect(lines[29].contains("? help") && lines[29].contains("q quit"))
        #expect(try session.isAlternateScreenOn)
        try session.send("?")
        try session.waitFor(text: "Help — keys")
        #expect(try session.screen().contains("q Ctrl-C"))
        #expect(try session.screen().contains("K Ctrl-K kill"), "help lists the operator's keys too")
        #expect(try session.screen().contains("lists them all"), "and says where the commands are")
        try session.send("?")
        try session.waitFor("help to close") { !$0.contains("Help — keys") }
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try !session.isAlternateScreenOn)
    }

    @Test("resizing redraws at the new size, shows the enlarge screen below 80×24 and recovers")
    func resize() throws {
        let session = try TmuxSession(width: 90, height: 26, command: binary)
        try session.waitFor(text: "Flightdeck 0.1.0")
        try session.resize(width: 100, height: 30)
        let wide = try session.waitFor("a 100×30 frame") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 30 && lines[29].contains("q quit") && lines[1].hasSuffix("┐")
                && lines[1].count == 100
        }
        #expect(wide.contains("┌─ Events"))
        try session.resize(width: 70, height: 20)
        try session.waitFor(text: "enlarge the window to at least 80×24 (now 70×20)")
        #expect(try !session.screen().contains("Flightdeck 0.1.0"))
        try session.resize(width: 120, height: 40)
        try session.waitFor("the console to come back at 120×40") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 40 && lines[0].contains("Flightdeck") && lines[39].contains("q quit")
        }
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test("Ctrl-C, SIGTERM and SIGHUP all restore the terminal and exit 0", arguments: ["C-c", "TERM", "HUP"])
    func stopSignals(signal: String) throws {
        let session = try TmuxSession(width: 90, height: 26, command: binary)
        try session.waitFor(text: "Flightdeck 0.1.0")
        if signal == "C-c" {
            try session.send("C-c")
        } else {
            let pid = try session.programPID()
            try run("/bin/kill", ["-\(signal)", String(pid)])
        }
        #expect(try session.exitStatus() == 0)
        #expect(try !session.isAlternateScreenOn)
    }

    @Test("a crash (a Swift trap) still gives the terminal back")
    func crashRestores() throws {
        let session = try TmuxSession(
            width: 90, height: 26, command: binary, environment: ["FLIGHTDECK_TEST_TRAP": "1"])
        let status = try session.exitStatus(timeoutSeconds: 30)
        #expect(status != 0)
        #expect(try !session.isAlternateScreenOn)
        #expect(try session.screen(scrollback: true).contains("flightdeck crashed; the terminal was restored."))
    }

    @Test("with stdout piped the console refuses with a message and exit code 2")
    func stdoutPiped() throws {
        let session = try TmuxSession(width: 100, height: 26, command: "(\(binary); echo STATUS=$? >&2) | cat")
        try session.waitFor(text: "STATUS=2", scrollback: true)
        #expect(try session.screen(scrollback: true).contains("standard output is not a terminal"))
    }

    @Test("without a terminal at all the console refuses with a message and exit code 2")
    func noTerminal() throws {
        let result = try run(binary, [])
        #expect(result.status == 2)
        #expect(result.stderr.contains("flightdeck: cannot open the console: standard input is not a terminal"))
        #expect(result.stdout.isEmpty)
    }

    @Test(
        "a TERM that is unset, unknown or cannot address the cursor is refused with a message and exit code 2",
        arguments: [
            ("env -u TERM", "TERM is not set"), ("TERM=dumb", "TERM=dumb cannot move the cursor"),
            ("TERM=no-such-terminal", "TERM=no-such-terminal is not a terminal type the terminfo database knows"),
        ])
    func badTerm(prefix: String, message: String) throws {
        let session = try TmuxSession(width: 120, height: 26, command: "\(prefix) \(binary)")
        #expect(try session.exitStatus() == 2)
        #expect(try session.screen(scrollback: true).contains(message))
    }

    @Test("--help and --version print and exit 0; a wrong flag prints one line plus usage and exits 2")
    func commandLine() throws {
        let help = try run(binary, ["--help"])
        #expect(help.status == 0 && help.stdout.hasPrefix("Usage: flightdeck"))
        let version = try run(binary, ["--version"])
        #expect(version.status == 0 && version.stdout == "flightdeck 0.1.0\n")
        let wrong = try run(binary, ["--nope"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.hasPrefix("flightdeck: unknown option '--nope'\n\nUsage: flightdeck"))
        #expect(wrong.stdout.isEmpty)
    }

    @Test("a malformed theme shows a warning naming the file and position, and the console still runs")
    func badTheme() throws {
        let directory = NSTemporaryDirectory() + "flightdeck-e2e-themes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("{\n  \"roles\": { \"text\": { \"fg\": \"#xyz\" } }\n}\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/broken.json"))
        let session = try TmuxSession(
            width: 140, height: 30, command: "\(binary) --themes-dir \(directory) --theme broken")
        try session.waitFor(text: "broken.json:2:30: \"#xyz\" is not a colour")
        #expect(try session.screen().contains("Flightdeck 0.1.0"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test("a themes directory that does not exist is named in the status line, and the console runs")
    func missingThemesDirectory() throws {
        let session = try TmuxSession(width: 120, height: 30, command: "\(binary) --themes-dir /nonexistent/themes")
        try session.waitFor(text: "themes directory /nonexistent/themes does not exist")
        #expect(try session.screen().contains("Flightdeck 0.1.0"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }
}
