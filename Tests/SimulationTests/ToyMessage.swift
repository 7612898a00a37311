import KafkaCore

/// The messages toy nodes exchange in these tests.
enum ToyMessage: Sendable, Hashable, WireSized, TraceDigestible {
    case ping(UInt64)
    case pong(UInt64)
    /// A rumour: the highest round the sender has heard of, with a body of `bodyBytes`.
    case gossip(round: UInt64, bodyBytes: Int)
    /// Tells a `RecorderNode` to replace its deadlines with this one (nil: none).
    case setDeadline(Instant?)

    var sizeInBytes: Int {
        switch self {
        case .ping, .pong, .setDeadline: 16
        case .gossip(_, let bodyBytes): 16 + bodyBytes
        }
    }

    func digest(into digest: inout TraceDigest) {
        switch self {
        case .ping(let number):
            digest.combine(1)
            digest.combine(number)
        case .pong(let number):
            digest.combine(2)
            digest.combine(number)
        case .gossip(let round, let bodyBytes):
            digest.combine(3)
            digest.combine(round)
            digest.combine(bodyBytes)
        case .setDeadline(let deadline):
            digest.combine(4)
            digest.combine(deadline)
        }
    }
}
