import KafkaCore

/// A member of the KRaft controller quorum, or an observer of it: KIP-595 leader election and
/// pull-based replication of the metadata log, as a deterministic node.
///
/// Voters elect a leader by Vote requests (one vote per epoch, only for a candidate whose log
/// is at least as up to date), the leader announces itself with BeginQuorumEpoch and writes a
/// leader-change record, and followers and observers pull records with Fetch, truncating where
/// the leader says their log diverges. The high watermark is the end offset a majority of voters
/// share, and it moves only past the leader's own epoch start (Raft's commit rule). See
/// `QuorumRole` for the transitions.
///
/// The host persists `election` and `log` after every call that changed them and before the
/// messages it returned leave (a World host does this between events), and passes them back to
/// `init` on restart. Timer jitter and backoff come from a `SeededGenerator` seeded by the creator.
public struct RaftNode<Log: RaftLog>: Node {
    public typealias Message = RaftMessage

    public let id: NodeID
    /// The voters, sorted; a member not among them is an observer.
    public let voters: [NodeID]
    public let config: QuorumConfig
    /// The persisted part: epoch, vote and known leader.
    public internal(set) var election: ElectionState
    public internal(set) var log: Log
    /// Records below this offset are committed. Volatile: a restarted member learns it again.
    public internal(set) var highWatermark = Offset(0)
    public internal(set) var role: QuorumRole
    var generator: SeededGenerator
    /// Work that became due outside `receive`/`tick` (a proposal): flush it at the next tick.
    var wakeAt: Instant?
    /// The voter an observer without a leader asks next.
    var observerCursor = 0
    /// The leader of the persisted epoch, other than this member, that the first tick follows.
    var restartLeader: NodeID?
    /// Messages produced by the current call, returned at its end.
    var outbox: [Outgoing<RaftMessage>] = []

    /// A member that starts (or restarts) with a persisted `election` state and `log`.
    public init(
        id: NodeID, voters: [NodeID], config: QuorumConfig = QuorumConfig(), seed: UInt64, log: Log,
        election: ElectionState = ElectionState()
    ) {
        precondition(!voters.isEmpty, "a quorum needs at least one voter (\(id))")
        precondition(Set(voters).count == voters.count, "voters are listed twice: \(voters)")
        precondition(election.epoch >= log.lastEpoch, "\(id)'s log reaches epoch \(log.lastEpoch) past \(election)")
        self.id = id
        self.voters = voters.sorted()
        self.config = config
        // The vote it cast in this epoch still binds. A member that knew another leader of its
        // epoch follows it again and fetches at once (Kafka's `QuorumState.initialize`), rather
        // than sitting out an election timeout and then unseating a healthy leader with a Vote
        // in the next epoch.
        self.election = ElectionState(epoch: election.epoch, votedID: election.votedID)
        restartLeader = election.leaderID.flatMap { $0 == id ? nil : $0 }
        self.log = log
        generator = SeededGenerator(seed: seed)
        // Every member starts unattached in its persisted epoch; the first tick arms the timers.
        role = .unattached(electionDeadline: nil, nextFetchAt: nil)
        wakeAt = .zero
    }

    public var isVoter: Bool { voters.contains(id) }

    public var isLeader: Bool {
        if case .leader = role { true } else { false }
    }

    /// The number of voters that make a majority.
    public var majority: Int { voters.count / 2 + 1 }

    // MARK: Node

    public mutating func receive(
        _ envelope: consuming Envelope<RaftMessage>, at now: Instant
    ) -> [Outgoing<RaftMessage>] {
        switch envelope.message {
        case .voteRequest(let request): handleVoteRequest(request, from: envelope.from, at: now)
        case .voteResponse(let response): handleVoteResponse(response, from: envelope.from, at: now)
        case .beginQuorumEpochRequest(let epoch): handleBeginQuorumEpoch(epoch, from: envelope.from, at: now)
        case .beginQuorumEpochResponse(let epoch, let leaderID):
            handleBeginQuorumEpochResponse(epoch, leaderID: leaderID, from: envelope.from, at: now)
        case .fetchRequest(let request): handleFetchRequest(request, from: envelope.from, at: now)
        case .fetchResponse(let response): handleFetchResponse(response, from: envelope.from, at: now)
        }
        runDueWork(at: now)
        return drainOutbox()
    }

    public mutating func tick(at now: Instant) -> [Outgoing<RaftMessage>] {
        wakeAt = nil
        runDueWork(at: now)
        return drainOutbox()
    }

    // MARK: Proposals

    /// Appends `payload` to the log if this member is the leader, returning its offset; it is
    /// committed once the high watermark passes it. Replication starts at the next tick, which
    /// `nextDeadline` asks for at `now`.
    public mutating func propose(_ payload: [UInt8], at now: Instant) -> Result<Offset, NotLeader> {
        guard case .leader = role else {
            return .failure(NotLeader(epoch: election.epoch, leaderHint: election.leaderID))
        }
        let offset = log.endOffset
        log.append([RaftRecord(offset: offset, epoch: election.epoch, body: .data(payload))])
        updateHighWatermark()
        wakeAt = now
        return .success(offset)
    }

    mutating func send(_ message: RaftMessage, to node: NodeID) {
        outbox.append(Outgoing(to: node, message: message))
    }

    private mutating func drainOutbox() -> [Outgoing<RaftMessage>] {
        defer { outbox.removeAll() }
        return outbox
    }

    // MARK: Invariants

    /// The role agrees with the persisted election state, and the log with the high watermark.
    public func checkInvariants() {
        precondition(
            highWatermark.rawValue >= 0 && highWatermark <= log.endOffset,
            "\(id): high watermark \(highWatermark) outside 0...\(log.endOffset)")
        precondition(log.lastEpoch <= election.epoch, "\(id): log reaches epoch \(log.lastEpoch) past \(election)")
        switch role {
        case .unattached:
            precondition(election.leaderID == nil, "\(id) is unattached but knows a leader: \(election)")
        case .voted:
            precondition(isVoter && election.votedID != nil && election.leaderID == nil, "\(id) voted: \(election)")
        case .prospective(let prospective):
            precondition(isVoter && election.leaderID != id, "\(id) is prospective after leading: \(election)")
            precondition(prospective.granted.first == id, "\(id) did not grant itself: \(prospective.granted)")
        case .candidate(let candidate):
            precondition(isVoter && election.votedID == id, "\(id) is a candidate that voted elsewhere: \(election)")
            precondition(candidate.granted.first == id, "\(id) did not vote for itself: \(candidate.granted)")
        case .leader(let leader):
            precondition(election.leaderID == id && election.votedID == id, "\(id) leads without a vote: \(election)")
            precondition(leader.epochStartOffset < log.endOffset, "\(id) lost its leader-change record")
        case .follower(let follower):
            precondition(election.leaderID == follower.leader && follower.leader != id, "\(id) follows: \(election)")
        case .resigned:
            precondition(isVoter && election.votedID == id, "\(id) resigned without having led: \(election)")
        }
    }
}
