import KafkaCore
import Simulation
import Testing

@Suite struct WorldLifecycleTests {
    @Test("a crashed node gets nothing: messages in flight and messages sent later are dropped")
    func crash() throws {
        var world = recorderWorld()
        world.inject(.pong(1), from: alice, to: bob)
        world.crash(bob)
        world.inject(.pong(2), from: alice, to: bob)
        world.run(until: ms(5))
        #expect(world.status(of: bob) == .down)
        #expect(try world.recorder(bob).received.isEmpty)
        #expect(world.drops.map(\.1) == [.destinationDown, .destinationDown])
    }

    @Test("a restart builds a fresh node from the factory, and the old connections stay dead")
    func restart() throws {
        var world = World<ToyMessage>(seed: 1, defaultLink: LinkConfig(latency: .milliseconds(5)))
        world.add(alice) { RecorderNode() }
        world.add(bob) { RecorderNode(deadlines: [ms(3)]) }
        world.inject(.pong(1), from: alice, to: bob)
        world.run(until: ms(6))
        world.inject(.pong(2), from: alice, to: bob)
        world.inject(.pong(3), from: bob, to: alice)
        world.run(until: ms(7))
        world.crash(bob)
        world.restart(bob)
        world.inject(.pong(4), from: alice, to: bob)
        world.run(until: ms(20))
        let restarted = try world.recorder(bob)
        // Fresh state: the first life's message and tick are gone; the new life ticks at once
        // (its scripted deadline is in the past) and hears only the new connection.
        #expect(restarted.received.map(\.message) == [.pong(4)])
        #expect(restarted.ticks == [ms(7)])
        #expect(try world.recorder(alice).received.isEmpty)
        #expect(world.drops.map(\.1) == [.connectionReset, .connectionReset])
    }

    @Test("a paused node holds its messages and gets them in order when the pause ends")
    func pause() throws {
        var world = recorderWorld()
        world.pause(bob, for: .milliseconds(10))
        for number in 1...3 { world.inject(.pong(UInt64(number)), from: alice, to: bob) }
        world.run(until: ms(5))
        #expect(world.heldCount(for: bob) == 3)
        #expect(try world.recorder(bob).received.isEmpty)
        world.run(until: ms(20))
        let received = try world.recorder(bob).received
        #expect(received.map(\.message) == [.pong(1), .pong(2), .pong(3)])
        #expect(received.allSatisfy { $0.at == ms(10) })
        #expect(world.status(of: bob) == .up)
        #expect(world.statistics.messagesHeld == 3)
    }

    @Test("a paused node does not tick; a deadline that passed during the pause fires at resume")
    func pauseDefersTicks() throws {
        var world = World<ToyMessage>(seed: 1, defaultLink: .ideal)
        world.add(bob) { RecorderNode(deadlines: [ms(2), ms(4), ms(30)]) }
        world.run(until: ms(1))
        world.pause(bob, for: .milliseconds(9))
        world.run(until: ms(40))
        #expect(try world.recorder(bob).ticks == [ms(10), ms(30)])
    }

    @Test("resume ends a pause early, and the scheduled end is then ignored")
    func earlyResume() throws {
        var world = recorderWorld()
        world.pause(bob, for: .milliseconds(50))
        world.inject(.pong(1), from: alice, to: bob)
        world.run(until: ms(5))
        world.resume(bob)
        world.run(until: ms(100))
        #expect(try world.recorder(bob).received.map(\.at) == [ms(5)])
        #expect(world.statistics.staleEventsSkipped == 1)
        let resumptions = world.trace.elements.filter { if case .resumed = $0.kind { true } else { false } }
        #expect(resumptions.count == 1)
    }

    @Test("a paused node's inbox is bounded: what does not fit is dropped as held overflow")
    func heldOverflow() {
        var world = recorderWorld(limits: WorldLimits(heldPerNode: 2))
        world.pause(bob, for: .milliseconds(10))
        for number in 1...3 { world.inject(.pong(UInt64(number)), from: alice, to: bob) }
        world.run(until: ms(5))
        #expect(world.heldCount(for: bob) == 2)
        #expect(world.statistics.dropped(.heldOverflow) == 1)
    }

    @Test("crashing a paused node drops what it held")
    func crashWhilePaused() throws {
        var world = recorderWorld()
        world.pause(bob, for: .milliseconds(10))
        world.inject(.pong(1), from: alice, to: bob)
        world.run(until: ms(5))
        world.crash(bob)
        world.run(until: ms(20))
        #expect(world.status(of: bob) == .down)
        #expect(world.heldCount(for: bob) == 0)
        #expect(world.drops.map(\.1) == [.destinationDown])
        world.checkInvariants()
    }
}
