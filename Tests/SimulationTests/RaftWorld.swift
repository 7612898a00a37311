import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// A controller quorum in the world: voters `controller 1…n`, observers `broker 101…`, each
/// restarted from what its `RaftDisk` kept.
struct RaftWorld {
    var world: World<RaftMessage>
    let disk = RaftDisk()
    let voters: [NodeID]
    let observers: [NodeID]
    let config: QuorumConfig

    init(
        seed: UInt64, voters count: Int = 3, observers observerCount: Int = 0,
        link: LinkConfig = .datacenter, config: QuorumConfig = QuorumConfig(),
        proposalInterval: Duration? = .milliseconds(100)
    ) {
        world = World(seed: seed, defaultLink: link)
        voters = (1...count).map { NodeID.controller(BrokerID(Int32($0))) }
        observers = (0..<observerCount).map { NodeID.broker(BrokerID(Int32(101 + $0))) }
        self.config = config
        for id in voters + observers {
            var seeds = world.stream("raft \(id)")
            let disk = disk
            let voters = voters
            let interval = voters.contains(id) ? proposalInterval : nil
            world.add(id) {
                let saved = disk.saved[id]
                let raft = RaftNode(
                    id: id, voters: voters, config: config, seed: seeds.next(), log: saved?.log ?? InMemoryRaftLog(),
                    election: saved?.election ?? ElectionState())
                return RaftHost(raft: raft, disk: disk, proposalInterval: interval)
            }
        }
    }

    /// Runs the world one event at a time until `deadline`, checking the safety invariants and
    /// calling `after` after each event.
    mutating func run(
        until deadline: Instant, checker: inout RaftSafetyChecker, after: (RaftWorld) -> Void = { _ in }
    ) {
        while world.run(until: deadline, eventLimit: 1) == 1 {
            checker.check(self)
            after(self)
        }
    }

    /// The member as it is now (a crashed one as it was when it crashed).
    func raft(_ id: NodeID) -> RaftNode<InMemoryRaftLog> {
        guard let host = world.node(id) as? RaftHost else { preconditionFailure("\(id) is not a raft host") }
        return host.raft
    }

    func isUp(_ id: NodeID) -> Bool { world.status(of: id) == .up }

    /// Live voters that lead, in id order.
    var leaders: [NodeID] { voters.filter { isUp($0) && raft($0).isLeader } }

    /// The live leader with the largest epoch, if any.
    var currentLeader: NodeID? { leaders.max { raft($0).election.epoch < raft($1).election.epoch } }
}

/// Invariants checked after every event: at most one leader per epoch, ever (Election Safety);
/// every member's committed prefix is the same (State Machine Safety); each member's own
/// invariants hold.
struct RaftSafetyChecker {
    private(set) var leaderOfEpoch: [LeaderEpoch: NodeID] = [:]
    /// The committed log as the first member to commit each offset saw it.
    private(set) var committed: [RaftRecord] = []
    private var verified: [NodeID: Int] = [:]

    mutating func check(_ quorum: RaftWorld, sourceLocation: SourceLocation = #_sourceLocation) {
        for id in quorum.voters + quorum.observers {
            let raft = quorum.raft(id)
            raft.checkInvariants()
            if raft.isLeader {
                let epoch = raft.election.epoch
                let known = leaderOfEpoch[epoch] ?? id
                #expect(
                    known == id, "two leaders in epoch \(epoch): \(known) and \(id)", sourceLocation: sourceLocation)
                leaderOfEpoch[epoch] = id
            }
            let highWatermark = Int(raft.highWatermark.rawValue)
            for offset in (verified[id] ?? 0)..<max(verified[id] ?? 0, highWatermark) {
                guard let record = raft.log.record(at: Offset(Int64(offset))) else {
                    preconditionFailure("\(id) commits \(offset) without holding it")
                }
                if offset == committed.count { committed.append(record) }
                #expect(
                    committed[offset] == record, "\(id) committed \(record), others \(committed[offset])",
                    sourceLocation: sourceLocation)
            }
            verified[id] = max(verified[id] ?? 0, highWatermark)
        }
    }
}
