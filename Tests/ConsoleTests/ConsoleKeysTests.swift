import ClusterModel
import Console
import KafkaCore
import TerminalUI
import Testing

/// Keys on lists: moving, drilling in and back, filtering, sorting, only problems, and the
/// selection surviving refreshes.
@Suite struct ConsoleKeysTests {
    let snapshot = Fixtures.cluster()

    func press(_ keys: [Key], on state: inout ConsoleState, snapshot: ClusterSnapshot? = nil) {
        for key in keys { state.handle(.key(key), snapshot: snapshot ?? self.snapshot) }
    }

    func type(_ text: String) -> [Key] { text.map { .character($0) } }

    func selectedRow(_ state: ConsoleState, snapshot: ClusterSnapshot? = nil) -> String? {
        let grid = ConsoleRenderer.render(
            state, snapshot: snapshot ?? self.snapshot, size: Size(width: 100, height: 30))
        return grid.lines.indices.first { grid.roles(row: $0).dropFirst().first == .selection }
            .map { grid.text(row: $0) }
    }

    @Test("1–7 switch views, Tab and Shift-Tab cycle, wrapping around")
    func switching() {
        var state = ConsoleState(version: "x")
        for view in ConsoleView.allCases where view != .help {
            press([.character(view.digit)], on: &state)
            #expect(state.screen == Screen(view))
        }
        press([.character("1"), .backTab], on: &state)
        #expect(state.screen.view == .help)
        press([.tab], on: &state)
        #expect(state.screen.view == .overview)
        press([.tab, .tab], on: &state)
        #expect(state.screen.view == .topics)
    }

    @Test("j/k and arrows move, g/G jump, PgDn and PgUp move a page, clamped at the ends")
    func moving() {
        var state = ConsoleState(version: "x")
        press([.character("4")], on: &state)
        let rows = ["order-events-0", "order-events-1", "order-events-2"] + (0..<6).map { "orders-\($0)" }
        func selected() -> String? { state.list(Screen(.partitions)).selectedID }
        press([.character("j")], on: &state)
        #expect(selected() == rows[1])
        press([.down, .down, .character("k")], on: &state)
        #expect(selected() == rows[2])
        press([.character("G")], on: &state)
        #expect(selected() == rows[8])
        press([.down], on: &state)
        #expect(selected() == rows[8], "moving past the end stays on the last row")
        press([.character("g")], on: &state)
        #expect(selected() == rows[0])
        press([.up], on: &state)
        #expect(selected() == rows[0])
        press([.pageDown], on: &state)
        #expect(selected() == rows[8], "a page at 80×24 is more than the nine rows")
        press([.pageUp], on: &state)
        #expect(selected() == rows[0])
    }

    @Test(
        "Enter drills from a broker to its partitions, from a topic to its partitions, from a group to its lag; Esc goes back"
    )
    func drillInAndBack() {
        var state = ConsoleState(version: "x")
        press([.character("2"), .down, .down, .enter], on: &state)
        #expect(state.screen == Screen(.partitions, scope: .broker(3)))
        #expect(state.stack.count == 2)
        let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(grid.find("Partitions — broker 3 [8]") != nil, "broker 3 holds 8 partitions")
        press([.escape], on: &state)
        #expect(state.screen == Screen(.brokers))
        #expect(state.list(Screen(.brokers)).selectedID == "broker:3", "the selection is still there")

        press([.character("3"), .character("G"), .enter], on: &state)
        #expect(state.screen == Screen(.partitions, scope: .topic("orders")))
        press([.escape], on: &state)
        press([.character("4"), .character("/")] + type("orders-2") + [.enter, .enter], on: &state)
        #expect(state.screen == Screen(.events, scope: .partition("orders-2")))
        let story = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(story.find("Events — orders-2 [2]") != nil, "the story of broker 1, which holds a replica")
        #expect(story.find("broker 1 killed") != nil)
        #expect(story.find("orders-0: leader") == nil)
        press([.escape], on: &state)
        press([.character("5"), .enter], on: &state)
        #expect(state.screen == Screen(.groups, scope: .group("analytics")))
        press([.enter], on: &state)
        #expect(state.status?.text == "nothing to drill into here")
        press([.escape, .escape], on: &state)
        #expect(state.screen == Screen(.groups), "Esc at the root stays")
    }

    @Test("/ filters live as it is typed, Enter keeps it, Esc clears it; Esc in the list clears it too")
    func filtering() {
        var state = ConsoleState(version: "x")
        press([.character("4"), .character("/")] + type("events"), on: &state)
        #expect(state.editor?.text == "events")
        #expect(state.list(Screen(.partitions)).filter == "events")
        var grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(grid.find("Partitions [3/9]") != nil)
        #expect(grid.find("/events█") != nil, "the filter line shows what is typed")
        press([.enter], on: &state)
        #expect(state.editor == nil)
        #expect(state.list(Screen(.partitions)).filter == "events")
        press([.escape], on: &state)
        #expect(state.list(Screen(.partitions)).filter == "")
        #expect(state.screen == Screen(.partitions), "the first Esc only clears the filter")
        press([.character("/")] + type("orders-1") + [.escape], on: &state)
        #expect(state.list(Screen(.partitions)).filter == "", "Esc while typing clears the filter")
        press([.character("6"), .character("/")] + type("broker 1") + [.enter], on: &state)
        grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(grid.find("Events [2/4]") != nil, "events filter by the brokers they concern")
    }

    @Test("s cycles the sort column, S reverses it, ties keep identity order, and the header shows it")
    func sorting() throws {
        var state = ConsoleState(version: "x")
        press([.character("5")], on: &state)
        // GROUP → STATE → GEN
        press([.character("s"), .character("s")], on: &state)
        #expect(state.list(Screen(.groups)).sortColumn == 2)
        press([.character("S")], on: &state)
        var grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(grid.find("GEN▼") != nil)
        let analytics = try #require(grid.find("analytics"))
        let inventory = try #require(grid.find("inventory"))
        #expect(analytics.y < inventory.y, "generation 4 before generation 2 when descending")
        press([.character("S")], on: &state)
        grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        let inventoryRow = try #require(grid.find("inventory")).y
        #expect(try inventoryRow < #require(grid.find("analytics")).y)
        // STATE: both Stable, a tie broken by group id, whichever way round.
        press([.character("<")], on: &state)
        #expect(state.list(Screen(.groups)).sortColumn == 1)
        grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        let analyticsRow = try #require(grid.find("analytics")).y
        #expect(try analyticsRow < #require(grid.find("inventory")).y)
    }

    @Test("Ctrl-Z shows only problems: down brokers, unhealthy partitions, lagging groups")
    func problemsOnly() {
        var state = ConsoleState(version: "x")
        press([.character("2"), .ctrl("z")], on: &state)
        var grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(grid.find("Brokers [1/4]  ⚑ problems only") != nil)
        press([.character("4"), .ctrl("z")], on: &state)
        grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(grid.find("Partitions [6/9]") != nil)
        #expect(grid.find("orders-0") == nil)
        press([.character("5"), .ctrl("z")], on: &state)
        grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(grid.find("analytics") != nil)
        #expect(grid.find("inventory") == nil)
        press([.ctrl("z")], on: &state)
        #expect(!state.list(Screen(.groups)).problemsOnly)
    }

    @Test("the selection follows its row by identity when a refresh reorders the rows")
    func selectionSurvivesReorder() throws {
        var state = ConsoleState(version: "x")
        // Groups sorted by lag, descending: analytics (300 behind) above inventory (5 behind).
        press(
            [.character("5"), .character("s"), .character("s"), .character("s"), .character("s"), .character("s")],
            on: &state)
        #expect(state.list(Screen(.groups)).sortColumn == 5)
        press([.character("S"), .down], on: &state)
        #expect(state.list(Screen(.groups)).selectedID == "group:inventory")
        #expect(selectedRow(state)?.contains("inventory") == true)
        // analytics catches up: now inventory has the most lag and moves to the top.
        let caughtUp = Fixtures.cluster(analyticsLag: 0)
        let grid = ConsoleRenderer.render(state, snapshot: caughtUp, size: Size(width: 100, height: 30))
        let inventoryRow = try #require(grid.find("inventory")).y
        #expect(try inventoryRow < #require(grid.find("analytics")).y)
        #expect(selectedRow(state, snapshot: caughtUp)?.contains("inventory") == true)
        press([.enter], on: &state, snapshot: caughtUp)
        #expect(state.screen == Screen(.groups, scope: .group("inventory")))
    }

    @Test("when the selected row disappears the selection stays at the same place")
    func selectionOfVanishedRow() {
        var state = ConsoleState(version: "x")
        press([.character("2"), .character("G")], on: &state)
        var fewer = snapshot
        fewer.brokers.removeLast()
        #expect(selectedRow(state, snapshot: fewer)?.contains("2") == true)
    }

    @Test("? opens help over the current view and ? or Esc return to it")
    func help() {
        var state = ConsoleState(version: "x")
        press([.character("4"), .character("?")], on: &state)
        #expect(state.isHelpVisible)
        press([.character("?")], on: &state)
        #expect(state.screen == Screen(.partitions))
        press([.function(1), .escape], on: &state)
        #expect(state.screen == Screen(.partitions))
    }
}

@Suite struct EventsFollowTests {
    func selected(_ state: ConsoleState, _ snapshot: ClusterSnapshot) -> String? {
        let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        return grid.lines.indices.first { grid.roles(row: $0).dropFirst().first == .selection }.map {
            grid.text(row: $0)
        }
    }

    @Test("the events view selects the newest event and follows new ones until the user moves up; G follows again")
    func follow() {
        var snapshot = Fixtures.cluster()
        var state = ConsoleState(version: "x")
        state.handle(.key(.character("6")), snapshot: snapshot)
        #expect(selected(state, snapshot)?.contains("rebalance to generation 4") == true)
        snapshot.events.append(
            ClusterEvent(instant: Instant(microseconds: 41_000_000), kind: .isr, text: "orders-5: ISR [3,2] → [3]"))
        #expect(selected(state, snapshot)?.contains("orders-5: ISR") == true, "follows the new event")
        state.handle(.key(.up), snapshot: snapshot)
        snapshot.events.append(
            ClusterEvent(instant: Instant(microseconds: 42_000_000), kind: .isr, text: "orders-5: ISR [3] → [3,2]"))
        #expect(selected(state, snapshot)?.contains("rebalance to generation 4") == true, "stays where the user went")
        state.handle(.key(.character("G")), snapshot: snapshot)
        #expect(selected(state, snapshot)?.contains("[3] → [3,2]") == true)
    }
}

@Suite struct PagingTests {
    @Test("PgDn and PgUp move one visible page and scroll the list so the selection stays on screen")
    func paging() throws {
        var snapshot = Fixtures.cluster()
        snapshot.events = (0..<40).map { n in
            ClusterEvent(instant: Instant(microseconds: Int64(n) * 1_000_000), kind: .broker, text: "event number \(n)")
        }
        var state = ConsoleState(version: "x")
        state.handle(.resize(Size(width: 80, height: 24)), snapshot: snapshot)
        for key in [Key.character("6"), .character("g"), .pageDown] { state.handle(.key(key), snapshot: snapshot) }
        // 24 rows: header, status, footer, the frame's two borders and the column titles leave 18.
        #expect(state.list(Screen(.events)).selectedID?.hasSuffix("event number 18") == true)
        var grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 80, height: 24))
        #expect(grid.find("event number 18") != nil)
        #expect(grid.find("event number 0 ") == nil, "the list scrolled")
        state.handle(.key(.pageDown), snapshot: snapshot)
        state.handle(.key(.pageDown), snapshot: snapshot)
        #expect(state.list(Screen(.events)).selectedID?.hasSuffix("event number 39") == true)
        state.handle(.key(.pageUp), snapshot: snapshot)
        #expect(state.list(Screen(.events)).selectedID?.hasSuffix("event number 21") == true)
        grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 80, height: 24))
        let selected = try #require(grid.find("event number 21"))
        #expect(grid.roles(row: selected.y)[selected.x] == .selection)
    }
}

/// `t` cycles the themes live and says which one shows.
@Suite struct ThemeCycleKeyTests {
    @Test("t cycles default → light → high-contrast → monochrome → default, naming each in the status line")
    func cyclesInOrder() {
        var state = ConsoleState(version: "x")
        state.themes = ThemeCycle(themes: Theme.builtins, current: .default)
        var seen: [String] = []
        for _ in 0..<4 {
            state.handle(.key(.character("t")))
            let name = state.themes?.current.name ?? "?"
            seen.append(name)
            #expect(state.status?.text.hasPrefix("theme \(name) ") == true)
        }
        #expect(seen == ["light", "high-contrast", "monochrome", "default"])
    }

    @Test("a theme loaded from a file replaces the shipped one of the same name, and starts the cycle there")
    func startsAtCurrent() {
        let mine = Theme(name: "light", styles: [:], fallback: .monochrome)
        let cycle = ThemeCycle(themes: Theme.builtins, current: mine)
        #expect(cycle.current == mine)
        #expect(cycle.index == 1)
        let other = ThemeCycle(themes: Theme.builtins, current: Theme(name: "night", styles: [:]))
        #expect(other.themes.map(\.name) == ["night", "default", "light", "high-contrast", "monochrome"])
    }

    @Test("without a cycle t says there is nothing to switch to; help lists t")
    func withoutCycle() {
        var state = ConsoleState(version: "x")
        state.handle(.key(.character("t")))
        #expect(state.status?.text.contains("no other theme") == true)
        var help = ConsoleState(version: "x")
        help.handle(.key(.character("?")))
        let text = ConsoleRenderer.render(help, snapshot: .empty, size: Size(width: 120, height: 40)).lines
            .joined(separator: "\n")
        #expect(text.contains("next theme"))
    }
}
