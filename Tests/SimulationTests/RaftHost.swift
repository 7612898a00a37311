import KafkaCluster
import KafkaCore
import Simulation

/// What survives a controller's crash: its quorum state and log as of its last step.
final class RaftDisk {
    private(set) var saved: [NodeID: (election: ElectionState, log: InMemoryRaftLog)] = [:]

    func save(_ node: RaftNode<InMemoryRaftLog>) { saved[node.id] = (node.election, node.log) }
}

/// Hosts a quorum member in the world the way a controller process would: it persists the
/// member's state after every step (before the world routes what it sent, as Kafka writes
/// `quorum-state` and the log before answering), and, while it leads, proposes a record every
/// `proposalInterval`.
struct RaftHost: Node {
    private(set) var raft: RaftNode<InMemoryRaftLog>
    let disk: RaftDisk
    let proposalInterval: Duration?
    private var nextProposal: Instant?
    /// Offsets this host's proposals got while it led.
    private(set) var proposed: [Offset] = []

    init(raft: RaftNode<InMemoryRaftLog>, disk: RaftDisk, proposalInterval: Duration?) {
        self.raft = raft
        self.disk = disk
        self.proposalInterval = proposalInterval
        nextProposal = proposalInterval == nil ? nil : .zero
        disk.save(raft)
    }

    mutating func receive(_ envelope: consuming Envelope<RaftMessage>, at now: Instant) -> [Outgoing<RaftMessage>] {
        let out = raft.receive(envelope, at: now)
        disk.save(raft)
        return out
    }

    mutating func tick(at now: Instant) -> [Outgoing<RaftMessage>] {
        if let interval = proposalInterval, let due = nextProposal, due <= now {
            nextProposal = now + interval
            // The payload names the proposer and the instant, so every record is distinct.
            let payload =
                [UInt8(truncatingIfNeeded: raft.id.number)] + withUnsafeBytes(of: now.microseconds) { Array($0) }
            if case .success(let offset) = raft.propose(payload, at: now) { proposed.append(offset) }
        }
        let out = raft.tick(at: now)
        disk.save(raft)
        return out
    }

    var nextDeadline: Instant? { [raft.nextDeadline, nextProposal].compactMap { $0 }.min() }
}
