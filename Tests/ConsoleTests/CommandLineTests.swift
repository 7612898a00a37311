import ClusterModel
import Console
import TerminalUI
import Testing

/// The `:` command line: typing, completion, running view commands, and errors.
@Suite struct CommandLineTests {
    func press(_ keys: [Key], on state: inout ConsoleState) {
        for key in keys { state.handle(.key(key), snapshot: Fixtures.cluster()) }
    }

    func type(_ text: String) -> [Key] { text.map { .character($0) } }

    @Test(
        ":name switches to the view, aliases too",
        arguments: [
            ("brokers", ConsoleView.brokers), ("topics", .topics), ("partitions", .partitions), ("groups", .groups),
            ("events", .events), ("help", .help), ("overview", .overview), ("cg", .groups), ("br", .brokers),
        ])
    func viewCommands(name: String, view: ConsoleView) {
        var state = ConsoleState(version: "x")
        press([.character("3"), .character(":")] + type(name) + [.enter], on: &state)
        #expect(state.screen.view == view)
        #expect(state.editor == nil)
        #expect(state.status == nil)
    }

    @Test("keys typed on the command line edit it instead of acting: q does not quit, 4 does not switch")
    func typingIsText() {
        var state = ConsoleState(version: "x")
        press([.character(":")] + type("q4j") + [.backspace], on: &state)
        #expect(state.editor?.text == "q4")
        #expect(!state.isQuitRequested)
        #expect(state.screen.view == .overview)
        press([.escape], on: &state)
        #expect(state.editor == nil)
        #expect(state.screen.view == .overview, "Esc cancels without going anywhere")
    }

    @Test("Backspace on an empty command line closes it")
    func backspaceCloses() {
        var state = ConsoleState(version: "x")
        press([.character(":"), .backspace], on: &state)
        #expect(state.editor == nil)
    }

    @Test("Tab completes a unique prefix, and a shared prefix shows the candidates")
    func completion() {
        var state = ConsoleState(version: "x")
        press([.character(":"), .character("b"), .tab], on: &state)
        #expect(state.editor?.text == "brokers")
        press([.escape, .character(":"), .character("p"), .tab], on: &state)
        #expect(state.editor?.text == "partitions")
        press([.escape, .character(":"), .tab], on: &state)
        #expect(state.editor?.text == "")
        #expect(state.editor?.hint?.contains("brokers") == true)
        #expect(state.editor?.hint?.contains("events") == true)
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 100, height: 30))
        #expect(grid.text(row: 28).contains("overview  brokers  topics"))
        press([.character("g"), .tab, .enter], on: &state)
        #expect(state.screen.view == .groups)
    }

    @Test("an unknown view says so and suggests the closest name")
    func unknownView() {
        var state = ConsoleState(version: "x")
        press([.character(":")] + type("brokrs") + [.enter], on: &state)
        #expect(state.status == StatusMessage("unknown view 'brokrs' — did you mean 'brokers'?", severity: .error))
        #expect(state.screen.view == .overview)
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 100, height: 30))
        #expect(grid.text(row: 28).contains("unknown view 'brokrs' — did you mean 'brokers'?"))
        #expect(grid.roles(row: 28)[1] == .critical)
        press([.character(":")] + type("xyzzy") + [.enter], on: &state)
        #expect(state.status?.text == "unknown view 'xyzzy' — try :help for the list")
        press([.character(":")] + type("topics now") + [.enter], on: &state)
        #expect(state.status?.text == ":topics takes no argument (got 'now')")
    }

    @Test("suggestions come from the edit distance and are deterministic")
    func suggestions() {
        #expect(CommandInterpreter.editDistance("kitten", "sitting") == 3)
        #expect(CommandInterpreter.editDistance("", "abc") == 3)
        #expect(
            CommandInterpreter.run("evnets", snapshot: .empty)
                == .failed(
                    "unknown view 'evnets' — did you mean 'events'?"))
        #expect(CommandInterpreter.run("   ", snapshot: .empty) == nil)
    }

    @Test("every command name and alias is unique")
    func uniqueNames() {
        let names = CommandSpec.all.flatMap { [$0.name] + $0.aliases }
        #expect(Set(names).count == names.count)
    }
}

/// The command table is open to commands with arguments (the action commands to come): their
/// arguments complete from the cluster and reach `run`.
@Suite struct CommandArgumentTests {
    static let kill = CommandSpec(
        name: "kill", argumentHint: "<broker>", summary: "kill a broker",
        completions: { snapshot in snapshot.brokers.map { String($0.id.rawValue) } }
    ) { arguments, _ in
        arguments.count == 1 ? .perform(.quit) : .failed(":kill takes one broker id")
    }
    static let commands = CommandSpec.all + [kill]

    @Test("a command that takes an argument completes with a space, then its argument from the cluster")
    func argumentCompletion() {
        let snapshot = Fixtures.cluster()
        #expect(CommandInterpreter.complete("ki", snapshot: snapshot, commands: Self.commands).text == "kill ")
        let all = CommandInterpreter.complete("kill ", snapshot: snapshot, commands: Self.commands)
        #expect(all.text == "kill ")
        #expect(all.candidates == ["1", "2", "3", "4"])
        #expect(CommandInterpreter.complete("kill 3", snapshot: snapshot, commands: Self.commands).text == "kill 3")
        #expect(CommandInterpreter.run("kill 2", snapshot: snapshot, commands: Self.commands) == .perform(.quit))
        #expect(
            CommandInterpreter.run("kill", snapshot: snapshot, commands: Self.commands)
                == .failed(":kill takes one broker id"))
        #expect(
            CommandInterpreter.run("kil 2", snapshot: snapshot, commands: Self.commands)
                == .failed(
                    "unknown view 'kil' — did you mean 'kill'?"))
    }
}
