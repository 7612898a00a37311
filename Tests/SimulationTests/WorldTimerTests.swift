import KafkaCore
import Simulation
import Testing

@Suite struct WorldTimerTests {
    @Test("a node ticks exactly at each of its deadlines")
    func ticksAtDeadlines() throws {
        var world = World<ToyMessage>(seed: 1, defaultLink: .ideal)
        world.add(bob) { RecorderNode(deadlines: [ms(5), ms(7), ms(20)]) }
        world.run(until: ms(30))
        #expect(try world.recorder(bob).ticks == [ms(5), ms(7), ms(20)])
        #expect(world.statistics.ticks == 3)
    }

    @Test("moving a deadline replaces the pending tick instead of adding one")
    func replacedDeadline() throws {
        var world = recorderWorld()
        for deadline in [ms(50), ms(30), ms(40), ms(60)] {
            world.inject(.setDeadline(deadline), from: alice, to: bob)
        }
        world.run(until: ms(100))
        #expect(try world.recorder(bob).ticks == [ms(60)])
        #expect(world.statistics.staleEventsSkipped == 3)
        world.checkInvariants()
    }

    @Test("clearing the deadline cancels the pending tick")
    func clearedDeadline() throws {
        var world = World<ToyMessage>(seed: 1, defaultLink: .ideal)
        world.add(bob) { RecorderNode(deadlines: [ms(10)]) }
        world.inject(.setDeadline(nil), from: alice, to: bob)
        world.run(until: ms(20))
        #expect(try world.recorder(bob).ticks.isEmpty)
    }

    @Test("a deadline already in the past ticks at once, at the current instant")
    func pastDeadline() throws {
        var world = recorderWorld()
        world.inject(.setDeadline(.zero), from: alice, to: bob)
        world.run(until: ms(5))
        #expect(try world.recorder(bob).ticks == [ms(1)])
    }

    @Test("a node that wants another tick at the instant it was just ticked stops the run")
    func spinningNode() async {
        await #expect(processExitsWith: .failure) {
            var world = World<ToyMessage>(seed: 1, defaultLink: .ideal)
            world.add(NodeID.client(1)) { SpinningNode() }
            world.run(events: 1)
        }
    }
}

/// A broken node: its deadline never moves past the instant it is ticked at.
private struct SpinningNode: Node {
    func receive(_ envelope: Envelope<ToyMessage>, at now: Instant) -> [Outgoing<ToyMessage>] { [] }
    func tick(at now: Instant) -> [Outgoing<ToyMessage>] { [] }
    var nextDeadline: Instant? { .zero }
}
