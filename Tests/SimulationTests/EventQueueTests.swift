import KafkaCore
import Simulation
import Testing

@Suite struct EventQueueTests {
    @Test("events come out by instant, and in insertion order among events at the same instant")
    func order() {
        var queue = EventQueue<Int>(capacity: 10_000)
        var generator = SeededGenerator(seed: 3)
        var pushed: [(instant: Instant, index: Int)] = []
        for index in 0..<2_000 {
            // Few distinct instants, so ties are common.
            let instant = Instant(microseconds: Int64(generator.next(below: 50)))
            queue.push(index, at: instant)
            pushed.append((instant, index))
            if index % 500 == 0 { queue.checkInvariants() }
        }
        var popped: [(instant: Instant, index: Int)] = []
        while let event = queue.pop() { popped.append((event.instant, event.payload)) }
        let expected = pushed.sorted { ($0.instant, $0.index) < ($1.instant, $1.index) }
        #expect(popped.map(\.index) == expected.map(\.index))
        #expect(queue.isEmpty)
    }

    @Test("pushes and pops interleaved: every pop is the earliest pending event, at every heap size")
    func interleaved() {
        // The heap has four children per node: sizes of every residue, partly filled last
        // levels and holes sifted through both the full tournament and the partial one.
        var queue = EventQueue<Int>(capacity: 10_000)
        var generator = SeededGenerator(seed: 11)
        var pending: [(instant: Instant, sequence: UInt64, payload: Int)] = []
        for step in 0..<6_000 {
            // Pushes outnumber pops early on, then pops drain the queue towards empty.
            let pushes = step < 3_000 ? generator.next(below: 4) : generator.next(below: 2)
            for _ in 0..<pushes {
                let instant = Instant(microseconds: Int64(generator.next(below: 200)))
                let sequence = queue.push(step, at: instant)
                pending.append((instant, sequence, step))
            }
            let earliest = pending.indices.min {
                (pending[$0].instant, pending[$0].sequence) < (pending[$1].instant, pending[$1].sequence)
            }
            guard let earliest else {
                #expect(queue.pop() == nil)
                continue
            }
            let expected = pending.remove(at: earliest)
            let popped = queue.pop()
            #expect(popped?.instant == expected.instant)
            #expect(popped?.sequence == expected.sequence)
            #expect(popped?.payload == expected.payload)
            #expect(queue.count == pending.count)
            if step % 97 == 0 { queue.checkInvariants() }
        }
        queue.checkInvariants()
    }

    @Test("sequence numbers increase with every insertion and reservation")
    func sequences() {
        var queue = EventQueue<String>(capacity: 4)
        #expect(queue.push("a", at: .zero) == 0)
        #expect(queue.reserveSequence() == 1)
        #expect(queue.push("b", at: .zero) == 2)
        #expect(queue.nextSequence == 3)
        #expect(queue.pop()?.sequence == 0)
        #expect(queue.pop()?.sequence == 2)
        #expect(queue.pop() == nil)
    }

    @Test("the next instant is the earliest pending one")
    func peek() {
        var queue = EventQueue<Int>(capacity: 4)
        #expect(queue.nextInstant == nil)
        queue.push(1, at: ms(9))
        queue.push(2, at: ms(4))
        #expect(queue.nextInstant == ms(4))
        #expect(queue.count == 2)
    }

    @Test("pushing past the capacity stops the process")
    func capacity() async {
        await #expect(processExitsWith: .failure) {
            var queue = EventQueue<Int>(capacity: 2)
            queue.push(1, at: .zero)
            queue.push(2, at: .zero)
            queue.push(3, at: .zero)
        }
    }
}
