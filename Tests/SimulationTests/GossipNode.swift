import KafkaCore
import Simulation

/// A node that spreads rumours on a jittered timer and forwards some of what it hears, pings a
/// peer now and then, and sometimes pulls its own deadline in: busy, random, timer-heavy traffic.
struct GossipNode: Node {
    let peers: [NodeID]
    let period: Duration
    private var generator: SeededGenerator
    private(set) var round: UInt64 = 0
    private(set) var pongs = 0
    private var deadline: Instant?

    init(peers: [NodeID], period: Duration, generator: SeededGenerator, start: Instant) {
        precondition(!peers.isEmpty, "a gossip node needs someone to talk to")
        self.peers = peers
        self.period = period
        self.generator = generator
        deadline = start
    }

    mutating func receive(_ envelope: consuming Envelope<ToyMessage>, at now: Instant) -> [Outgoing<ToyMessage>] {
        switch envelope.message {
        case .gossip(let heard, let bodyBytes):
            round = max(round, heard)
            if generator.chance(0.1) { deadline = now + .microseconds(Int64(generator.next(below: 500))) }
            return generator.chance(0.3) ? [rumour(bodyBytes: bodyBytes)] : []
        case .ping(let number):
            return [envelope.reply(.pong(number))]
        case .pong:
            pongs += 1
            return []
        case .setDeadline:
            return []
        }
    }

    mutating func tick(at now: Instant) -> [Outgoing<ToyMessage>] {
        round += 1
        let spread = UInt64(period.microseconds)
        deadline = now + .microseconds(Int64(spread / 2 + generator.next(below: spread)))
        var out = [rumour(bodyBytes: Int(generator.next(below: 2_000)))]
        if generator.chance(0.2) { out.append(Outgoing(to: randomPeer(), message: .ping(round))) }
        return out
    }

    var nextDeadline: Instant? { deadline }

    private mutating func rumour(bodyBytes: Int) -> Outgoing<ToyMessage> {
        Outgoing(to: randomPeer(), message: .gossip(round: round, bodyBytes: bodyBytes))
    }

    private mutating func randomPeer() -> NodeID { peers[Int(generator.next(below: UInt64(peers.count)))] }
}
