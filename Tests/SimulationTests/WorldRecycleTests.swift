import KafkaCore
import Simulation
import Testing

/// A node that answers each ping with three pongs and ticks once to send a pong, writing its
/// answers into the storage the world hands back: the probe for `Node.recycle`.
private struct RecyclingNode: Node {
    var spare: [Outgoing<ToyMessage>] = []
    /// The capacity of each emptied array the world handed back, and whether it was empty.
    private(set) var recycled: [(capacity: Int, isEmpty: Bool)] = []
    /// How many answers were written into handed-back storage.
    private(set) var reused = 0
    var deadline: Instant?

    private mutating func answer(_ messages: [Outgoing<ToyMessage>]) -> [Outgoing<ToyMessage>] {
        var out = spare
        spare = []
        if out.capacity >= messages.count { reused += 1 }
        out.append(contentsOf: messages)
        return out
    }

    mutating func receive(_ envelope: consuming Envelope<ToyMessage>, at now: Instant) -> [Outgoing<ToyMessage>] {
        guard case .ping(let number) = envelope.message else { return [] }
        return answer((0..<3).map { envelope.reply(.pong(number * 10 + UInt64($0))) })
    }

    mutating func tick(at now: Instant) -> [Outgoing<ToyMessage>] {
        deadline = nil
        return answer([Outgoing(to: alice, message: .pong(99))])
    }

    var nextDeadline: Instant? { deadline }

    mutating func recycle(_ emptied: consuming [Outgoing<ToyMessage>]) {
        recycled.append((emptied.capacity, emptied.isEmpty))
        spare = emptied
    }
}

@Suite struct WorldRecycleTests {
    @Test("the world hands a node back the emptied storage of what it sent, after receive and after tick")
    func emptiedArraysComeBack() throws {
        var world = World<ToyMessage>(seed: 1, defaultLink: LinkConfig(latency: .milliseconds(1)))
        world.add(alice) { RecorderNode() }
        world.add(bob) {
            var node = RecyclingNode()
            node.deadline = ms(50)
            return node
        }
        for number in 1...3 {
            world.inject(.ping(UInt64(number)), from: alice, to: bob)
            world.run(for: .milliseconds(10))
        }
        world.run(until: ms(100))
        let node = try #require(world.node(bob) as? RecyclingNode)
        // Three answers to pings and one tick: each array came back empty, with its storage.
        #expect(node.recycled.count == 4)
        #expect(node.recycled.allSatisfy { $0.isEmpty && $0.capacity >= 1 })
        #expect(node.reused == 3, "every answer after the first reused the storage handed back")
        // What was sent is unchanged: every pong, in order.
        let pongs = try world.recorder(alice).received.map(\.message)
        #expect(pongs == [10, 11, 12, 20, 21, 22, 30, 31, 32, 99].map { .pong($0) })
    }

    @Test("nodes with the default recycle (which drops the array) answer and receive as before")
    func nothingToRecycle() throws {
        var world = recorderWorld()
        world.inject(.pong(1), from: alice, to: bob)
        world.inject(.ping(2), from: carol, to: bob)
        world.run(until: ms(10))
        #expect(try world.recorder(bob).received.map(\.message) == [.pong(1), .ping(2)])
        #expect(try world.recorder(carol).received.map(\.message) == [.pong(2)])
    }
}
