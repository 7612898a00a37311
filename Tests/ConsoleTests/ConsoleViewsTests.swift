import ClusterModel
import Console
import KafkaCore
import TerminalUI
import Testing

/// Every view rendered at 100×30 from the hand-built fixture, after the console has watched
/// it for a few seconds (so rates and sparklines are drawn).
@Suite struct ConsoleViewsTests {
    static let size = Size(width: 100, height: 30)

    static func render(_ keys: [Key], state: ConsoleState = Fixtures.watchedState()) -> CellGrid {
        var state = state
        let snapshot = Fixtures.cluster()
        for key in keys { state.handle(.key(key), snapshot: snapshot) }
        return ConsoleRenderer.render(state, snapshot: snapshot, size: size)
    }

    @Test(
        "each view renders as its golden frame",
        arguments: [
            ("brokers", [Key.character("2")]), ("topics", [.character("3")]), ("partitions", [.character("4")]),
            ("groups", [.character("5")]), ("events", [.character("6")]), ("help", [.character("7")]),
            ("group-detail", [.character("5"), .enter]),
            ("partitions-of-broker", [.character("2"), .down, .enter]),
            ("events-of-partition", [.character("4"), .character("G"), .character("k"), .enter]),
        ])
    func golden(name: String, keys: [Key]) throws {
        try Golden.check(Self.render(keys), named: "view-\(name)-100x30")
    }

    @Test("the brokers view shows state by glyph and word, the controller, rates and sparklines")
    func brokers() {
        let grid = Self.render([.character("2")])
        #expect(grid.find("✕ stopped") != nil)
        #expect(grid.find("● running") != nil)
        #expect(grid.find("active") != nil)
        #expect(grid.find("voter") != nil)
        #expect(grid.find("2.0 KiB/s") != nil, "broker 2 takes 2 KiB a second")
        #expect(grid.find("4.0 KiB/s") != nil, "broker 2 serves 4 KiB a second")
        #expect(grid.find("▁▁▁▁▁▁▁▁▁▁") == nil || grid.find("█") != nil)
        let stopped = grid.find("✕ stopped").map { grid.roles(row: $0.y)[$0.x] }
        #expect(stopped == .offline || stopped == .selection)
    }

    @Test("with listeners open, the header shows the bootstrap address and clients, the brokers view each listener")
    func listeners() throws {
        var snapshot = Fixtures.cluster()
        snapshot.listeners = ListenerSnapshot(
            bootstrapServers: "127.0.0.1:9092,127.0.0.1:9094",
            brokers: [
                .init(id: BrokerID(1), port: 9092, connections: 2, malformedFrames: 0),
                .init(id: BrokerID(2), port: nil),
                .init(id: BrokerID(3), port: 9094, connections: 1, malformedFrames: 4),
            ])
        var state = Fixtures.watchedState()
        let wide = Size(width: 160, height: 30)
        let overview = ConsoleRenderer.render(state, snapshot: snapshot, size: wide)
        #expect(
            overview.text(row: 0).contains("kafka 127.0.0.1:9092 · 3 clients · 4 malformed"), "\(overview.text(row: 0))"
        )
        state.handle(.key(.character("2")), snapshot: snapshot)
        let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: wide)
        let header = try #require(grid.find("CLIENTS"))
        #expect(grid.text(row: header.y).contains("PORT"))
        #expect(grid.text(row: header.y).contains("MALFORMED"))
        let rows = (header.y + 1...header.y + 3).map { grid.text(row: $0) }
        #expect(rows[0].contains("9092") && rows[0].contains(" 2 "), "\(rows[0])")
        #expect(rows[1].contains("—"), "broker 2 has no listener: \(rows[1])")
        #expect(rows[2].contains("9094") && rows[2].contains(" 4 "), "\(rows[2])")
        // Without listeners, neither shows (the golden frames above are unchanged).
        #expect(Self.render([.character("2")]).find("CLIENTS") == nil)
        #expect(!ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: wide).text(row: 0).contains("kafka"))
    }

    @Test("the partitions view marks replicas by standing with a glyph and a style")
    func replicaStandings() throws {
        // The first row is selected (and restyled); orders-5 is not.
        let grid = Self.render([.character("4")])
        let row = try #require(grid.find("orders-5")).y
        let text = Array(grid.text(row: row))
        let roles = grid.roles(row: row)
        for (glyph, role) in [("◆", StyleRole.leader), ("◐", .warning), ("✕", .offline)] {
            let x = try #require(text.firstIndex(of: Character(glyph)), "no \(glyph) in orders-5's row")
            #expect(roles[x] == role, "\(glyph) is styled \(roles[x])")
        }
        #expect(grid.find("◆ leader") != nil, "the legend explains the glyphs")
    }

    @Test("the offset ladder shows each replica's LEO, the high watermark, log start and each group's offset")
    func offsetLadder() throws {
        var state = Fixtures.watchedState()
        state.handle(.key(.character("4")), snapshot: Fixtures.cluster())
        // At 100 columns the committed offsets are cut; at 140 the whole ladder shows.
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 140, height: 30))
        let row = try #require(grid.find("orders-2"))
        let text = grid.text(row: row.y)
        let hw = 3000 + 42 * 100 / 6
        #expect(text.contains("◆2 \(hw)"))
        #expect(text.contains("●3 \(hw - 40)"))
        #expect(text.contains("✕1 —"))
        #expect(text.contains("\(hw - 300) analytics"))
        #expect(text.contains("\(hw - 5) inventory"))
    }

    @Test("a partition's events name it as a whole word: orders-1 is not orders-10 nor big-orders-1")
    func partitionMentions() {
        var snapshot = Fixtures.cluster()
        snapshot.events = [
            "orders-1: leader 2 → 3 (epoch 2)", "orders-10: leader 1 → 2", "big-orders-1 moved",
            "ISR of orders-10 and orders-1 shrank",
        ].map { ClusterEvent(instant: Instant(microseconds: 1), kind: .isr, text: $0) }
        var state = ConsoleState(version: "x")
        for key in [Key.character("4"), .character("j"), .character("j"), .character("j"), .character("j"), .enter] {
            state.handle(.key(key), snapshot: snapshot)
        }
        #expect(state.screen == Screen(.events, scope: .partition("orders-1")))
        let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(grid.find("Events — orders-1 [2]") != nil)
        #expect(grid.find("orders-10: leader") == nil)
        #expect(grid.find("big-orders-1") == nil)
    }

    @Test("internal topics stay hidden until the filter asks for them with __")
    func internalTopics() {
        #expect(Self.render([.character("3")]).find("__consumer_offsets") == nil)
        let grid = Self.render([.character("3"), .character("/"), .character("_"), .character("_")])
        #expect(grid.find("__consumer_offsets") != nil)
    }

    @Test("the group detail lists members with their assignments and the rebalance history with its cause")
    func groupDetail() {
        let grid = Self.render([.character("5"), .enter])
        #expect(grid.find("Group analytics") != nil)
        #expect(grid.find("analytics-1  orders 0,1,2,3,4,5") != nil)
        #expect(grid.find("gen 4") != nil)
        #expect(grid.find("member analytics-2 left") != nil)
        #expect(grid.find("−analytics-2") != nil)
    }

    @Test("the help view lists every key binding and every command with its arguments, at 200×60")
    func helpListsEverything() {
        var state = ConsoleState(version: "0.1.0")
        state.handle(.key(.character("?")))
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 200, height: 60))
        for binding in KeyBinding.all {
            if case .showView(let view) = binding.action {
                #expect(grid.find("\(view.digit) \(view.name)") != nil, "help does not list view \(view.name)")
            } else {
                #expect(grid.find(binding.summary) != nil, "help does not list \(binding.summary)")
            }
        }
        for command in CommandSpec.all {
            #expect(grid.find(":" + command.name) != nil, "help does not list :\(command.name)")
            #expect(grid.find(command.summary) != nil, "help does not say what :\(command.name) does")
        }
    }

    @Test("on a smaller terminal the help view still shows every key, and how to list the commands")
    func compactHelp() {
        let grid = Self.render([.character("?")])
        for binding in KeyBinding.all {
            for key in binding.keys {
                #expect(grid.find(key.description) != nil, "help does not show key \(key)")
            }
        }
        #expect(grid.find("K Ctrl-K kill") != nil)
        #expect(grid.find("lists them all") != nil)
    }

    @Test(
        "every view fits 80×24 and 200×60 without trapping",
        arguments: ConsoleView.allCases)
    func sizes(view: ConsoleView) {
        for size in [Size(width: 80, height: 24), Size(width: 200, height: 60)] {
            var state = Fixtures.watchedState()
            state.handle(.key(.character(view.digit)), snapshot: Fixtures.cluster())
            let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: size)
            #expect(grid.size == size)
            #expect(grid.text(row: size.height - 1).contains("quit"))
        }
    }
}

@Suite struct OverviewThroughputTests {
    @Test("once the console has watched a few seconds, the overview draws throughput with sparklines")
    func throughput() throws {
        let state = Fixtures.watchedState()
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 100, height: 30))
        try Golden.check(grid, named: "overview-watched-100x30")
        let bytesIn = try #require(grid.find("bytes in"))
        #expect(grid.text(row: bytesIn.y).contains("3.5 KiB/s"), "brokers 2, 3 and 4 take 3.5 KiB a second together")
        #expect(grid.find("produced  102 msg/s") != nil)
        #expect(grid.find("no traffic yet") == nil)
    }

    @Test("the history keeps at most a minute per series and forgets entities that vanish")
    func boundedHistory() {
        var history = MetricHistory()
        for second in Int64(0)...200 { history.observe(Fixtures.cluster(at: second)) }
        #expect(history.values(.brokerBytesIn(2)).count == MetricHistory.capacity)
        #expect(history.latest(.brokerBytesIn(2)) == 2048)
        var fewer = Fixtures.cluster(at: 202)
        fewer.brokers.removeLast()
        history.observe(fewer)
        #expect(history.values(.brokerBytesIn(4)).isEmpty)
        history.observe(Fixtures.cluster(at: 5))
        #expect(history.isEmpty, "a snapshot from the past starts the history over")
    }
}

@Suite struct WideViewsTests {
    @Test("at 128 columns the partitions view shows the whole offset ladder (the example in Docs/CONSOLE.md)")
    func widePartitions() throws {
        var state = Fixtures.watchedState()
        state.handle(.key(.character("4")), snapshot: Fixtures.cluster())
        state.handle(.key(.character("G")), snapshot: Fixtures.cluster())
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 128, height: 24))
        try Golden.check(grid, named: "view-partitions-128x24")
        #expect(grid.find("ISR") != nil)
        #expect(grid.find("1695 inventory") != nil)
    }
}
