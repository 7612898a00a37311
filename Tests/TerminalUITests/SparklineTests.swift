import TerminalUI
import Testing

@Suite struct SparklineTests {
    @Test("values scale from zero to the largest shown, newest on the right")
    func scaling() {
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], width: 8) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([10, 5], width: 2) == "█▅")
    }

    @Test("fewer values than columns are right-aligned; more keep the newest")
    func fitting() {
        #expect(Sparkline.render([1, 2], width: 4) == "  ▅█")
        #expect(Sparkline.render([9, 9, 0, 7], width: 2) == "▁█")
        #expect(Sparkline.render([], width: 3) == "   ")
        #expect(Sparkline.render([1], width: 0) == "")
    }

    @Test("all zeros, negatives and non-finite values draw the lowest block; a fixed maximum caps the scale")
    func edges() {
        #expect(Sparkline.render([0, 0, 0], width: 3) == "▁▁▁")
        #expect(Sparkline.render([-5, .nan, .infinity], width: 3) == "▁▁▁")
        #expect(Sparkline.render([50, 200], width: 2, maximum: 100) == "▅█")
    }
}
