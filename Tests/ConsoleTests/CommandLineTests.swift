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
        press([.character(":")] + type("bro") + [.tab], on: &state)
        #expect(state.editor?.text == "brokers")
        press([.escape, .character(":")] + type("partit") + [.tab], on: &state)
        #expect(state.editor?.text == "partition")
        #expect(state.editor?.hint == "partitions  partition")
        press([.escape, .character(":"), .tab], on: &state)
        #expect(state.editor?.text == "")
        #expect(state.editor?.hint?.contains("brokers") == true)
        #expect(state.editor?.hint?.contains("events") == true)
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 100, height: 30))
        #expect(grid.text(row: 28).contains("overview  brokers  topics"))
        press([.character("g"), .tab, .enter], on: &state)
        #expect(state.screen.view == .groups)
    }

    @Test("an unknown command says so and suggests the closest name")
    func unknownView() {
        var state = ConsoleState(version: "x")
        press([.character(":")] + type("brokrs") + [.enter], on: &state)
        #expect(state.status == StatusMessage("unknown command 'brokrs' — did you mean 'brokers'?", severity: .error))
        #expect(state.screen.view == .overview)
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 100, height: 30))
        #expect(grid.text(row: 28).contains("unknown command 'brokrs' — did you mean 'brokers'?"))
        #expect(grid.roles(row: 28)[1] == .critical)
        press([.character(":")] + type("xyzzy") + [.enter], on: &state)
        #expect(state.status?.text == "unknown command 'xyzzy' — try :help for the list")
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
                    "unknown command 'evnets' — did you mean 'events'?"))
        #expect(CommandInterpreter.run("   ", snapshot: .empty) == nil)
    }

    @Test("every command name and alias is unique")
    func uniqueNames() {
        let names = CommandSpec.all.flatMap { [$0.name] + $0.aliases }
        #expect(Set(names).count == names.count)
    }
}

/// The operator's commands: the scenario language's actions, completed from the cluster and
/// handed over as text; the controls of virtual time.
@Suite struct CommandArgumentTests {
    @Test("an action completes with a space, then its argument from the cluster, role words included")
    func argumentCompletion() {
        let snapshot = Fixtures.cluster()
        #expect(CommandInterpreter.complete("ki", snapshot: snapshot).text == "kill ")
        let all = CommandInterpreter.complete("kill ", snapshot: snapshot)
        #expect(all.text == "kill ")
        #expect(all.candidates == ["1", "2", "3", "4", "leader", "follower", "controller", "random"])
        #expect(CommandInterpreter.complete("kill le", snapshot: snapshot).text == "kill leader ")
        #expect(CommandInterpreter.complete("kill leader ", snapshot: snapshot).text == "kill leader of ")
        let partitions = CommandInterpreter.complete("kill leader of orders-", snapshot: snapshot)
        #expect(partitions.candidates.contains("orders-0"))
        #expect(!partitions.candidates.contains { $0.hasPrefix("__") })
        #expect(CommandInterpreter.complete("kill 3 f", snapshot: snapshot).text == "kill 3 for ")
        #expect(
            CommandInterpreter.complete("crash-consumer an", snapshot: snapshot).text == "crash-consumer analytics ")
        #expect(CommandInterpreter.complete("elect-preferred ord", snapshot: snapshot).candidates.contains("orders"))
    }

    @Test("create-topic completes its options, not yet given ones only, and their values; the name is new")
    func createTopicCompletion() {
        let snapshot = Fixtures.cluster()
        #expect(CommandInterpreter.complete("create-t", snapshot: snapshot).text == "create-topic ")
        #expect(CommandInterpreter.complete("create-topic ", snapshot: snapshot).candidates.isEmpty)
        #expect(
            CommandInterpreter.complete("create-topic payments ", snapshot: snapshot).candidates == [
                "partitions", "rf", "min.insync", "cleanup", "retention", "retention-bytes",
            ])
        #expect(
            CommandInterpreter.complete("create-topic payments partitions 3 ", snapshot: snapshot).candidates == [
                "rf", "min.insync", "cleanup", "retention", "retention-bytes",
            ])
        #expect(CommandInterpreter.complete("create-topic payments rf ", snapshot: snapshot).candidates.contains("3"))
        #expect(
            CommandInterpreter.complete("create-topic payments cleanup co", snapshot: snapshot).candidates == [
                "compact", "compact,delete",
            ])
        #expect(
            CommandInterpreter.run("create-topic payments partitions 3 rf 3", snapshot: snapshot)
                == .perform(.operate("create-topic payments partitions 3 rf 3")))
    }

    @Test("producers complete from the snapshot's producer names")
    func producerCompletion() {
        var snapshot = Fixtures.cluster()
        snapshot.producerNames = ["order-service", "order-status"]
        #expect(
            CommandInterpreter.complete("crash-producer order-se", snapshot: snapshot).text
                == "crash-producer order-service ")
        #expect(
            CommandInterpreter.complete("set-acks order-service ", snapshot: snapshot).candidates == [
                "all", "1", "0", "for",
            ])
        #expect(CommandInterpreter.complete("isolate order-st", snapshot: snapshot).text == "isolate order-status ")
    }

    @Test("an action runs as the text typed, for the cluster to parse; typos of its name are suggested")
    func actionsRunAsText() {
        let snapshot = Fixtures.cluster()
        #expect(CommandInterpreter.run("kill 2", snapshot: snapshot) == .perform(.operate("kill 2")))
        #expect(
            CommandInterpreter.run("isolate  1 for 30s", snapshot: snapshot) == .perform(.operate("isolate 1 for 30s")))
        #expect(
            CommandInterpreter.run("partition {1} {2 3}", snapshot: snapshot)
                == .perform(.operate("partition {1} {2 3}")))
        #expect(CommandInterpreter.run("partition", snapshot: snapshot) == .perform(.showView(.partitions)))
        #expect(
            CommandInterpreter.run("kil 2", snapshot: snapshot)
                == .failed("unknown command 'kil' — did you mean 'kill'?"))
        #expect(
            CommandInterpreter.run("crash-consumr analytics", snapshot: snapshot)
                == .failed("unknown command 'crash-consumr' — did you mean 'crash-consumer'?"))
    }

    @Test("pause alone pauses virtual time; with a broker it pauses the broker; resume, step and speed")
    func timeControls() {
        let snapshot = Fixtures.cluster()
        #expect(CommandInterpreter.run("pause", snapshot: snapshot) == .perform(.pauseTime))
        #expect(CommandInterpreter.run("pause 2 for 10s", snapshot: snapshot) == .perform(.operate("pause 2 for 10s")))
        #expect(CommandInterpreter.run("resume", snapshot: snapshot) == .perform(.resumeTime))
        #expect(CommandInterpreter.run("step", snapshot: snapshot) == .perform(.stepTime))
        #expect(CommandInterpreter.run("speed 10", snapshot: snapshot) == .perform(.setSpeed(10)))
        #expect(CommandInterpreter.run("speed x0.5", snapshot: snapshot) == .perform(.setSpeed(0.5)))
        #expect(
            CommandInterpreter.run("speed 1000", snapshot: snapshot)
                == .failed(":speed takes one number from 0.1 to 100, like :speed 10 (got '1000')"))
        #expect(CommandInterpreter.run("step 3", snapshot: snapshot) == .failed(":step takes no argument (got '3')"))
    }
}
