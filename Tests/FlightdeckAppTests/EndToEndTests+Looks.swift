import Foundation
import Testing

extension EndToEndTests {
    /// The pane's screen with its colours and attributes as escape sequences.
    func styledScreen(_ session: TmuxSession) throws -> String {
        try session.tmux(["capture-pane", "-e", "-p", "-t", "e2e"])
    }

    /// Whether `text` sets a foreground or background colour (256-colour or ANSI), as opposed to
    /// attributes and the resets to the terminal's own colours (`39`, `49`).
    func setsColour(_ text: String) -> Bool {
        text.contains("38;5;") || text.contains("48;5;")
            || text.range(
                of: #"\x1B\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|10[0-7])(?:;[0-9;]*)?m"#, options: .regularExpression)
                != nil
    }

    @Test("t cycles the themes live and the status line names each; e explains the selected row, Esc closes it")
    func themesAndExplain() throws {
        // An empty NO_COLOR counts as unset (no-color.org); `swift test` may export one.
        let session = try TmuxSession(
            width: 120, height: 40, command: binary + " --seed 1", environment: ["NO_COLOR": ""])
        try session.waitFor(text: "● 9 healthy", timeoutSeconds: 30)
        #expect(setsColour(try styledScreen(session)))
        try session.send("t")
        try session.waitFor(text: "theme light (2 of 4)")
        try session.send("t")
        try session.waitFor(text: "theme high-contrast (3 of 4)")
        try session.send("t")
        try session.waitFor(text: "theme monochrome (4 of 4)")
        try session.send("4", "Down", "Down", "Down", "e")
        try session.waitFor(text: "Why — partition orders-0")
        #expect(try session.screen().contains("Effective minimum ISR = min(min.insync.replicas=2"))
        try session.send("Escape")
        try session.waitFor(text: "◆ leader  ● in sync")
        #expect(try !session.screen().contains("Why — partition"))
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test("NO_COLOR: not one colour on screen, only attributes; the status line says so")
    func noColor() throws {
        let session = try TmuxSession(
            width: 120, height: 40, command: binary + " --seed 1", environment: ["NO_COLOR": "1"])
        try session.waitFor(text: "● 9 healthy", timeoutSeconds: 30)
        #expect(try session.screen().contains("NO_COLOR is set"))
        let styled = try styledScreen(session)
        #expect(!setsColour(styled), "NO_COLOR screen sets a colour")
        #expect(styled.contains("\u{1B}[1m"), "attributes remain (bold)")
        try session.send("t")
        try session.waitFor(text: "theme default (1 of 4)")
        #expect(!setsColour(try styledScreen(session)), "t must not bring colour back under NO_COLOR")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }
}
