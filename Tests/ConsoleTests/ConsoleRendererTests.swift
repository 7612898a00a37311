import ClusterModel
import Console
import KafkaCore
import TerminalUI
import Testing

@Suite struct ConsoleRendererTests {
    let state = ConsoleState(version: "0.1.0")

    @Test("the first frame at 80×24 has the header, the empty panels and the footer")
    func firstFrame() throws {
        let grid = ConsoleRenderer.render(state, snapshot: .empty, size: Size(width: 80, height: 24))
        try Golden.check(grid, named: "first-frame-80x24")
        #expect(grid.text(row: 0).hasPrefix(" Flightdeck 0.1.0"))
        #expect(grid.text(row: 23).hasPrefix(" 1-7 views  : command  ? help  q quit"))
        #expect(grid.roles(row: 0)[1] == .accent)
        #expect(grid.roles(row: 23)[1] == .key)
    }

    @Test("the help view lists every key binding over the body (at 200×60; smaller terminals truncate)")
    func helpView() throws {
        var state = state
        state.handle(.key(.character("?")))
        try Golden.check(
            ConsoleRenderer.render(state, snapshot: .empty, size: Size(width: 100, height: 30)), named: "help-100x30")
        let grid = ConsoleRenderer.render(state, snapshot: .empty, size: Size(width: 200, height: 60))
        try Golden.check(grid, named: "help-200x60")
        for binding in KeyBinding.all {
            if case .showView(let view) = binding.action {
                #expect(grid.find("\(view.digit) \(view.name)") != nil, "help does not list view \(view.name)")
            } else {
                #expect(grid.find(binding.summary) != nil, "help does not list \(binding.summary)")
            }
            for key in binding.keys {
                #expect(grid.find(key.description) != nil, "help does not show key \(key)")
            }
        }
    }

    @Test(
        "a terminal smaller than 80×24 shows the centred enlarge message",
        arguments: [
            Size(width: 70, height: 20), Size(width: 79, height: 24), Size(width: 80, height: 23),
            Size(width: 30, height: 5),
        ])
    func enlarge(size: Size) {
        let grid = ConsoleRenderer.render(state, snapshot: .empty, size: size)
        let text = grid.lines.joined(separator: " ")
        #expect(text.contains("enlarge the window"))
        #expect(text.contains("(now \(size))"))
        #expect(grid.find("Flightdeck") == nil)
    }

    @Test("the enlarge screen is centred")
    func enlargeCentred() throws {
        let grid = ConsoleRenderer.render(state, snapshot: .empty, size: Size(width: 70, height: 20))
        try Golden.check(grid, named: "enlarge-70x20")
    }

    @Test(
        "tiny and empty terminals render without trapping",
        arguments: [
            Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 5, height: 0), Size(width: 0, height: 5),
        ])
    func tiny(size: Size) {
        let grid = ConsoleRenderer.render(state, snapshot: .empty, size: size)
        #expect(grid.size == size)
    }

    @Test(
        "every size from 80×24 up tiles the panels without overlap",
        arguments: [
            Size(width: 80, height: 24), Size(width: 81, height: 25), Size(width: 140, height: 45),
            Size(width: 300, height: 90),
        ])
    func layouts(size: Size) {
        let grid = ConsoleRenderer.render(state, snapshot: .empty, size: size)
        for title in ["Brokers", "Topics", "Consumer groups", "Throughput", "Events"] {
            #expect(grid.find("┌─ \(title) ") != nil, "\(title) panel missing at \(size)")
        }
        #expect(grid.text(row: size.height - 1).contains("q quit"))
    }

    @Test("with partitions, the header counts them in the five health buckets")
    func healthBuckets() {
        let snapshot = ClusterSnapshot(healthCounts: [.healthy: 14, .underReplicated: 2, .atMinISR: 1, .offline: 1])
        let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 140, height: 30))
        let header = grid.text(row: 0)
        #expect(header.contains("● 14 healthy"))
        #expect(header.contains("● 2 under-replicated"))
        #expect(header.contains("● 1 at-min-ISR"))
        #expect(header.contains("● 0 under-min-ISR"))
        #expect(header.contains("● 1 offline"))
        #expect(grid.find("● 1 offline").map { grid.roles(row: 0)[$0.x] } == .offline)
        #expect(grid.find("● 0 under-min-ISR").map { grid.roles(row: 0)[$0.x] } == .muted)
    }

    @Test("the overview lists brokers with state and controller, topics with health, and the latest events")
    func overviewWithCluster() throws {
        let snapshot = ClusterSnapshot(
            now: Instant(microseconds: 42_000_000), seed: 7,
            healthCounts: [.healthy: 5, .atMinISR: 1], activeController: BrokerID(2),
            brokers: [
                BrokerSnapshot(id: BrokerID(1), state: .stopped, isQuorumVoter: true),
                BrokerSnapshot(
                    id: BrokerID(2), state: .running, isQuorumVoter: true, isActiveController: true, partitionsLed: 4,
                    partitionsFollowed: 2, logSizeBytes: 3 << 20),
                BrokerSnapshot(
                    id: BrokerID(3), state: .running, isQuorumVoter: true, partitionsLed: 2, partitionsFollowed: 4,
                    logSizeBytes: 2048),
            ],
            topics: [
                TopicSnapshot(
                    name: "orders", partitionCount: 6, replicationFactor: 3, configs: [], isInternal: false,
                    sizeBytes: 0, healthCounts: [.healthy: 5, .atMinISR: 1]),
                TopicSnapshot(
                    name: "__consumer_offsets", partitionCount: 50, replicationFactor: 3, configs: [],
                    isInternal: true, sizeBytes: 0, healthCounts: [.healthy: 50]),
            ],
            events: [
                ClusterEvent(
                    instant: Instant(microseconds: 30_000_000), kind: .fault, brokers: [BrokerID(1)],
                    text: "broker 1 killed (kill -9): no controlled shutdown"),
                ClusterEvent(
                    instant: Instant(microseconds: 39_100_000), kind: .leadership, topics: ["orders"],
                    text: "orders-0: leader 1 → 2 (epoch 1), ISR [2,3]"),
            ])
        let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        try Golden.check(grid, named: "overview-cluster-100x30")
        #expect(grid.find("__consumer_offsets") == nil, "internal topics are hidden")
        #expect(grid.find("● stopped").map { grid.roles(row: $0.y)[$0.x] } == .offline)
    }

    @Test("a status warning shows above the footer in the warning role")
    func statusLine() {
        let state = ConsoleState(version: "0.1.0", status: StatusMessage("Themes/x.json:3:5: bad", severity: .warning))
        let grid = ConsoleRenderer.render(state, snapshot: .empty, size: Size(width: 80, height: 24))
        #expect(grid.text(row: 22).hasPrefix(" Themes/x.json:3:5: bad"))
        #expect(grid.roles(row: 22)[1] == .warning)
    }
}

@Suite struct ConsoleStateTests {
    @Test("? and F1 toggle help, Esc closes it, unbound keys do nothing")
    func helpKeys() {
        var state = ConsoleState(version: "x")
        #expect(state.handle(.key(.character("?"))) == .toggleHelp)
        #expect(state.isHelpVisible)
        state.handle(.key(.function(1)))
        #expect(!state.isHelpVisible)
        state.handle(.key(.character("?")))
        #expect(state.handle(.key(.escape)) == .back)
        #expect(!state.isHelpVisible)
        #expect(state.handle(.key(.character("z"))) == nil)
        #expect(state.handle(.resize(Size(width: 90, height: 30))) == nil)
        #expect(!state.isQuitRequested)
    }

    @Test(
        "q, Ctrl-C and every stop signal request quit",
        arguments: [
            TerminalEvent.key(.character("q")), .key(.ctrl("c")), .stop(.interrupt), .stop(.terminate), .stop(.hangup),
        ])
    func quit(event: TerminalEvent) {
        var state = ConsoleState(version: "x")
        state.handle(event)
        #expect(state.isQuitRequested)
    }

    @Test("every key in the help table triggers its action")
    func bindingsWork() {
        for binding in KeyBinding.all {
            for key in binding.keys {
                var state = ConsoleState(version: "x")
                #expect(state.handle(.key(key)) == binding.action)
            }
        }
    }

    @Test("no key is bound twice")
    func noDuplicates() {
        let keys = KeyBinding.all.flatMap(\.keys)
        #expect(Set(keys).count == keys.count)
    }
}
