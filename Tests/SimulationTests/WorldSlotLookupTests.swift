import KafkaCore
import Simulation
import Testing

@Suite struct WorldSlotLookupTests {
    @Test("nodes with huge numbers, and ids that share a number across roles, are told apart")
    func largeAndSharedNumbers() throws {
        let far = NodeID.client(2_000_000)
        let twin = NodeID.controller(BrokerID(2))
        var world = recorderWorld([alice, bob, far, twin])
        world.inject(.ping(1), from: alice, to: far)
        world.inject(.ping(2), from: far, to: twin)
        world.inject(.ping(3), from: twin, to: bob)
        world.inject(.ping(4), from: alice, to: .client(2_000_001))
        world.run(until: ms(10))
        world.checkInvariants()
        #expect(try world.recorder(far).received.map(\.message) == [.ping(1), .pong(2)])
        #expect(try world.recorder(twin).received.map(\.message) == [.ping(2), .pong(3)])
        #expect(try world.recorder(bob).received.map(\.message) == [.ping(3)])
        #expect(world.drops.map(\.1) == [.unknownDestination])
    }

    @Test("the queue keeps its invariants while pushes and pops interleave and payload cells are reused")
    func interleaved() {
        var queue = EventQueue<String>(capacity: 400)
        var generator = SeededGenerator(seed: 9)
        var popped: [UInt64] = []
        for round in 0..<400 {
            let instant = Instant(microseconds: Int64(round / 4 + Int(generator.next(below: 8))))
            queue.push("event \(round)", at: instant)
            if generator.next(below: 3) > 0, let event = queue.pop() {
                #expect(event.payload == "event \(event.sequence)")
                popped.append(event.sequence)
            }
            queue.checkInvariants()
        }
        while let event = queue.pop() { popped.append(event.sequence) }
        #expect(popped.count == 400)
        #expect(Set(popped).count == 400)
    }
}
