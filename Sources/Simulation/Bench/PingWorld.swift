import KafkaCore

/// The world's own speed, without Kafka: nodes in a ring passing tokens over the simulated
/// network, each also ticking on a timer. Every event is a delivery or a tick that does almost
/// nothing, so events per second measure the event queue, the network and the trace.
public enum PingWorld {
    /// A token, and how many hops it has made.
    public struct Token: Hashable, Sendable, WireSized, TraceDigestible {
        public var hops: UInt64

        public var sizeInBytes: Int { 16 }

        public func digest(into digest: inout TraceDigest) { digest.combine(hops) }
    }

    /// Passes each token to the next node in the ring; ticks every `period`.
    struct RingNode: Node {
        let next: NodeID
        let period: Duration
        var deadline: Instant? = .zero

        mutating func receive(_ envelope: consuming Envelope<Token>, at now: Instant) -> [Outgoing<Token>] {
            [Outgoing(to: next, message: Token(hops: envelope.message.hops &+ 1))]
        }

        mutating func tick(at now: Instant) -> [Outgoing<Token>] {
            deadline = now + period
            return []
        }

        var nextDeadline: Instant? { deadline }
    }

    /// Builds a ring of `nodes` with `tokens` in flight and processes `events` events; returns
    /// what the world counted and its digest.
    public static func run(
        nodes: Int = 8, tokens: Int = 64, events: Int, seed: UInt64 = 42
    ) -> (
        statistics: WorldStatistics, digest: TraceDigest
    ) {
        precondition(nodes >= 2 && tokens >= 1 && events >= 0, "a ring of \(nodes) with \(tokens) tokens")
        var world = World<Token>(seed: seed, defaultLink: LinkConfig(latency: .microseconds(100)))
        let ids = (0..<nodes).map { NodeID.client(Int32($0)) }
        for (index, id) in ids.enumerated() {
            let next = ids[(index + 1) % nodes]
            world.add(id) { RingNode(next: next, period: .milliseconds(1)) }
        }
        for token in 0..<tokens {
            world.inject(Token(hops: 0), from: ids[token % nodes], to: ids[(token + 1) % nodes])
        }
        world.run(events: events)
        return (world.statistics, world.digest)
    }
}
