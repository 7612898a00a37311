import KafkaClients
import KafkaCore
import Testing

@Suite struct AssignorRoundRobinTests {
    typealias F = AssignorFixture
    let roundRobin = RoundRobinAssignor()

    @Test("two consumers and two topics of three partitions are dealt as Kafka's RoundRobinAssignor does")
    func kafkaExample() {
        let result = roundRobin.assign(
            members: [F.member("c1", ["t0", "t1"]), F.member("c0", ["t0", "t1"])],
            partitionsPerTopic: ["t0": 3, "t1": 3])
        #expect(
            F.partitions(result) == [
                "c0": [F.tp("t0", 0), F.tp("t0", 2), F.tp("t1", 1)],
                "c1": [F.tp("t0", 1), F.tp("t1", 0), F.tp("t1", 2)],
            ])
    }

    @Test("the dealer skips members not subscribed to a partition's topic")
    func skipsUnsubscribed() {
        let members = [F.member("c1", ["t1"]), F.member("c2", ["t1", "t2"]), F.member("c3", ["t1"])]
        let result = roundRobin.assign(members: members, partitionsPerTopic: ["t1": 3, "t2": 2])
        #expect(
            F.partitions(result) == [
                "c1": [F.tp("t1", 0)], "c2": [F.tp("t1", 1), F.tp("t2", 0), F.tp("t2", 1)], "c3": [F.tp("t1", 2)],
            ])
    }

    @Test("static members are dealt first, by instance id")
    func staticMembersFirst() {
        let result = roundRobin.assign(
            members: [F.member("a", ["t"]), F.member("b", ["t"], instance: "z"), F.member("c", ["t"], instance: "y")],
            partitionsPerTopic: ["t": 4])
        #expect(F.partitions(result) == ["c": [F.tp("t", 0), F.tp("t", 3)], "b": [F.tp("t", 1)], "a": [F.tp("t", 2)]])
    }

    @Test("more members than partitions leaves the last members empty")
    func moreMembersThanPartitions() {
        let result = roundRobin.assign(
            members: [F.member("c0", ["t"]), F.member("c1", ["t"]), F.member("c2", ["t"])], partitionsPerTopic: ["t": 2]
        )
        #expect(F.partitions(result) == ["c0": [F.tp("t", 0)], "c1": [F.tp("t", 1)], "c2": []])
    }

    @Test("equal subscriptions give counts within one, whatever the member order")
    func balancedAndOrderIndependent() {
        let seed: UInt64 = 11
        var generator = SeededGenerator(seed: seed)
        let members = (0..<5).map { F.member("m\($0)", ["a", "b", "c"]) }
        let counts: [String: Int32] = ["a": 7, "b": 4, "c": 9]
        let expected = roundRobin.assign(members: members, partitionsPerTopic: counts)
        let sizes = expected.values.map(\.partitions.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        #expect(F.validityProblems(expected, members: members, partitionsPerTopic: counts).isEmpty)
        for _ in 0..<20 {
            #expect(
                roundRobin.assign(members: F.shuffled(members, &generator), partitionsPerTopic: counts) == expected,
                "seed \(seed)")
        }
    }
}
