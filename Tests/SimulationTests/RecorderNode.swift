import KafkaCore

/// A node that writes down everything that happens to it, answers pings, and wakes up at a
/// scripted list of deadlines: the probe for exact-instant tests.
struct RecorderNode: Node {
    struct Received: Equatable {
        var from: NodeID
        var message: ToyMessage
        var at: Instant
    }

    private(set) var received: [Received] = []
    private(set) var ticks: [Instant] = []
    /// Upcoming deadlines, earliest first.
    var deadlines: [Instant]

    init(deadlines: [Instant] = []) {
        self.deadlines = deadlines.sorted()
    }

    mutating func receive(_ envelope: consuming Envelope<ToyMessage>, at now: Instant) -> [Outgoing<ToyMessage>] {
        received.append(Received(from: envelope.from, message: envelope.message, at: now))
        switch envelope.message {
        case .ping(let number): return [envelope.reply(.pong(number))]
        case .setDeadline(let deadline): deadlines = deadline.map { [$0] } ?? []
        case .pong, .gossip: break
        }
        return []
    }

    mutating func tick(at now: Instant) -> [Outgoing<ToyMessage>] {
        ticks.append(now)
        deadlines.removeAll { $0 <= now }
        return []
    }

    var nextDeadline: Instant? { deadlines.first }
}
