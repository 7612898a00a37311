import KafkaClients
import KafkaCore
import Testing

@Suite struct AssignorStickyTests {
    typealias F = AssignorFixture
    let sticky = StickyAssignor()

    static func partitions(_ topic: String, _ numbers: ClosedRange<Int32>) -> [TopicPartition] {
        numbers.map { TopicPartition(topic, $0) }
    }

    @Test("a fresh group with equal subscriptions gets counts within one")
    func freshBalanced() {
        let members = ["a", "b", "c"].map { F.member($0, ["t", "u"]) }
        let counts: [String: Int32] = ["t": 4, "u": 3]
        let result = sticky.assign(members: members, partitionsPerTopic: counts)
        #expect(F.validityProblems(result, members: members, partitionsPerTopic: counts).isEmpty)
        #expect(result.values.map(\.partitions.count).sorted() == [2, 2, 3])
    }

    @Test("a member joining takes one partition from each of three members and nothing else moves")
    func memberJoins() {
        let members = [
            F.member("a", ["t"], owned: Self.partitions("t", 0...3), generation: 1),
            F.member("b", ["t"], owned: Self.partitions("t", 4...7), generation: 1),
            F.member("c", ["t"], owned: Self.partitions("t", 8...11), generation: 1), F.member("d", ["t"]),
        ]
        let result = F.partitions(sticky.assign(members: members, partitionsPerTopic: ["t": 12]))
        #expect(result["a"] == Self.partitions("t", 0...2))
        #expect(result["b"] == Self.partitions("t", 4...6))
        #expect(result["c"] == Self.partitions("t", 8...10))
        #expect(result["d"] == [F.tp("t", 3), F.tp("t", 7), F.tp("t", 11)])
    }

    @Test("a member leaving hands out only its own partitions")
    func memberLeaves() {
        let members = [
            F.member("a", ["t"], owned: Self.partitions("t", 0...2), generation: 4),
            F.member("b", ["t"], owned: Self.partitions("t", 3...5), generation: 4),
            F.member("c", ["t"], owned: Self.partitions("t", 6...8), generation: 4),
        ]
        let result = F.partitions(sticky.assign(members: members, partitionsPerTopic: ["t": 12]))
        #expect(result["a"] == Self.partitions("t", 0...2) + [F.tp("t", 9)])
        #expect(result["b"] == Self.partitions("t", 3...5) + [F.tp("t", 10)])
        #expect(result["c"] == Self.partitions("t", 6...8) + [F.tp("t", 11)])
    }

    @Test("a claim from a higher generation beats a stale one")
    func highestGenerationWins() {
        let counts: [String: Int32] = ["t": 4]
        let newer = sticky.assign(
            members: [
                F.member("a", ["t"], owned: [F.tp("t", 0)], generation: 3),
                F.member("b", ["t"], owned: [F.tp("t", 0), F.tp("t", 1)], generation: 2),
            ],
            partitionsPerTopic: counts)
        #expect(newer["a"]?.partitions.contains(F.tp("t", 0)) == true)
        #expect(newer["b"]?.partitions.contains(F.tp("t", 1)) == true)
        let older = sticky.assign(
            members: [
                F.member("a", ["t"], owned: [F.tp("t", 0)], generation: 1),
                F.member("b", ["t"], owned: [F.tp("t", 0), F.tp("t", 1)], generation: 2),
            ],
            partitionsPerTopic: counts)
        #expect(older["b"]?.partitions == [F.tp("t", 0), F.tp("t", 1)])
    }

    @Test("two claims in the same generation both lose the partition")
    func sameGenerationConflict() {
        let result = sticky.assign(
            members: [
                F.member("a", ["t"], owned: [F.tp("t", 0), F.tp("t", 1)], generation: 2),
                F.member("b", ["t"], owned: [F.tp("t", 0)], generation: 2),
            ],
            partitionsPerTopic: ["t": 2])
        #expect(F.partitions(result) == ["a": [F.tp("t", 1)], "b": [F.tp("t", 0)]])
    }

    @Test("partitions of topics a member no longer subscribes to are given away")
    func unsubscribedOwnedPartitions() {
        let members = [
            F.member("a", ["t"], owned: [F.tp("t", 0), F.tp("u", 0)], generation: 1),
            F.member("b", ["t", "u"], owned: [F.tp("t", 1)], generation: 1),
        ]
        let counts: [String: Int32] = ["t": 2, "u": 1]
        let result = sticky.assign(members: members, partitionsPerTopic: counts)
        #expect(F.partitions(result) == ["a": [F.tp("t", 0)], "b": [F.tp("t", 1), F.tp("u", 0)]])
    }

    @Test("randomized groups: every partition once, balanced, and the most stickiness balance allows")
    func randomizedProperties() {
        let seed: UInt64 = 0x5EED_0001
        print("AssignorStickyTests.randomizedProperties seed \(seed)")
        var generator = SeededGenerator(seed: seed)
        for round in 0..<300 {
            let context = "seed \(seed) round \(round)"
            let scenario = StickyScenario.random(&generator, equalSubscriptions: round % 2 == 0)
            let result = sticky.assign(members: scenario.members, partitionsPerTopic: scenario.counts)
            let problems = F.validityProblems(result, members: scenario.members, partitionsPerTopic: scenario.counts)
            #expect(problems.isEmpty, "\(context): \(problems)")
            #expect(scenario.balanceProblems(result).isEmpty, "\(context): \(scenario.balanceProblems(result))")
            if round % 2 == 0 {
                #expect(scenario.keptCount(result) == scenario.mostKeptWhenEqual(), "\(context)")
            }
            // An assignment fed back as ownership is kept as it is.
            let again = sticky.assign(
                members: scenario.owning(result, generation: 9), partitionsPerTopic: scenario.counts)
            #expect(again == result, "\(context): not a fixed point")
            let shuffled = F.shuffled(scenario.members, &generator)
            #expect(sticky.assign(members: shuffled, partitionsPerTopic: scenario.counts) == result, "\(context)")
        }
    }
}

/// A random group with random previous ownership, for the sticky property tests.
struct StickyScenario {
    typealias F = AssignorFixture
    var members: [AssignorMember]
    var counts: [String: Int32]

    static func random(_ generator: inout SeededGenerator, equalSubscriptions: Bool) -> StickyScenario {
        let topics = ["a", "b", "c"].prefix(F.draw(1...3, &generator))
        var counts: [String: Int32] = [:]
        for topic in topics { counts[topic] = Int32(F.draw(0...9, &generator)) }
        let memberCount = F.draw(1...6, &generator)
        var subscriptions: [[String]] = []
        for _ in 0..<memberCount {
            let subset = topics.filter { _ in generator.next(below: 2) == 0 }
            subscriptions.append(equalSubscriptions ? Array(topics) : (subset.isEmpty ? [topics[0]] : subset))
        }
        // Previous owners: a current member, a departed one ("gone"), or nobody; one generation.
        var owned: [[TopicPartition]] = Array(repeating: [], count: memberCount)
        for topic in topics.sorted() {
            for number in 0..<(counts[topic] ?? 0) {
                let owner = Int(generator.next(below: UInt64(memberCount + 2)))
                if owner < memberCount { owned[owner].append(TopicPartition(topic, number)) }
            }
        }
        let members = (0..<memberCount).map { index in
            F.member(
                "m\(index)", subscriptions[index], instance: index % 3 == 1 ? "static-\(index)" : nil,
                owned: owned[index], generation: 1)
        }
        return StickyScenario(members: members, counts: counts)
    }

    /// The same members, now owning `result` in `generation`.
    func owning(_ result: [String: Assignment], generation: Int32) -> [AssignorMember] {
        members.map { member in
            var copy = member
            copy.subscription.ownedPartitions = result[member.memberID]?.partitions ?? []
            copy.subscription.generationID = generation
            return copy
        }
    }

    /// Kafka's `isBalanced`: no member holds a partition that a member with two fewer could take.
    func balanceProblems(_ result: [String: Assignment]) -> [String] {
        var problems: [String] = []
        for holder in members {
            let held = result[holder.memberID]?.partitions ?? []
            for partition in held {
                for other in members where other.subscription.topics.contains(partition.topic) {
                    let otherCount = result[other.memberID]?.partitions.count ?? 0
                    if held.count > otherCount + 1 {
                        problems.append(
                            "\(holder.memberID) holds \(held.count) incl. \(partition); \(other.memberID) \(otherCount)"
                        )
                    }
                }
            }
        }
        return problems
    }

    /// How many previously owned partitions stayed with their owner.
    func keptCount(_ result: [String: Assignment]) -> Int {
        members.reduce(0) { total, member in
            let owned = Set(member.subscription.ownedPartitions)
            return total + (result[member.memberID]?.partitions.filter { owned.contains($0) }.count ?? 0)
        }
    }

    /// With equal subscriptions and one owner per partition: each member can keep up to
    /// `n / m`, and `n % m` members that own more can keep one more.
    func mostKeptWhenEqual() -> Int {
        let total = Int(members[0].subscription.topics.reduce(0) { $0 + (counts[$1] ?? 0) })
        let minQuota = total / members.count
        let owned = members.map(\.subscription.ownedPartitions.count)
        return owned.reduce(0) { $0 + min($1, minQuota) }
            + min(total % members.count, owned.filter { $0 > minQuota }.count)
    }
}
