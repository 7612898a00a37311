import ClusterModel
import Console
import KafkaCore
import TerminalUI
import Testing

@Suite struct NarrationTests {
    static let story = ScenarioNarration(
        name: "leader-loss", title: "Leader loss: kill -9 the leader of orders-0 and watch a follower take over",
        text: "Now we kill -9 the leader of orders-0. Watch the ISR shrink, a follower take over, and the "
            + "producer retry: nothing acknowledged is lost.",
        isWaitingForKey: true)

    @Test("a scenario's title and latest say line show in a banner under the header, and a wait shows PAUSED")
    func pausedBanner() throws {
        var state = ConsoleState(version: "0.1.0")
        state.narration = Self.story
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 100, height: 30))
        try Golden.check(grid, named: "overview-scenario-paused-100x30")
        #expect(grid.text(row: 0).contains("PAUSED press Space to continue"))
        #expect(grid.text(row: 1).hasPrefix(" Scenario leader-loss: Leader loss: kill -9"))
        #expect(grid.text(row: 2).hasPrefix(" “Now we kill -9 the leader of orders-0."))
        #expect(grid.text(row: 3).contains("nothing acknowledged is lost.”"), "the line wraps to a second row")
        #expect(grid.roles(row: 2)[1] == .accent)
        #expect(grid.text(row: 4).hasPrefix("┌─ Brokers"))
    }

    @Test("at the end the banner says the drill finished and how to get its scorecard")
    func finishedBanner() {
        var state = ConsoleState(version: "0.1.0")
        var story = Self.story
        story.isWaitingForKey = false
        story.isFinished = true
        state.narration = story
        let grid = ConsoleRenderer.render(state, snapshot: Fixtures.cluster(), size: Size(width: 100, height: 30))
        #expect(!grid.text(row: 0).contains("PAUSED"))
        #expect(
            grid.text(row: 2).hasPrefix(" Drill finished. For its scorecard, run: flightdeck run leader-loss --seed 1"))
        #expect(grid.text(row: 3).hasPrefix("┌─ Brokers"))
    }

    @Test("without a scenario there is no banner")
    func noBanner() {
        let grid = ConsoleRenderer.render(
            ConsoleState(version: "0.1.0"), snapshot: Fixtures.cluster(), size: Size(width: 100, height: 30))
        #expect(grid.text(row: 1).hasPrefix("┌─ Brokers"))
    }

    /// A stand-in for a scenario run: one virtual second per frame, and a `say … wait` at 3 s.
    struct Story {
        var seconds: Int64 = 0
        var isWaiting = false

        mutating func frame(_ state: inout ConsoleState) -> ClusterSnapshot {
            if state.isResumeRequested {
                state.isResumeRequested = false
                isWaiting = false
            }
            if !isWaiting {
                seconds += 1
                isWaiting = seconds == 3
            }
            var narration = NarrationTests.story
            narration.isWaitingForKey = isWaiting
            state.narration = narration
            return Fixtures.cluster(at: seconds)
        }
    }

    @Test("while a say waits, virtual time stands still until Space; Space at other times does nothing")
    func waitForSpace() {
        let tick = TerminalEvent.resize(Size(width: 100, height: 30))
        var backend = HeadlessBackend(
            size: Size(width: 100, height: 30),
            events: [
                .key(.character(" ")), tick, tick, tick, tick, .key(.character(" ")), tick, .key(.character("q")),
            ])
        var state = ConsoleState(version: "0.1.0")
        var story = Story()
        var seconds: [Int64] = []
        ConsoleLoop.run(
            backend: &backend, state: &state, theme: .default, frameMilliseconds: 0,
            frame: { state in
                let snapshot = story.frame(&state)
                seconds.append(story.seconds)
                return snapshot
            })
        // Space at 1 s is not a resume; the wait at 3 s holds until the second Space.
        #expect(seconds == [1, 2, 3, 3, 3, 3, 4, 5])
        #expect(backend.frames[3].text(row: 0).contains("PAUSED"))
        #expect(!backend.frames[6].text(row: 0).contains("PAUSED"))
        #expect(!state.isResumeRequested)
    }
}
