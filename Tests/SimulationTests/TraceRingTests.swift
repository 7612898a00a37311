import Simulation
import Testing

@Suite struct TraceRingTests {
    @Test("a full ring keeps the newest entries, oldest first, and counts what it overwrote")
    func overwrite() {
        var ring = TraceRing<Int>(capacity: 3)
        #expect(ring.elements.isEmpty && ring.last == nil)
        for value in 1...2 { ring.append(value) }
        #expect(ring.elements == [1, 2])
        for value in 3...7 { ring.append(value) }
        #expect(ring.elements == [5, 6, 7])
        #expect(ring.last == 7)
        #expect(ring.count == 3)
        #expect(ring.appendedCount == 7)
        #expect(ring.overwrittenCount == 4)
    }
}
