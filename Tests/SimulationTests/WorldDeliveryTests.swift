import KafkaCore
import Simulation
import Testing

@Suite struct WorldDeliveryTests {
    @Test("a ping arrives after the link latency and its pong comes back after another")
    func roundTrip() throws {
        var world = recorderWorld()
        world.inject(.ping(7), from: alice, to: bob)
        world.run(until: ms(10))
        #expect(try world.recorder(bob).received == [.init(from: alice, message: .ping(7), at: ms(1))])
        #expect(try world.recorder(alice).received == [.init(from: bob, message: .pong(7), at: ms(2))])
        #expect(world.statistics.messagesDelivered == 2)
        #expect(world.statistics.bytesDelivered == 32)
    }

    @Test("messages on one link arrive in the order they were sent")
    func orderPerLink() throws {
        var world = World<ToyMessage>(
            seed: 9, defaultLink: LinkConfig(latency: .milliseconds(1), jitter: .milliseconds(5)))
        world.add(bob) { RecorderNode() }
        for number in 0..<200 {
            world.inject(.pong(UInt64(number)), from: alice, to: bob)
            world.run(for: .microseconds(10))
        }
        world.run(for: .seconds(1))
        let received = try world.recorder(bob).received
        #expect(received.map(\.message) == (0..<200).map { .pong(UInt64($0)) })
        #expect(Set(received.map(\.at)).count > 10, "jitter should spread arrivals")
    }

    @Test("a message to a node that was never added is dropped and counted")
    func unknownDestination() {
        var world = recorderWorld()
        world.inject(.ping(1), from: alice, to: NodeID.client(42))
        #expect(world.statistics.dropped(.unknownDestination) == 1)
        #expect(world.drops.map(\.1) == [.unknownDestination])
    }

    @Test("a one-way partition drops one direction only, and healing restores it")
    func oneWayPartition() throws {
        var world = recorderWorld()
        world.partition(alice, bob, oneWay: true)
        world.inject(.pong(1), from: alice, to: bob)
        world.inject(.pong(2), from: bob, to: alice)
        world.run(until: ms(5))
        #expect(try world.recorder(bob).received.isEmpty)
        #expect(try world.recorder(alice).received.map(\.message) == [.pong(2)])
        #expect(world.statistics.dropped(.partitioned) == 1)
        world.heal(alice, bob)
        world.inject(.pong(3), from: alice, to: bob)
        world.run(until: ms(10))
        #expect(try world.recorder(bob).received.map(\.message) == [.pong(3)])
    }

    @Test("a partition cuts messages that are already on the wire")
    func partitionInFlight() throws {
        var world = recorderWorld(latency: .milliseconds(10))
        world.inject(.pong(1), from: alice, to: bob)
        world.run(until: ms(5))
        world.partition(alice, bob)
        world.run(until: ms(20))
        #expect(try world.recorder(bob).received.isEmpty)
        #expect(world.drops.map(\.1) == [.partitioned])
        #expect(world.network.inFlight(on: Link(from: alice, to: bob)) == 0)
    }

    @Test("an isolated node can neither send nor receive, and rejoining restores it")
    func isolation() throws {
        var world = recorderWorld()
        world.isolate(carol)
        world.inject(.pong(1), from: alice, to: carol)
        world.inject(.pong(2), from: carol, to: bob)
        world.inject(.pong(3), from: alice, to: bob)
        world.run(until: ms(5))
        #expect(try world.recorder(carol).received.isEmpty)
        #expect(try world.recorder(bob).received.map(\.message) == [.pong(3)])
        world.healAll()
        world.inject(.pong(4), from: alice, to: carol)
        world.run(until: ms(10))
        #expect(try world.recorder(carol).received.map(\.message) == [.pong(4)])
    }

    @Test("link settings apply per direction and are recorded in the trace")
    func linkSettings() throws {
        var world = recorderWorld()
        world.setLatency(Link(from: alice, to: bob), .milliseconds(7))
        world.setExtraDelay(Link(from: alice, to: bob), .milliseconds(2))
        world.inject(.pong(1), from: alice, to: bob)
        world.inject(.pong(2), from: alice, to: carol)
        world.run(until: ms(20))
        #expect(try world.recorder(bob).received.map(\.at) == [ms(9)])
        #expect(try world.recorder(carol).received.map(\.at) == [ms(1)])
        let configured = world.trace.elements.filter {
            if case .linkConfigured = $0.kind { true } else { false }
        }
        #expect(configured.count == 2)
    }

    @Test("a link that drops everything loses every message as lost")
    func dropEverything() throws {
        var world = recorderWorld()
        world.setDropRate(Link(from: alice, to: bob), 1)
        for number in 0..<10 { world.inject(.pong(UInt64(number)), from: alice, to: bob) }
        world.run(until: ms(5))
        #expect(try world.recorder(bob).received.isEmpty)
        #expect(world.statistics.dropped(.lost) == 10)
    }

    @Test("a link at its in-flight limit drops further messages as overflow")
    func linkOverflow() throws {
        var world = recorderWorld(limits: WorldLimits(inFlightPerLink: 3))
        for number in 0..<5 { world.inject(.pong(UInt64(number)), from: alice, to: bob) }
        world.run(until: ms(5))
        #expect(try world.recorder(bob).received.count == 3)
        #expect(world.statistics.dropped(.linkOverflow) == 2)
    }
}
