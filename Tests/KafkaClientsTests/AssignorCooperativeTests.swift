import KafkaClients
import KafkaCore
import Testing

@Suite struct AssignorCooperativeTests {
    typealias F = AssignorFixture
    let cooperative = CooperativeStickyAssignor()

    @Test("a joining member gets nothing until the others have revoked, then its fair share")
    func joinTakesTwoRounds() {
        var members = [
            F.member("a", ["t"], owned: AssignorStickyTests.partitions("t", 0...3), generation: 1),
            F.member("b", ["t"], owned: AssignorStickyTests.partitions("t", 4...7), generation: 1),
            F.member("c", ["t"], owned: AssignorStickyTests.partitions("t", 8...11), generation: 1),
            F.member("d", ["t"]),
        ]
        let first = F.partitions(cooperative.assign(members: members, partitionsPerTopic: ["t": 12]))
        #expect(first["a"] == AssignorStickyTests.partitions("t", 0...2))
        #expect(first["d"] == [])
        members = members.map { member in
            var copy = member
            copy.subscription.ownedPartitions = first[member.memberID] ?? []
            copy.subscription.generationID = 2
            return copy
        }
        let second = F.partitions(cooperative.assign(members: members, partitionsPerTopic: ["t": 12]))
        #expect(second["d"] == [F.tp("t", 3), F.tp("t", 7), F.tp("t", 11)])
        #expect(second["a"] == AssignorStickyTests.partitions("t", 0...2))
    }

    @Test("a partition still claimed by a stale owner is held back even when the newer claim wins")
    func staleClaimHeldBack() {
        let result = cooperative.assign(
            members: [
                F.member("a", ["t"], owned: [F.tp("t", 0)], generation: 1),
                F.member("b", ["t"], owned: [F.tp("t", 0)], generation: 2),
            ],
            partitionsPerTopic: ["t": 2])
        // b keeps t-0 (it owns it), a must revoke it; t-1 is free and goes to a.
        #expect(F.partitions(result) == ["a": [F.tp("t", 1)], "b": [F.tp("t", 0)]])
    }

    @Test("randomized two-round rebalances never give a partition two owners and reach the sticky assignment")
    func randomizedTwoRounds() {
        let seed: UInt64 = 0xC0_0BE7
        print("AssignorCooperativeTests.randomizedTwoRounds seed \(seed)")
        var generator = SeededGenerator(seed: seed)
        for round in 0..<300 {
            var simulation = CooperativeSimulation.random(&generator, equalSubscriptions: round % 3 != 0)
            let context = "seed \(seed) round \(round)"
            let target = StickyAssignor().assign(members: simulation.members(), partitionsPerTopic: simulation.counts)
            let first = simulation.rebalance()
            #expect(simulation.problems.isEmpty, "\(context): \(simulation.problems)")
            for (memberID, assignment) in first {
                #expect(Set(assignment.partitions).isSubset(of: target[memberID]?.partitions ?? []), "\(context)")
            }
            let second = simulation.rebalance()
            #expect(simulation.problems.isEmpty, "\(context): \(simulation.problems)")
            let members = simulation.members()
            let problems = F.validityProblems(second, members: members, partitionsPerTopic: simulation.counts)
            #expect(problems.isEmpty, "\(context): \(problems)")
            #expect(
                second == StickyAssignor().assign(members: members, partitionsPerTopic: simulation.counts), "\(context)"
            )
            if round % 3 != 0 {
                #expect(simulation.revokedLastRound == 0, "\(context): round 2 still revoked partitions")
                let sizes = second.values.map(\.partitions.count)
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "\(context)")
                #expect(simulation.rebalance() == second, "\(context): round 3 changed the assignment")
            } else {
                // Different subscriptions may need further rounds; they still settle, one owner each time.
                var rounds = 2
                while simulation.revokedLastRound > 0 && rounds < 8 {
                    _ = simulation.rebalance()
                    rounds += 1
                }
                #expect(simulation.revokedLastRound == 0 && simulation.problems.isEmpty, "\(context): \(rounds) rounds")
            }
        }
    }
}

/// A group of cooperative consumers going through rebalances: each member adds what it is newly
/// assigned and revokes what it lost, additions first (the worst order for overlap), while a
/// per-partition owner map records any moment with two owners.
struct CooperativeSimulation {
    typealias F = AssignorFixture
    var topicsByMember: [String: [String]]
    var instanceByMember: [String: String]
    var counts: [String: Int32]
    var owned: [String: [TopicPartition]] = [:]
    var owner: [TopicPartition: String] = [:]
    var generation: Int32 = 1
    var problems: [String] = []
    var revokedLastRound = 0

    /// A stable group (built by eager sticky), then a change: members leave, join, or topics grow.
    static func random(_ generator: inout SeededGenerator, equalSubscriptions: Bool) -> CooperativeSimulation {
        let topics = ["a", "b", "c"].prefix(F.draw(1...3, &generator))
        var counts: [String: Int32] = [:]
        for topic in topics { counts[topic] = Int32(F.draw(1...10, &generator)) }
        var simulation = CooperativeSimulation(topicsByMember: [:], instanceByMember: [:], counts: counts)
        for index in 0..<F.draw(1...5, &generator) {
            simulation.join("m\(index)", Array(topics), equalSubscriptions, &generator)
        }
        let stable = StickyAssignor().assign(members: simulation.members(), partitionsPerTopic: counts)
        for (memberID, assignment) in stable {
            simulation.owned[memberID] = assignment.partitions
            for partition in assignment.partitions { simulation.owner[partition] = memberID }
        }
        for memberID in simulation.topicsByMember.keys.sorted() where generator.next(below: 4) == 0 {
            simulation.leave(memberID)
        }
        for index in 0..<F.draw(0...3, &generator) {
            simulation.join("n\(index)", Array(topics), equalSubscriptions, &generator)
        }
        if generator.next(below: 3) == 0, let topic = topics.first {
            simulation.counts[topic, default: 0] += Int32(F.draw(1...4, &generator))
        }
        if simulation.topicsByMember.isEmpty { simulation.join("last", Array(topics), equalSubscriptions, &generator) }
        return simulation
    }

    mutating func join(_ memberID: String, _ topics: [String], _ equal: Bool, _ generator: inout SeededGenerator) {
        let subset = topics.filter { _ in generator.next(below: 2) == 0 }
        topicsByMember[memberID] = equal ? topics : (subset.isEmpty ? [topics[0]] : subset)
        if generator.next(below: 3) == 0 { instanceByMember[memberID] = "i-\(memberID)" }
    }

    /// A member leaving releases its partitions (LeaveGroup or session expiry, then a rebalance).
    mutating func leave(_ memberID: String) {
        for partition in owned[memberID] ?? [] { owner[partition] = nil }
        owned[memberID] = nil
        topicsByMember[memberID] = nil
    }

    func members() -> [AssignorMember] {
        topicsByMember.keys.sorted().map { memberID in
            F.member(
                memberID, topicsByMember[memberID] ?? [], instance: instanceByMember[memberID],
                owned: owned[memberID] ?? [], generation: generation)
        }
    }

    /// One cooperative rebalance: assign, then every member adds and revokes.
    mutating func rebalance() -> [String: Assignment] {
        let result = CooperativeStickyAssignor().assign(members: members(), partitionsPerTopic: counts)
        generation += 1
        revokedLastRound = 0
        for memberID in topicsByMember.keys.sorted() {
            let mine = Set(owned[memberID] ?? [])
            for partition in result[memberID]?.partitions ?? [] where !mine.contains(partition) {
                if let current = owner[partition] {
                    problems.append("\(partition) added to \(memberID) while \(current) owns it")
                }
                owner[partition] = memberID
            }
        }
        for memberID in topicsByMember.keys.sorted() {
            let assigned = Set(result[memberID]?.partitions ?? [])
            for partition in owned[memberID] ?? [] where !assigned.contains(partition) {
                if owner[partition] == memberID { owner[partition] = nil }
                revokedLastRound += 1
            }
            owned[memberID] = result[memberID]?.partitions ?? []
        }
        return result
    }
}
