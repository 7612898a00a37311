import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// Seed sweeps: random crashes, restarts, isolations, one-way cuts and slow links against a
/// quorum that proposes all the time, with the safety invariants checked after every event.
@Suite struct RaftSafetySweepTests {
    /// Kafka's timeouts scaled down threefold, so a run sees more elections per event.
    static let fastConfig = QuorumConfig(
        electionTimeout: .milliseconds(300), fetchTimeout: .milliseconds(600), electionBackoffMax: .milliseconds(300),
        requestTimeout: .milliseconds(600), fetchMaxWait: .milliseconds(150))

    /// Replays one seed: `RaftSafetySweepTests.run(seed: N)` (the failure messages name N).
    static func run(seed: UInt64, voters: Int = 3, faultyFor: Duration = .seconds(20)) -> (RaftWorld, RaftSafetyChecker)
    {
        let link = LinkConfig(latency: .microseconds(300), jitter: .milliseconds(2))
        var quorum = RaftWorld(
            seed: seed, voters: voters, observers: 1, link: link, config: fastConfig,
            proposalInterval: .milliseconds(50))
        var checker = RaftSafetyChecker()
        var faults = quorum.world.stream("faults")
        let members = quorum.voters + quorum.observers
        let end = Instant.zero + faultyFor
        var nextFault = Instant.zero + .milliseconds(Int64(200 + faults.next(below: 800)))
        while quorum.world.now < end {
            let stop = min(nextFault, end)
            quorum.run(until: stop, checker: &checker)
            guard stop == nextFault else { break }
            inject(&quorum, members: members, faults: &faults)
            nextFault = quorum.world.now + .milliseconds(Int64(50 + faults.next(below: 800)))
        }
        // Heal everything and let the quorum settle: it must elect a leader and agree again.
        quorum.world.healAll()
        for member in members where quorum.world.status(of: member) == .down { quorum.world.restart(member) }
        let settled = quorum.world.now + .seconds(6)
        quorum.run(until: settled, checker: &checker)
        return (quorum, checker)
    }

    private static func inject(_ quorum: inout RaftWorld, members: [NodeID], faults: inout SeededGenerator) {
        let member = members[Int(faults.next(below: UInt64(members.count)))]
        let other = members[Int(faults.next(below: UInt64(members.count)))]
        switch faults.next(below: 7) {
        case 0, 1:
            if quorum.world.status(of: member) == .down {
                quorum.world.restart(member)
            } else {
                quorum.world.crash(member)
            }
        case 2: quorum.world.isolate(member)
        case 3: quorum.world.rejoin(member)
        case 4: if member != other { quorum.world.partition(member, other, oneWay: faults.chance(0.5)) }
        case 5:
            quorum.world.setExtraDelay(
                Link(from: member, to: other), .milliseconds(Int64(faults.next(below: 300))))
        default: quorum.world.healAll()
        }
    }

    @Test(
        "over 100 seeds of crashes, partitions and latency there is at most one leader per epoch and one committed log",
        arguments: 0..<100 as Range<UInt64>)
    func safety(seed: UInt64) throws {
        let (quorum, checker) = Self.run(seed: seed)
        #expect(checker.committed.count > 10, "seed \(seed): replay with RaftSafetySweepTests.run(seed: \(seed))")
        // Once healed, exactly one leader remains and every voter has its committed log.
        let leaders = quorum.leaders
        #expect(leaders.count == 1, "seed \(seed): leaders after healing \(leaders)")
        for voter in quorum.voters {
            let raft = quorum.raft(voter)
            raft.log.checkInvariants()
            #expect(raft.highWatermark.rawValue > Int64(checker.committed.count) - 30, "seed \(seed): \(voter) lags")
        }
    }

    @Test(
        "five voters keep one leader per epoch and one committed log under faults", arguments: 0..<20 as Range<UInt64>)
    func fiveVoters(seed: UInt64) {
        let (_, checker) = Self.run(seed: seed, voters: 5)
        #expect(
            checker.committed.count > 10, "seed \(seed): replay with RaftSafetySweepTests.run(seed: \(seed), voters: 5)"
        )
    }

    @Test("the same seed gives the same trace digest and the same committed log")
    func determinism() {
        let (first, firstChecker) = Self.run(seed: 77, faultyFor: .seconds(6))
        let (second, secondChecker) = Self.run(seed: 77, faultyFor: .seconds(6))
        #expect(first.world.digest == second.world.digest)
        #expect(first.world.statistics == second.world.statistics)
        #expect(firstChecker.committed == secondChecker.committed)
        let (other, _) = Self.run(seed: 78, faultyFor: .seconds(6))
        #expect(other.world.digest != first.world.digest)
    }
}
