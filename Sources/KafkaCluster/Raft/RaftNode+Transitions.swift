import KafkaCore

/// Moving between roles. Each transition persists what Kafka persists (epoch, vote, leader)
/// by updating `election`, and arms the new role's timers from `now`.
extension RaftNode {
    /// A randomized election timeout: `electionTimeout + random(0 ..< electionTimeout)`.
    mutating func randomElectionTimeout() -> Duration {
        let spread = UInt64(config.electionTimeout.microseconds)
        return config.electionTimeout + .microseconds(Int64(generator.next(below: spread)))
    }

    /// Kafka's binary exponential backoff: `base × random(0 ..< 2^retries)`, capped.
    mutating func electionBackoff(retries: Int) -> Duration {
        let slots = UInt64(1) << UInt64(min(retries, 20))
        let backoff = config.electionBackoffBase * Int64(generator.next(below: slots))
        return min(backoff, config.electionBackoffMax)
    }

    /// Enters `epoch` (at least the current one) with no leader and no vote.
    mutating func becomeUnattached(epoch: LeaderEpoch, at now: Instant) {
        precondition(epoch > election.epoch || !isLeader, "\(id) would leave leadership of \(epoch) unattached")
        if epoch > election.epoch {
            election = ElectionState(epoch: epoch)
        } else {
            election.leaderID = nil
        }
        guard isVoter else {
            role = .unattached(electionDeadline: nil, nextFetchAt: now)
            return
        }
        role = .unattached(electionDeadline: pendingElectionDeadline ?? now + randomElectionTimeout(), nextFetchAt: nil)
    }

    /// The election timer a member without a leader is already running. A Vote request from a
    /// later epoch moves the member to that epoch but does not restart the timer (Raft restarts
    /// it only on hearing from a leader or granting a vote), so a candidate that cannot win
    /// cannot keep the others from standing by bumping the epoch again and again.
    private var pendingElectionDeadline: Instant? {
        switch role {
        case .unattached(let electionDeadline, _): electionDeadline
        case .voted(let electionDeadline), .resigned(let electionDeadline): electionDeadline
        case .prospective(let prospective): prospective.electionDeadline
        case .candidate(let candidate): candidate.backoffUntil ?? candidate.electionDeadline
        case .leader, .follower: nil
        }
    }

    /// Records a vote for `candidate` in the current epoch.
    mutating func becomeVoted(for candidate: NodeID, at now: Instant) {
        precondition(election.votedID == nil || election.votedID == candidate, "\(id) votes twice in \(election)")
        election.votedID = candidate
        role = .voted(electionDeadline: now + randomElectionTimeout())
    }

    /// Asks the other voters whether it could win (KIP-996 PreVote) before standing: the epoch,
    /// the vote and the leader it knew stay as they are, so a voter that cannot reach the quorum
    /// never bumps the epoch.
    mutating func becomeProspective(retries: Int, at now: Instant) {
        precondition(isVoter, "observer \(id) cannot stand for election")
        role = .prospective(
            ProspectiveState(granted: [id], retries: retries, electionDeadline: now + randomElectionTimeout()))
        if majority == 1 {
            becomeCandidate(retries: retries, at: now)
            return
        }
        let request = VoteRequest(
            candidateEpoch: election.epoch, lastEpoch: log.lastEpoch, endOffset: log.endOffset, preVote: true)
        for voter in voters where voter != id { send(.voteRequest(request), to: voter) }
    }

    /// A pre-vote refused by a majority, or unanswered for an election timeout: back to the
    /// leader it knew (which may answer after all), or to waiting without one.
    mutating func losePreVote(at now: Instant) {
        if let leader = election.leaderID, leader != id {
            becomeFollower(of: leader, epoch: election.epoch, at: now)
        } else {
            election.leaderID = nil
            role = .unattached(electionDeadline: now + randomElectionTimeout(), nextFetchAt: nil)
        }
    }

    /// Stands for election in the next epoch, voting for itself.
    mutating func becomeCandidate(retries: Int, at now: Instant) {
        precondition(isVoter, "observer \(id) cannot stand for election")
        election = ElectionState(epoch: election.epoch.next, votedID: id)
        role = .candidate(
            CandidateState(granted: [id], retries: retries, electionDeadline: now + randomElectionTimeout()))
        if majority == 1 {
            becomeLeader(at: now)
            return
        }
        let request = VoteRequest(candidateEpoch: election.epoch, lastEpoch: log.lastEpoch, endOffset: log.endOffset)
        for voter in voters where voter != id { send(.voteRequest(request), to: voter) }
    }

    /// Takes the lead of the current epoch: writes the leader-change record and announces
    /// itself to the other voters.
    mutating func becomeLeader(at now: Instant) {
        guard case .candidate = role else { preconditionFailure("\(id) becomes leader from \(role.name)") }
        election.leaderID = id
        let start = log.endOffset
        log.append([
            RaftRecord(offset: start, epoch: election.epoch, body: .leaderChange(leader: id, voters: voters))
        ])
        var replicas: [NodeID: ReplicaProgress] = [:]
        for voter in voters where voter != id { replicas[voter] = ReplicaProgress(lastFetch: now) }
        role = .leader(
            LeaderState(
                epochStartOffset: start, replicas: replicas,
                beginQuorumEpochDueAt: now + config.beginQuorumEpochInterval))
        for voter in voters where voter != id { send(.beginQuorumEpochRequest(epoch: election.epoch), to: voter) }
        updateHighWatermark()
    }

    /// Follows `leader` in `epoch` (at least the current one) and fetches from it at once.
    mutating func becomeFollower(of leader: NodeID, epoch: LeaderEpoch, at now: Instant) {
        precondition(leader != id, "\(id) cannot follow itself")
        if epoch > election.epoch {
            election = ElectionState(epoch: epoch, leaderID: leader)
        } else {
            precondition(!isLeader, "\(id) leads epoch \(epoch), yet \(leader) claims it too")
            election.leaderID = leader
        }
        role = .follower(FollowerState(leader: leader, fetchDeadline: now + config.fetchTimeout, nextFetchAt: now))
    }

    /// A leader that lost its quorum stops serving and waits to stand again.
    mutating func resign(at now: Instant) {
        precondition(isLeader, "\(id) resigns from \(role.name)")
        election.leaderID = nil
        role = .resigned(electionDeadline: now + randomElectionTimeout())
    }

    /// Reacts to a message that shows a later epoch, or the leader of the current one.
    mutating func observe(epoch: LeaderEpoch, leader: NodeID?, at now: Instant) {
        if epoch > election.epoch {
            if let leader, leader != id {
                becomeFollower(of: leader, epoch: epoch, at: now)
            } else {
                becomeUnattached(epoch: epoch, at: now)
            }
            return
        }
        guard epoch == election.epoch, let leader, leader != id else { return }
        switch role {
        case .follower(let follower) where follower.leader == leader: return
        case .follower(let follower):
            preconditionFailure("\(id) follows \(follower.leader) in \(epoch), yet \(leader) claims it too")
        case .leader, .resigned: preconditionFailure("\(id) led epoch \(epoch), yet \(leader) claims it too")
        case .unattached, .voted, .prospective, .candidate: becomeFollower(of: leader, epoch: epoch, at: now)
        }
    }
}
