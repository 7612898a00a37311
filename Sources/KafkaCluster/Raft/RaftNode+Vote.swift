import KafkaCore

/// Vote and BeginQuorumEpoch: how voters elect a leader and learn of it.
extension RaftNode {
    /// Grants at most one vote per epoch, and only to a voter whose log is at least as up to
    /// date as this one's (larger last epoch, or the same epoch and an end offset at least as
    /// large).
    mutating func handleVoteRequest(_ request: VoteRequest, from candidate: NodeID, at now: Instant) {
        guard isVoter, voters.contains(candidate) else {
            send(.voteResponse(refusal), to: candidate)
            return
        }
        if request.candidateEpoch > election.epoch {
            becomeUnattached(epoch: request.candidateEpoch, at: now)
        }
        guard request.candidateEpoch == election.epoch else {
            send(.voteResponse(refusal), to: candidate)
            return
        }
        let granted: Bool
        if request.preVote {
            granted = canGrantPreVote(request)
        } else {
            switch role {
            case .unattached, .voted, .prospective:
                if let votedID = election.votedID {
                    granted = votedID == candidate
                } else {
                    granted = isUpToDate(request)
                }
                if granted { becomeVoted(for: candidate, at: now) }
            case .candidate, .leader, .follower, .resigned:
                // A candidate and a (resigned) leader voted for themselves; a follower knows the
                // leader of this epoch.
                granted = false
            }
        }
        send(
            .voteResponse(VoteResponse(epoch: election.epoch, leaderID: election.leaderID, voteGranted: granted)),
            to: candidate)
    }

    /// A pre-vote binds nothing and changes nothing here (Kafka's `canGrantVote` with
    /// `isPreVote`): granted to an up-to-date log, unless this voter hears from a live leader
    /// (a follower that fetched from it in this epoch) or is the leader.
    private func canGrantPreVote(_ request: VoteRequest) -> Bool {
        switch role {
        case .unattached, .voted, .prospective, .candidate: isUpToDate(request)
        case .follower(let follower): !follower.hasFetchedFromLeader && isUpToDate(request)
        case .leader, .resigned: false
        }
    }

    private var refusal: VoteResponse {
        VoteResponse(epoch: election.epoch, leaderID: election.leaderID, voteGranted: false)
    }

    private func isUpToDate(_ request: VoteRequest) -> Bool {
        (request.lastEpoch, request.endOffset.rawValue) >= (log.lastEpoch, log.endOffset.rawValue)
    }

    /// Counts a vote; a majority makes the candidate leader, a refusing majority ends its
    /// election early.
    mutating func handleVoteResponse(_ response: VoteResponse, from voter: NodeID, at now: Instant) {
        if response.epoch > election.epoch {
            observe(epoch: response.epoch, leader: response.leaderID, at: now)
            return
        }
        if case .prospective(var prospective) = role, response.epoch == election.epoch, voters.contains(voter) {
            // A voter that names a leader of this epoch other than the one this member gave up on
            // points it there.
            if let leader = response.leaderID, leader != id, leader != election.leaderID {
                observe(epoch: response.epoch, leader: leader, at: now)
                return
            }
            let outcome = tally(
                response.voteGranted, from: voter, granted: &prospective.granted, rejected: &prospective.rejected)
            role = .prospective(prospective)
            switch outcome {
            case .won: becomeCandidate(retries: prospective.retries, at: now)
            case .lost: losePreVote(at: now)
            case .open: break
            }
            return
        }
        guard response.epoch == election.epoch, case .candidate(var candidate) = role,
            candidate.backoffUntil == nil, voters.contains(voter)
        else { return }
        let outcome = tally(
            response.voteGranted, from: voter, granted: &candidate.granted, rejected: &candidate.rejected)
        role = .candidate(candidate)
        switch outcome {
        case .won: becomeLeader(at: now)
        case .lost: loseElection(candidate, at: now)
        case .open: break
        }
    }

    /// Where an election (or a pre-vote) stands after counting one answer.
    enum ElectionOutcome {
        case won, lost, open
    }

    /// Counts `voter`'s answer once: won with a majority granting, lost once so many refused
    /// that no majority can grant, open otherwise.
    private func tally(
        _ voteGranted: Bool, from voter: NodeID, granted: inout [NodeID], rejected: inout [NodeID]
    ) -> ElectionOutcome {
        if voteGranted {
            if !granted.contains(voter) { granted.append(voter) }
        } else if !rejected.contains(voter) {
            rejected.append(voter)
        }
        if granted.count >= majority { return .won }
        return rejected.count > voters.count - majority ? .lost : .open
    }

    /// Backs off before the next candidacy.
    mutating func loseElection(_ candidate: CandidateState, at now: Instant) {
        var lost = candidate
        lost.backoffUntil = now + electionBackoff(retries: candidate.retries)
        role = .candidate(lost)
    }

    /// A new leader's announcement: follow it unless this member already knows a later epoch.
    mutating func handleBeginQuorumEpoch(_ epoch: LeaderEpoch, from leader: NodeID, at now: Instant) {
        if epoch >= election.epoch, voters.contains(leader) {
            observe(epoch: epoch, leader: leader, at: now)
        }
        send(.beginQuorumEpochResponse(epoch: election.epoch, leaderID: election.leaderID), to: leader)
    }

    /// A voter acknowledged the epoch, or answered with a later one.
    mutating func handleBeginQuorumEpochResponse(
        _ epoch: LeaderEpoch, leaderID: NodeID?, from voter: NodeID, at now: Instant
    ) {
        if epoch > election.epoch {
            observe(epoch: epoch, leader: leaderID, at: now)
            return
        }
        guard epoch == election.epoch, case .leader(var leader) = role, leader.replicas[voter] != nil else { return }
        leader.replicas[voter]?.acknowledged = true
        role = .leader(leader)
    }
}
