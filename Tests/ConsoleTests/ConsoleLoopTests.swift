import ClusterModel
import Console
import TerminalUI
import Testing

@Suite struct ConsoleLoopTests {
    @Test("the loop renders, reacts to keys and resizes, draws only what changed, and restores on quit")
    func headlessSession() throws {
        var backend = HeadlessBackend(
            size: Size(width: 100, height: 30),
            events: [
                .key(.character("?")), .resize(Size(width: 70, height: 20)), .resize(Size(width: 100, height: 30)),
                .key(.escape), .key(.character("q")),
            ])
        var state = ConsoleState(version: "0.1.0")
        ConsoleLoop.run(
            backend: &backend, state: &state, theme: .default, frameMilliseconds: 0, snapshot: { .empty })
        #expect(backend.restored)
        #expect(state.isQuitRequested)
        let frames = backend.frames
        #expect(frames.count == 5)
        #expect(frames[0].find("Flightdeck 0.1.0") != nil)
        #expect(frames[1].find("Help — keys") != nil)
        #expect(frames[2].size == Size(width: 70, height: 20))
        #expect(frames[2].find("enlarge the window to at least 80×24 (now 70×20)") != nil)
        #expect(frames[3].find("Help — keys") != nil, "help stays open across resizes")
        #expect(frames[4].find("Help — keys") == nil)
        // Opening help redraws the body and the footer, not the header; the first frame draws every row.
        let helpRows = Set(backend.drawnRuns[1].map(\.y))
        #expect(Set(backend.drawnRuns[0].map(\.y)).count == 30)
        #expect(!helpRows.isEmpty && !helpRows.contains(0), "help redrew rows \(helpRows.sorted())")
        #expect(frames[4] == frames[0], "closing help returns to the first frame")
    }

    @Test("a stop signal ends the loop like q does")
    func stopSignal() {
        var backend = HeadlessBackend(size: Size(width: 80, height: 24), events: [.stop(.terminate)])
        var state = ConsoleState(version: "0.1.0")
        ConsoleLoop.run(backend: &backend, state: &state, theme: .default, frameMilliseconds: 0, snapshot: { .empty })
        #expect(backend.frames.count == 1)
        #expect(backend.restored)
    }

    @Test("a script without quit ends when the headless terminal hangs up")
    func scriptExhausted() {
        var backend = HeadlessBackend(size: Size(width: 80, height: 24), events: [.key(.character("?"))])
        var state = ConsoleState(version: "0.1.0")
        ConsoleLoop.run(backend: &backend, state: &state, theme: .default, frameMilliseconds: 0, snapshot: { .empty })
        #expect(backend.frames.count == 2)
        #expect(state.isQuitRequested)
    }
}
