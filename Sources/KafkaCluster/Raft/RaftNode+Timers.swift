import KafkaCore

/// Timeouts, retries and periodic sends: everything `tick` (and the end of `receive`) does.
extension RaftNode {
    public var nextDeadline: Instant? {
        let roleDeadline: Instant?
        switch role {
        case .unattached(let electionDeadline, let nextFetchAt): roleDeadline = electionDeadline ?? nextFetchAt
        case .voted(let electionDeadline), .resigned(let electionDeadline): roleDeadline = electionDeadline
        case .prospective(let prospective): roleDeadline = prospective.electionDeadline
        case .candidate(let candidate): roleDeadline = candidate.backoffUntil ?? candidate.electionDeadline
        case .follower(let follower): roleDeadline = min(follower.fetchDeadline, follower.nextFetchAt)
        case .leader(let leader): roleDeadline = leaderDeadline(leader)
        }
        return earliest(wakeAt, roleDeadline)
    }

    /// Read after every event of the server that hosts this node: no arrays built.
    private func leaderDeadline(_ leader: LeaderState) -> Instant? {
        var deadline = checkQuorumDeadline(leader)
        for parked in leader.parked.values { deadline = earliest(deadline, parked.expiresAt) }
        if voters.contains(where: { $0 != id && leader.replicas[$0]?.acknowledged == false }) {
            deadline = earliest(deadline, leader.beginQuorumEpochDueAt)
        }
        return deadline
    }

    /// Does what is due at `now`, repeating while a transition makes more work due (a new
    /// follower fetches at once).
    mutating func runDueWork(at now: Instant) {
        for _ in 0..<8 {
            let before = role
            runDueWorkOnce(at: now)
            if role == before { return }
        }
    }

    private mutating func runDueWorkOnce(at now: Instant) {
        switch role {
        case .unattached(nil, nil) where restartLeader != nil:
            // The first tick after a restart: follow the leader the persisted state names.
            if let leader = restartLeader { becomeFollower(of: leader, epoch: election.epoch, at: now) }
            restartLeader = nil
        case .unattached(let electionDeadline, let nextFetchAt):
            if isVoter {
                guard let electionDeadline else {
                    role = .unattached(electionDeadline: now + randomElectionTimeout(), nextFetchAt: nil)
                    return
                }
                if electionDeadline <= now { becomeProspective(retries: 1, at: now) }
            } else if let nextFetchAt, nextFetchAt > now {
                return
            } else {
                // The last voter asked did not answer in time (it may be down): ask the next.
                if nextFetchAt != nil { observerCursor += 1 }
                send(fetchRequest(), to: voters[observerCursor % voters.count])
                role = .unattached(electionDeadline: nil, nextFetchAt: now + config.requestTimeout)
            }
        case .voted(let electionDeadline), .resigned(let electionDeadline):
            if electionDeadline <= now { becomeProspective(retries: 1, at: now) }
        case .prospective(let prospective):
            if prospective.electionDeadline <= now { losePreVote(at: now) }
        case .candidate(let candidate):
            if let backoffUntil = candidate.backoffUntil {
                if backoffUntil <= now { becomeProspective(retries: candidate.retries + 1, at: now) }
            } else if candidate.electionDeadline <= now {
                loseElection(candidate, at: now)
            }
        case .follower(let follower):
            runFollowerWork(follower, at: now)
        case .leader(let leader):
            runLeaderWork(leader, at: now)
        }
    }

    private mutating func runFollowerWork(_ follower: FollowerState, at now: Instant) {
        if follower.fetchDeadline <= now {
            if isVoter {
                becomeProspective(retries: 1, at: now)
            } else {
                // Look for the leader elsewhere, starting with the next voter.
                observerCursor += 1
                becomeUnattached(epoch: election.epoch, at: now)
            }
        } else if follower.nextFetchAt <= now {
            send(fetchRequest(), to: follower.leader)
            var sent = follower
            sent.nextFetchAt = now + config.requestTimeout
            role = .follower(sent)
        }
    }

    private mutating func runLeaderWork(_ leader: LeaderState, at now: Instant) {
        if let checkQuorum = checkQuorumDeadline(leader), checkQuorum <= now {
            resign(at: now)
            return
        }
        answerParkedFetches(at: now)
        guard case .leader(var current) = role, current.beginQuorumEpochDueAt <= now else { return }
        for voter in voters where voter != id && current.replicas[voter]?.acknowledged == false {
            send(.beginQuorumEpochRequest(epoch: election.epoch), to: voter)
        }
        current.beginQuorumEpochDueAt = now + config.beginQuorumEpochInterval
        role = .leader(current)
    }
}
