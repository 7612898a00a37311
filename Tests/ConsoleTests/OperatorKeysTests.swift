import ClusterModel
import Console
import KafkaCore
import TerminalUI
import Testing

/// Keys and commands that act on the cluster and on virtual time: what the console asks the
/// runner for, the blast-radius preview and its answer.
@Suite struct OperatorKeysTests {
    let snapshot = Fixtures.cluster()

    func press(_ keys: [Key], on state: inout ConsoleState) {
        for key in keys { state.handle(.key(key), snapshot: snapshot) }
    }

    func type(_ text: String) -> [Key] { text.map { .character($0) } }

    @Test("K, X, R, P and I act on the selected broker; on a partition K kills its leader")
    func brokerKeys() {
        var state = ConsoleState(version: "x")
        press([.character("2"), .character("j"), .character("K")], on: &state)
        #expect(state.takeRequests() == [.command("kill 2", confirmed: false)])
        press([.character("X"), .character("R"), .character("P"), .character("I"), .ctrl("k")], on: &state)
        #expect(
            state.takeRequests() == [
                .command("stop 2", confirmed: false), .command("restart 2", confirmed: false),
                .command("pause 2 for 10s", confirmed: false), .command("isolate 2", confirmed: false),
                .command("kill 2", confirmed: false),
            ])
        press([.character("4"), .character("K")], on: &state)
        let request = state.takeRequests()
        #expect(request.count == 1)
        if case .command(let text, false)? = request.first { #expect(text.hasPrefix("kill leader of ")) }
    }

    @Test("C, L and A act on the selected group, or the group drilled into")
    func groupKeys() {
        var state = ConsoleState(version: "x")
        press([.character("5"), .character("C"), .character("L"), .character("A")], on: &state)
        let requests = state.takeRequests()
        #expect(requests.count == 3)
        guard case .command(let first, false)? = requests.first else { return }
        let group = String(first.dropFirst("crash-consumer ".count))
        #expect(["analytics", "inventory"].contains(group))
        #expect(requests.last == .command("add-consumer \(group)", confirmed: false))
        press([.enter, .character("C")], on: &state)
        #expect(state.takeRequests() == [.command("crash-consumer \(group)", confirmed: false)])
    }

    @Test("a selection key where it cannot act says where to go, in the status line, and asks nothing")
    func keyOutOfPlace() {
        var state = ConsoleState(version: "x")
        press([.character("K")], on: &state)
        #expect(state.takeRequests().isEmpty)
        #expect(state.status?.severity == .error)
        #expect(state.status?.text.contains("Brokers view") == true)
        press([.character("2"), .character("C")], on: &state)
        #expect(state.status?.text == "crash-consumer: select a group in the Groups view (5)")
    }

    @Test("Space pauses and resumes, . steps, + and - move along the speed ladder; : commands ask the same")
    func timeKeys() {
        var state = ConsoleState(version: "x")
        press([.character(" ")], on: &state)
        state.isTimePaused = true
        press([.character(" "), .character("."), .character("+"), .character("-")], on: &state)
        #expect(state.takeRequests() == [.pause, .resume, .step, .speed(2), .speed(0.5)])
        press([.character(":")] + type("speed 25") + [.enter], on: &state)
        press([.character(":")] + type("pause") + [.enter], on: &state)
        press([.character(":")] + type("kill 3 for 30s") + [.enter], on: &state)
        #expect(state.takeRequests() == [.speed(25), .pause, .command("kill 3 for 30s", confirmed: false)])
        var waiting = ConsoleState(version: "x")
        waiting.narration = ScenarioNarration(name: "d", title: "D", isWaitingForKey: true)
        waiting.handle(.key(.character(" ")), snapshot: snapshot)
        #expect(waiting.isResumeRequested)
        #expect(waiting.takeRequests().isEmpty, "Space lets a drill's wait go on instead of pausing")
    }

    static let radius: BlastRadius = {
        var radius = BlastRadius(command: "kill leader of orders-0")
        radius.leaderMoves = [
            BlastRadius.LeaderMove(partition: TopicPartition("orders", 0), from: BrokerID(2), to: BrokerID(3))
        ]
        radius.underMinISR = [
            BlastRadius.UnderMinISR(partition: TopicPartition("orders", 2), inSync: 1, effectiveMinISR: 2)
        ]
        radius.offline = [
            BlastRadius.Offline(partition: TopicPartition("order-events", 1), uncleanElectionEnabled: false)
        ]
        radius.controllerLost = BrokerID(2)
        radius.controllerCandidates = [BrokerID(3)]
        radius.coordinatorMoves = ["analytics"]
        return radius
    }()

    @Test("the preview overlay lists the blast radius; y runs the command, any other key cancels it")
    func preview() throws {
        var state = Fixtures.watchedState()
        state.show(.needsConfirmation(Self.radius))
        let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        try Golden.check(grid, named: "preview-100x30")
        #expect(grid.find("Blast radius — kill leader of orders-0") != nil)
        #expect(grid.find("OFFLINE order-events-1") != nil)
        #expect(grid.find("y runs it") != nil)
        press([.character("j")], on: &state)
        #expect(state.preview == nil)
        #expect(state.status?.text == "cancelled: kill leader of orders-0")
        #expect(state.takeRequests().isEmpty, "the key that cancels does nothing else")
        #expect(state.screen.view == .overview)
        state.show(.needsConfirmation(Self.radius))
        press([.character("y")], on: &state)
        #expect(state.takeRequests() == [.command("kill leader of orders-0", confirmed: true)])
        state.show(.performed("broker 2 (leader of orders-0) killed (kill -9)"))
        #expect(state.status == StatusMessage("broker 2 (leader of orders-0) killed (kill -9)"))
        state.show(.failed("there is no broker 9"))
        #expect(state.status?.severity == .error)
    }

    @Test("the header says PAUSED while the operator holds virtual time")
    func pausedHeader() {
        var state = ConsoleState(version: "x")
        state.isTimePaused = true
        let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 120, height: 30))
        #expect(grid.text(row: 0).contains("PAUSED Space resumes, . steps"))
    }
}
