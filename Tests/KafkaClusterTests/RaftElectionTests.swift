import KafkaCluster
import KafkaCore
import Testing

@Suite struct RaftElectionTests {
    let one = RaftBench.voters[0]
    let two = RaftBench.voters[1]
    let three = RaftBench.voters[2]

    @Test("a voter asks for pre-votes between one and two election timeouts after it starts, in its own epoch")
    func electionTimeoutJitter() throws {
        for seed in 0..<50 as Range<UInt64> {
            var node = RaftNode(id: one, voters: RaftBench.voters, seed: seed, log: InMemoryRaftLog())
            _ = node.tick(at: .zero)
            let deadline = try #require(node.nextDeadline)
            #expect(deadline >= .zero + .milliseconds(1000) && deadline < .zero + .milliseconds(2000))
            let out = node.tick(at: deadline)
            #expect(node.role.name == "prospective")
            #expect(node.election.epoch == LeaderEpoch(0) && node.election.votedID == nil, "a pre-vote binds nothing")
            #expect(out.map(\.to) == [two, three])
            #expect(
                out.allSatisfy { if case .voteRequest(let request) = $0.message { request.preVote } else { false } })
        }
    }

    @Test("pre-votes from a majority make a candidate of the next epoch; a pre-vote changes nothing at the voter")
    func preVoteThenVote() throws {
        var node = RaftNode(id: one, voters: RaftBench.voters, seed: 3, log: InMemoryRaftLog())
        _ = node.tick(at: .zero)
        let deadline = try #require(node.nextDeadline)
        _ = node.tick(at: deadline)
        var voter = RaftNode(id: two, voters: RaftBench.voters, seed: 4, log: InMemoryRaftLog())
        let preVote = VoteRequest(
            candidateEpoch: LeaderEpoch(0), lastEpoch: LeaderEpoch(0), endOffset: Offset(0), preVote: true)
        let answer = voter.receive(Envelope(from: one, to: two, message: .voteRequest(preVote)), at: deadline)
        #expect(granted(answer) == [true])
        #expect(
            voter.election.votedID == nil && voter.role.name == "unattached", "the voter is free to vote for anyone")
        guard case .voteResponse(let response) = answer.first?.message else { return }
        let out = node.receive(Envelope(from: two, to: one, message: .voteResponse(response)), at: deadline)
        #expect(node.role.name == "candidate")
        #expect(node.election.epoch == LeaderEpoch(1) && node.election.votedID == one)
        #expect(out.allSatisfy { if case .voteRequest(let request) = $0.message { !request.preVote } else { false } })
    }

    @Test("a follower that hears from its leader refuses pre-votes; the leader refuses them too")
    func liveLeaderRefusesPreVotes() {
        var bench = RaftBench()
        bench.elect(one)
        #expect(bench.member(two).role.name == "follower")
        let preVote = VoteRequest(
            candidateEpoch: LeaderEpoch(1), lastEpoch: LeaderEpoch(1), endOffset: Offset(1), preVote: true)
        for voter in [one, two] {
            var member = bench.member(voter)
            let out = member.receive(Envelope(from: three, to: voter, message: .voteRequest(preVote)), at: bench.now)
            #expect(granted(out) == [false], "\(voter) as \(member.role.name)")
        }
    }

    @Test("a voter cut off from a live leader keeps its epoch and follows the leader again when the link heals")
    func isolatedVoterCannotUnseatTheLeader() throws {
        var bench = RaftBench()
        bench.elect(one)
        bench.isolate(three, from: [one, two])
        // Ten rounds of timeouts: each pre-vote goes unanswered, and no epoch is bumped.
        for _ in 0..<10 {
            bench.advance(to: try #require(bench.member(three).nextDeadline))
            bench.deliver()
        }
        #expect(bench.member(three).election.epoch == LeaderEpoch(1))
        bench.cut = []
        for _ in 0..<4 {
            bench.advance(to: try #require(bench.member(three).nextDeadline))
            bench.deliver()
        }
        #expect(bench.member(one).isLeader && bench.member(one).election.epoch == LeaderEpoch(1))
        #expect(bench.member(three).role.name == "follower" && bench.member(three).election.leaderID == one)
        for id in RaftBench.voters { bench.member(id).checkInvariants() }
    }

    @Test("the first voter to time out wins, writes a leader-change record and the others follow it")
    func electsOneLeader() {
        var bench = RaftBench()
        bench.elect(one)
        #expect(bench.member(one).isLeader)
        for follower in [two, three] {
            #expect(bench.member(follower).role.name == "follower")
            #expect(bench.member(follower).election.leaderID == one)
        }
        for id in RaftBench.voters {
            let member = bench.member(id)
            member.checkInvariants()
            #expect(member.election.epoch == LeaderEpoch(1))
            #expect(member.log.endOffset == Offset(1))
            #expect(member.highWatermark == Offset(1), "\(id) learns that the leader-change record is committed")
        }
    }

    @Test("a voter grants one vote per epoch: a second candidate in the same epoch is refused")
    func oneVotePerEpoch() {
        var voter = RaftNode(id: three, voters: RaftBench.voters, seed: 1, log: InMemoryRaftLog())
        let request = VoteRequest(candidateEpoch: LeaderEpoch(1), lastEpoch: LeaderEpoch(0), endOffset: Offset(0))
        let first = voter.receive(Envelope(from: one, to: three, message: .voteRequest(request)), at: .zero)
        let second = voter.receive(Envelope(from: two, to: three, message: .voteRequest(request)), at: .zero)
        let again = voter.receive(Envelope(from: one, to: three, message: .voteRequest(request)), at: .zero)
        #expect(granted(first) == [true])
        #expect(granted(second) == [false])
        #expect(granted(again) == [true], "a repeated request from the same candidate gets the same answer")
        #expect(voter.election.votedID == one)
    }

    @Test("a voter refuses a candidate whose log is less up to date than its own")
    func refusesShorterLog() {
        let log = InMemoryRaftLog([
            RaftRecord(offset: Offset(0), epoch: LeaderEpoch(1), body: .leaderChange(leader: one, voters: [one])),
            RaftRecord(offset: Offset(1), epoch: LeaderEpoch(1), body: .data([7])),
        ])
        var voter = RaftNode(
            id: three, voters: RaftBench.voters, seed: 1, log: log, election: ElectionState(epoch: LeaderEpoch(1)))
        let shorter = VoteRequest(candidateEpoch: LeaderEpoch(2), lastEpoch: LeaderEpoch(1), endOffset: Offset(1))
        let olderEpoch = VoteRequest(candidateEpoch: LeaderEpoch(3), lastEpoch: LeaderEpoch(0), endOffset: Offset(5))
        let equal = VoteRequest(candidateEpoch: LeaderEpoch(4), lastEpoch: LeaderEpoch(1), endOffset: Offset(2))
        #expect(
            granted(voter.receive(Envelope(from: two, to: three, message: .voteRequest(shorter)), at: .zero)) == [false]
        )
        #expect(
            granted(voter.receive(Envelope(from: two, to: three, message: .voteRequest(olderEpoch)), at: .zero)) == [
                false
            ])
        #expect(
            granted(voter.receive(Envelope(from: two, to: three, message: .voteRequest(equal)), at: .zero)) == [true])
        #expect(voter.election.epoch == LeaderEpoch(4), "a refused request still moves the voter to its epoch")
    }

    @Test("a voter refuses a candidate from an older epoch and tells it the current one")
    func refusesOlderEpoch() {
        var voter = RaftNode(
            id: three, voters: RaftBench.voters, seed: 1, log: InMemoryRaftLog(),
            election: ElectionState(epoch: LeaderEpoch(5)))
        let request = VoteRequest(candidateEpoch: LeaderEpoch(4), lastEpoch: LeaderEpoch(0), endOffset: Offset(9))
        let out = voter.receive(Envelope(from: one, to: three, message: .voteRequest(request)), at: .zero)
        guard case .voteResponse(let response) = out.first?.message else {
            Issue.record("expected a vote response, got \(out)")
            return
        }
        #expect(!response.voteGranted && response.epoch == LeaderEpoch(5))
    }

    @Test("a restarted voter keeps its vote: it refuses another candidate in the same epoch")
    func voteSurvivesRestart() {
        var voter = RaftNode(
            id: three, voters: RaftBench.voters, seed: 9, log: InMemoryRaftLog(),
            election: ElectionState(epoch: LeaderEpoch(2), votedID: one))
        let request = VoteRequest(candidateEpoch: LeaderEpoch(2), lastEpoch: LeaderEpoch(0), endOffset: Offset(0))
        #expect(
            granted(voter.receive(Envelope(from: two, to: three, message: .voteRequest(request)), at: .zero)) == [false]
        )
        #expect(
            granted(voter.receive(Envelope(from: one, to: three, message: .voteRequest(request)), at: .zero)) == [true])
    }

    @Test("a restarted voter follows the leader it knew and fetches at once, without standing for election")
    func restartedVoterFollowsKnownLeader() {
        var voter = RaftNode(
            id: three, voters: RaftBench.voters, seed: 9, log: InMemoryRaftLog(),
            election: ElectionState(epoch: LeaderEpoch(2), votedID: one, leaderID: one))
        let out = voter.tick(at: .zero)
        #expect(voter.role.name == "follower")
        #expect(voter.election.epoch == LeaderEpoch(2) && voter.election.leaderID == one)
        #expect(out.map(\.to) == [one])
        #expect(out.allSatisfy { if case .fetchRequest = $0.message { true } else { false } })
        // A Vote for the next epoch would unseat a healthy leader: it comes only after a fetch timeout.
        #expect(voter.nextDeadline.map { $0 >= .zero + voter.config.fetchTimeout } == true)
    }

    @Test("a candidate whose election times out backs off, then asks for pre-votes again in its new epoch")
    func candidateBacksOff() throws {
        // Its pre-vote is granted and its vote goes out, but no answer comes.
        var candidate = RaftNode(id: one, voters: RaftBench.voters, seed: 5, log: InMemoryRaftLog())
        _ = candidate.tick(at: .zero)
        let deadline = try #require(candidate.nextDeadline)
        _ = candidate.tick(at: deadline)
        let granted = VoteResponse(epoch: LeaderEpoch(0), leaderID: nil, voteGranted: true)
        _ = candidate.receive(Envelope(from: two, to: one, message: .voteResponse(granted)), at: deadline)
        #expect(candidate.role.name == "candidate" && candidate.election.epoch == LeaderEpoch(1))
        // No answers: the election times out, the candidate backs off, then asks again.
        for _ in 0..<2 {
            let next = try #require(candidate.nextDeadline)
            _ = candidate.tick(at: next)
        }
        #expect(candidate.role.name == "prospective")
        #expect(candidate.election.epoch == LeaderEpoch(1))
    }

    @Test("a single voter elects itself and commits its proposals at once")
    func singleVoter() {
        var bench = RaftBench(voters: [one])
        bench.elect(one)
        #expect(bench.member(one).isLeader && bench.member(one).highWatermark == Offset(1))
        #expect(bench.propose([1, 2, 3], on: one) == .success(Offset(1)))
        #expect(bench.member(one).highWatermark == Offset(2))
    }

    private func granted(_ out: [Outgoing<RaftMessage>]) -> [Bool] {
        out.compactMap { if case .voteResponse(let response) = $0.message { response.voteGranted } else { nil } }
    }
}
