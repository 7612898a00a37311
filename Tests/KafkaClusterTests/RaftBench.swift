import KafkaCluster
import KafkaCore

/// A hand-driven quorum for unit tests: messages wait in one FIFO queue until `deliver` hands
/// them over (instantly, in send order), and time moves only when a test says so.
struct RaftBench {
    typealias Member = RaftNode<InMemoryRaftLog>

    var members: [NodeID: Member] = [:]
    let ids: [NodeID]
    var now = Instant.zero
    var inFlight: [Envelope<RaftMessage>] = []
    /// Links a test has cut (messages on them are dropped when sent).
    var cut: Set<Link> = []

    struct Link: Hashable {
        let from: NodeID
        let to: NodeID
    }

    static let voters = [1, 2, 3].map { NodeID.controller(BrokerID($0)) }

    init(voters: [NodeID] = RaftBench.voters, observers: [NodeID] = [], config: QuorumConfig = QuorumConfig()) {
        ids = voters + observers
        for (index, id) in ids.enumerated() {
            members[id] = Member(
                id: id, voters: voters, config: config, seed: UInt64(index + 1), log: InMemoryRaftLog())
        }
    }

    func member(_ id: NodeID) -> Member {
        guard let member = members[id] else { preconditionFailure("no member \(id)") }
        return member
    }

    /// Proposes `payload` on `id` at the current instant.
    mutating func propose(_ payload: [UInt8], on id: NodeID) -> Result<Offset, NotLeader> {
        guard var member = members[id] else { preconditionFailure("no member \(id)") }
        defer { members[id] = member }
        return member.propose(payload, at: now)
    }

    /// Cuts both directions between `a` and each of `others`.
    mutating func isolate(_ a: NodeID, from others: [NodeID]) {
        for other in others {
            cut.insert(Link(from: a, to: other))
            cut.insert(Link(from: other, to: a))
        }
    }

    /// Ticks `id` at the current instant.
    mutating func tick(_ id: NodeID) {
        let out = members[id]?.tick(at: now) ?? []
        enqueue(out, from: id)
    }

    /// Moves time to `instant`, ticking every member whose deadline has come, in id order.
    mutating func advance(to instant: Instant) {
        now = instant
        for id in ids where (members[id]?.nextDeadline).map({ $0 <= instant }) ?? false { tick(id) }
    }

    /// Delivers queued messages until none are left (or `limit` deliveries).
    mutating func deliver(limit: Int = 1_000) {
        var delivered = 0
        while !inFlight.isEmpty, delivered < limit {
            let envelope = inFlight.removeFirst()
            delivered += 1
            let out = members[envelope.to]?.receive(envelope, at: now) ?? []
            enqueue(out, from: envelope.to)
        }
    }

    /// Elects `id`: its election timeout fires first, then the votes are delivered.
    mutating func elect(_ id: NodeID) {
        tick(id)  // arms the timer
        let deadline = member(id).nextDeadline ?? now
        now = deadline
        tick(id)
        deliver()
    }

    private mutating func enqueue(_ out: [Outgoing<RaftMessage>], from: NodeID) {
        for outgoing in out where !cut.contains(Link(from: from, to: outgoing.to)) {
            inFlight.append(Envelope(from: from, to: outgoing.to, message: outgoing.message))
        }
    }
}
