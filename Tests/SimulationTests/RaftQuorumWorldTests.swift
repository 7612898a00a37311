import KafkaCluster
import KafkaCore
import Simulation
import Testing

@Suite struct RaftQuorumWorldTests {
    static let config = QuorumConfig()
    /// A follower notices a dead leader after the fetch timeout; an election takes at most two
    /// randomized election timeouts (one may split) plus a backoff.
    static let failoverBound = config.fetchTimeout + config.electionTimeout * 4 + config.electionBackoffMax

    static func run(
        _ quorum: inout RaftWorld, until deadline: Instant, checker: inout RaftSafetyChecker,
        after: (RaftWorld) -> Void = { _ in }
    ) {
        quorum.run(until: deadline, checker: &checker, after: after)
    }

    @Test(
        "three voters elect exactly one leader within a few election timeouts and the others follow it",
        arguments: 0..<20 as Range<UInt64>)
    func electsOneLeader(seed: UInt64) throws {
        var quorum = RaftWorld(seed: seed)
        var checker = RaftSafetyChecker()
        var electedAt: Instant?
        Self.run(&quorum, until: .zero + .seconds(8), checker: &checker) { quorum in
            if electedAt == nil, !quorum.leaders.isEmpty { electedAt = quorum.world.now }
        }
        let elected = try #require(electedAt, "seed \(seed): no leader")
        #expect(elected < .zero + Self.config.electionTimeout * 4, "seed \(seed)")
        #expect(quorum.leaders.count == 1, "seed \(seed)")
        let current = quorum.currentLeader
        let leader = try #require(current)
        for voter in quorum.voters where voter != leader {
            #expect(quorum.raft(voter).election.leaderID == leader, "seed \(seed): \(voter) follows its leader")
        }
        #expect(quorum.raft(leader).highWatermark > Offset(40), "seed \(seed): proposals every 100 ms commit")
    }

    @Test(
        "killing the leader elects another within the failover bound, and committed records survive",
        arguments: 0..<20 as Range<UInt64>)
    func failover(seed: UInt64) throws {
        var quorum = RaftWorld(seed: seed)
        var checker = RaftSafetyChecker()
        Self.run(&quorum, until: .zero + .seconds(5), checker: &checker)
        let oldLeader = quorum.currentLeader
        let old = try #require(oldLeader, "seed \(seed)")
        let committedBefore = quorum.raft(old).highWatermark
        let committedLog = quorum.raft(old).log.records(from: Offset(0), maxCount: Int(committedBefore.rawValue))
        quorum.world.crash(old)
        let crashedAt = quorum.world.now
        var electedAt: Instant?
        Self.run(&quorum, until: crashedAt + .seconds(12), checker: &checker) { quorum in
            if electedAt == nil, quorum.currentLeader != nil { electedAt = quorum.world.now }
        }
        let elected = try #require(electedAt, "seed \(seed): no new leader")
        #expect(elected - crashedAt <= Self.failoverBound, "seed \(seed): failover took \(elected - crashedAt)")
        let elect = quorum.currentLeader
        let new = try #require(elect)
        #expect(new != old)
        let newLeader = quorum.raft(new)
        #expect(newLeader.highWatermark > committedBefore, "seed \(seed): the new leader commits its epoch")
        #expect(
            Array(newLeader.log.records(from: Offset(0), maxCount: committedLog.count)) == committedLog,
            "seed \(seed): the committed prefix survives")

        // The old leader comes back as a follower and catches up.
        quorum.world.restart(old)
        Self.run(&quorum, until: quorum.world.now + .seconds(5), checker: &checker)
        #expect(quorum.raft(old).election.leaderID == quorum.currentLeader, "seed \(seed)")
        #expect(quorum.raft(old).highWatermark > committedBefore, "seed \(seed)")
    }

    @Test(
        "a leader isolated with a minority cannot commit, resigns, and follows the new leader once healed",
        arguments: 0..<10 as Range<UInt64>)
    func isolatedLeader(seed: UInt64) throws {
        var quorum = RaftWorld(seed: seed)
        var checker = RaftSafetyChecker()
        Self.run(&quorum, until: .zero + .seconds(5), checker: &checker)
        let oldLeader = quorum.currentLeader
        let old = try #require(oldLeader, "seed \(seed)")
        let frozen = quorum.raft(old).highWatermark
        let oldEpoch = quorum.raft(old).election.epoch
        quorum.world.isolate(old)
        var resigned = false
        Self.run(&quorum, until: quorum.world.now + .seconds(8), checker: &checker) { quorum in
            let raft = quorum.raft(old)
            #expect(raft.highWatermark == frozen, "seed \(seed): the isolated leader's high watermark moved")
            if !raft.isLeader { resigned = true }
        }
        #expect(resigned, "seed \(seed): the isolated leader resigns after the check-quorum timeout")
        #expect(quorum.raft(old).log.endOffset > frozen, "seed \(seed): it kept appending its own proposals")
        let others = quorum.leaders.filter { $0 != old }
        let new = try #require(others.first, "seed \(seed): the majority elects a leader")
        #expect(quorum.raft(new).election.epoch > oldEpoch)

        quorum.world.rejoin(old)
        Self.run(&quorum, until: quorum.world.now + .seconds(5), checker: &checker)
        let current = quorum.currentLeader
        let leader = try #require(current)
        #expect(leader != old || quorum.raft(old).election.epoch > oldEpoch, "seed \(seed)")
        let leaderLog = quorum.raft(leader).log
        let rejoined = quorum.raft(old)
        #expect(rejoined.log.endOffset <= leaderLog.endOffset)
        #expect(
            rejoined.log.records(from: Offset(0), maxCount: 1_000_000)
                == leaderLog.records(from: Offset(0), maxCount: Int(rejoined.log.endOffset.rawValue)),
            "seed \(seed): the rejoined member dropped its uncommitted records")
    }

    @Test(
        "a voter that missed committed records never wins an election against one that has them",
        arguments: 0..<10 as Range<UInt64>)
    func shorterLogCannotWin(seed: UInt64) throws {
        var quorum = RaftWorld(seed: seed)
        var checker = RaftSafetyChecker()
        Self.run(&quorum, until: .zero + .seconds(5), checker: &checker)
        let current = quorum.currentLeader
        let leader = try #require(current)
        let others = quorum.voters.filter { $0 != leader }
        let (behind, ahead) = (others[0], others[1])
        // `behind` misses two seconds of records (less than the fetch timeout, so no election).
        quorum.world.isolate(behind)
        Self.run(&quorum, until: quorum.world.now + .milliseconds(1500), checker: &checker)
        #expect(quorum.raft(ahead).log.endOffset > quorum.raft(behind).log.endOffset)
        quorum.world.crash(leader)
        quorum.world.rejoin(behind)
        Self.run(&quorum, until: quorum.world.now + .seconds(12), checker: &checker) { quorum in
            #expect(!quorum.raft(behind).isLeader, "seed \(seed): the voter with the shorter log won")
        }
        #expect(quorum.currentLeader == ahead, "seed \(seed)")
    }

    @Test("proposals on a follower fail with the leader as a hint")
    func followerProposal() throws {
        var quorum = RaftWorld(seed: 3)
        quorum.world.run(until: .zero + .seconds(5))
        let current = quorum.currentLeader
        let leader = try #require(current)
        let followers = quorum.voters.filter { $0 != leader }
        let follower = try #require(followers.first)
        var copy = quorum.raft(follower)
        let epoch = copy.election.epoch
        #expect(copy.propose([1], at: quorum.world.now) == .failure(NotLeader(epoch: epoch, leaderHint: leader)))
    }

    @Test("observers replicate the log and learn the high watermark without counting towards it")
    func observersFollow() throws {
        var quorum = RaftWorld(seed: 11, observers: 2)
        var checker = RaftSafetyChecker()
        Self.run(&quorum, until: .zero + .seconds(6), checker: &checker)
        let current = quorum.currentLeader
        let leader = quorum.raft(try #require(current))
        for observer in quorum.observers {
            let raft = quorum.raft(observer)
            #expect(raft.role.name == "follower")
            #expect(raft.highWatermark > Offset(20))
            #expect(leader.highWatermark.distance(from: raft.highWatermark) <= 2, "\(observer) lags")
        }
    }
}
