import KafkaCore
import Simulation
import Testing

@Suite struct WorldRunTests {
    @Test("running until an instant moves the clock there even when nothing happens")
    func runUntilEmpty() {
        var world = World<ToyMessage>(seed: 1)
        #expect(world.run(until: ms(250)) == 0)
        #expect(world.now == ms(250))
    }

    @Test("running until an instant processes events due at it and leaves later ones")
    func runUntilBoundary() throws {
        var world = World<ToyMessage>(seed: 1, defaultLink: .ideal)
        world.add(bob) { RecorderNode(deadlines: [ms(10), ms(11)]) }
        #expect(world.run(until: ms(10)) == 1)
        #expect(try world.recorder(bob).ticks == [ms(10)])
        #expect(world.nextEventInstant == ms(11))
    }

    @Test("an event limit stops the run early, with the clock at the last event processed")
    func eventLimit() {
        var world = World<ToyMessage>(seed: 1, defaultLink: .ideal)
        world.add(bob) { RecorderNode(deadlines: [ms(1), ms(2), ms(3)]) }
        #expect(world.run(until: ms(10), eventLimit: 2) == 2)
        #expect(world.now == ms(2))
        #expect(world.run(until: ms(10), eventLimit: 2) == 1)
        #expect(world.now == ms(10))
    }

    @Test("running a number of events processes exactly that many, or all there are")
    func runEvents() {
        var world = World<ToyMessage>(seed: 1, defaultLink: .ideal)
        world.add(bob) { RecorderNode(deadlines: (1...5).map { ms($0) }) }
        #expect(world.run(events: 3) == 3)
        #expect(world.now == ms(3))
        #expect(world.run(events: 10) == 2)
        #expect(world.statistics.eventsProcessed == 5)
    }

    @Test("a step returns the event it processed, and nil when nothing is scheduled")
    func step() throws {
        var world = recorderWorld()
        world.inject(.ping(1), from: alice, to: bob)
        let stepped = world.step()
        let event = try #require(stepped)
        #expect(event.kind == .delivered(Envelope(from: alice, to: bob, message: .ping(1)), sentAt: .zero))
        #expect(event.instant == ms(1))
        #expect(world.step() != nil)
        #expect(world.step() == nil)
    }

    @Test("the trace ring keeps the most recent events while the digest covers all of them")
    func boundedTrace() {
        var world = World<ToyMessage>(
            seed: 1, defaultLink: .ideal, limits: WorldLimits(traceCapacity: 4))
        world.add(bob) { RecorderNode(deadlines: (1...10).map { ms($0) }) }
        world.run(until: ms(20))
        #expect(world.trace.count == 4)
        #expect(world.trace.appendedCount == 11)
        #expect(world.trace.elements.map(\.instant) == [ms(7), ms(8), ms(9), ms(10)])
        #expect(world.digest.wordCount > 11 * 3)
    }

    @Test("a world without a trace ring keeps no events, counts them, and has the same digest")
    func untracedWorld() {
        func run(traceCapacity: Int) -> World<ToyMessage> {
            var world = World<ToyMessage>(
                seed: 1, defaultLink: .ideal, limits: WorldLimits(traceCapacity: traceCapacity))
            world.add(bob) { RecorderNode(deadlines: (1...10).map { ms($0) }) }
            world.inject(.ping(1), from: alice, to: bob)
            world.run(until: ms(20))
            return world
        }
        let traced = run(traceCapacity: 4)
        let untraced = run(traceCapacity: 0)
        #expect(untraced.trace.count == 0)
        #expect(untraced.trace.last == nil)
        #expect(untraced.trace.appendedCount == traced.trace.appendedCount)
        #expect(untraced.trace.appendedCount >= 12)  // the node, ten ticks, the ping and more
        #expect(untraced.digest == traced.digest)
    }

    @Test(
        "advancing without taking events is the same run as stepping: digest, trace and statistics",
        arguments: [0, 64])
    func advanceMatchesStep(traceCapacity: Int) {
        // The busy toy world (loss, jitter, pauses, a crash) exercises every kind of event;
        // `advance` folds deliveries into the digest without building them.
        func run(stepping: Bool) -> (World<ToyMessage>, Int) {
            var world = ToyWorld.make(seed: 11, limits: WorldLimits(traceCapacity: traceCapacity))
            var stepped = 0
            for round in 0..<3 {
                let deadline = world.now + .milliseconds(200)
                if stepping {
                    while let event = world.step(notAfter: deadline) {
                        #expect(event.instant == world.now)
                        stepped += 1
                    }
                } else {
                    while world.advance(notAfter: deadline) { stepped += 1 }
                }
                if round == 0 { world.pause(ToyWorld.brokers[3], for: .milliseconds(40)) }
                if round == 1 { world.crash(ToyWorld.brokers[0]) }
            }
            return (world, stepped)
        }
        let (stepping, steppedCount) = run(stepping: true)
        let (advancing, advancedCount) = run(stepping: false)
        #expect(steppedCount > 1_000)
        #expect(advancedCount == steppedCount)
        #expect(advancing.digest == stepping.digest)
        #expect(advancing.statistics == stepping.statistics)
        #expect(advancing.trace.appendedCount == stepping.trace.appendedCount)
        #expect(advancing.trace.elements == stepping.trace.elements)
        #expect(stepping.statistics.messagesDelivered > 500)
    }
}
