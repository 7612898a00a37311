import ClusterModel
import Console
import KafkaCore
import TerminalUI
import Testing

/// What the checkers found, on screen: the header's indicator, the findings in the events feed,
/// and the list of them all (`F`, `:findings`).
@Suite struct CheckFindingsTests {
    static let size = Size(width: 100, height: 30)

    /// The fixture's cluster with `checks`, and a finding's event in the feed when there is one.
    static func snapshot(_ checks: CheckSummary?) -> ClusterSnapshot {
        var snapshot = Fixtures.cluster()
        snapshot.checks = checks
        for finding in checks?.findings ?? [] {
            snapshot.events.append(
                ClusterEvent(
                    instant: finding.instant, kind: .check, topics: ["orders"],
                    text: "\(finding.kind.label): \(finding.description)"))
        }
        return snapshot
    }

    static let lossFound = CheckSummary(
        counts: [.lost: 2, .skipped: 7],
        findings: [
            CheckSummary.Finding(
                instant: Instant(microseconds: 40 * Fixtures.seconds), kind: .lost,
                text: "2 acknowledged record(s) of orders-0 lost at offsets 118–119: writer#61 acknowledged at offset "
                    + "118; writer#70 is there instead (leader broker 2, epoch 3)",
                fault: "line 22: kill leader of orders-0 at 30.000s"),
            CheckSummary.Finding(
                instant: Instant(microseconds: 41 * Fixtures.seconds), kind: .skipped,
                text: "inventory skipped 7 record(s) of orders-1 between offsets 3 and 9 although it consumed up to 11"),
        ], checkedAt: Instant(microseconds: 41 * Fixtures.seconds))

    static func render(_ keys: [Key], snapshot: ClusterSnapshot) -> CellGrid {
        var state = Fixtures.watchedState()
        for key in keys { state.handle(.key(key), snapshot: snapshot) }
        return ConsoleRenderer.render(state, snapshot: snapshot, size: size)
    }

    @Test("clean checks show a ✓ in the healthy colour in the header; no checkers, no indicator")
    func clean() throws {
        let grid = Self.render([], snapshot: Self.snapshot(CheckSummary(checkedAt: .zero)))
        let at = try #require(grid.find("checks ✓"))
        #expect(at.y == 0)
        #expect(grid.roles(row: 0)[at.x + 7] == .healthy)
        #expect(Self.render([], snapshot: Self.snapshot(nil)).find("checks") == nil)
    }

    @Test("findings show as ✗ with their counts in the critical colour, and in the overview's recent events")
    func found() throws {
        let grid = Self.render([], snapshot: Self.snapshot(Self.lossFound))
        let at = try #require(grid.find("checks ✗ 2 lost · 7 skipped"))
        #expect(at.y == 0)
        #expect(grid.roles(row: 0)[at.x + 7] == .critical)
        #expect(grid.find("lost: 2 acknowledged record(s) of orders-0") != nil)
    }

    @Test("the events view lists findings as check events, as problems")
    func eventsFeed() throws {
        let grid = Self.render([.character("6"), .ctrl("z")], snapshot: Self.snapshot(Self.lossFound))
        #expect(grid.find("check") != nil)
        #expect(grid.find("skipped: inventory skipped 7 record(s) of orders-1") != nil)
    }

    @Test("F and :findings list every finding with its kind and the fault it followed", arguments: ["F", ":findings"])
    func findingsView(keys: String) throws {
        let typed: [Key] = keys == "F" ? [.character("F")] : keys.map { .character($0) } + [.enter]
        let grid = Self.render(typed, snapshot: Self.snapshot(Self.lossFound))
        #expect(grid.find("Checker findings") != nil)
        #expect(grid.find("FOUND") != nil)
        #expect(grid.find("lost") != nil)
        #expect(grid.find("2 acknowledged record(s) of orders-0 lost at offsets 118–119") != nil)
        try Golden.check(grid, named: "view-findings-100x30")
    }

    @Test("e on a finding explains it in full: the whole text, the fault it followed, and what it means")
    func explainFinding() throws {
        let grid = Self.render(
            [.character("F"), .character("g"), .character("e")], snapshot: Self.snapshot(Self.lossFound))
        #expect(grid.find("checker finding") != nil)
        #expect(grid.find("lost, found at 40.000s") != nil)
        #expect(grid.find("After line 22: kill leader of orders-0 at 30.000s.") != nil)
        #expect(grid.find("What it means") != nil)
        try Golden.check(grid, named: "explain-finding-100x30")
    }

    @Test("the findings list says why it is empty: nothing found, or no checkers without a scenario")
    func emptyFindings() {
        let clean = Self.render([.character("F")], snapshot: Self.snapshot(CheckSummary(checkedAt: .zero)))
        #expect(clean.find("nothing found") != nil)
        let none = Self.render([.character("F")], snapshot: Self.snapshot(nil))
        #expect(none.find("no checkers run here") != nil)
    }

    @Test("the summary counts per kind, in kind order, and keeps its latest findings")
    func summary() {
        var checks = CheckSummary()
        #expect(checks.isClean)
        checks.add(3, to: .invariant)
        checks.add(2, to: .lost)
        #expect(checks.count(.lost) == 2)
        #expect(checks.countsText == "2 lost · 3 invariant")
        #expect(!checks.isClean)
    }
}
