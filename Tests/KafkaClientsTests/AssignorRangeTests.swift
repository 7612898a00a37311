import KafkaClients
import KafkaCore
import Testing

@Suite struct AssignorRangeTests {
    typealias F = AssignorFixture
    let range = RangeAssignor()

    @Test("two consumers and two topics of three partitions split as Kafka's RangeAssignor does")
    func kafkaExample() {
        let result = range.assign(
            members: [F.member("c1", ["t0", "t1"]), F.member("c0", ["t0", "t1"])],
            partitionsPerTopic: ["t0": 3, "t1": 3])
        #expect(
            F.partitions(result) == [
                "c0": [F.tp("t0", 0), F.tp("t0", 1), F.tp("t1", 0), F.tp("t1", 1)],
                "c1": [F.tp("t0", 2), F.tp("t1", 2)],
            ])
    }

    @Test("ranges are cut per topic over the members subscribed to it")
    func mixedTopics() {
        let members = [F.member("c1", ["t1"]), F.member("c2", ["t1", "t2"]), F.member("c3", ["t1"])]
        let result = range.assign(members: members, partitionsPerTopic: ["t1": 3, "t2": 2])
        #expect(
            F.partitions(result) == [
                "c1": [F.tp("t1", 0)], "c2": [F.tp("t1", 1), F.tp("t2", 0), F.tp("t2", 1)], "c3": [F.tp("t1", 2)],
            ])
    }

    @Test("static members come first by instance id, so a restart with a new member id changes nothing")
    func staticMembersFirst() {
        let before = range.assign(
            members: [
                F.member("a", ["t"]), F.member("z-1", ["t"], instance: "i2"), F.member("y-1", ["t"], instance: "i1"),
            ],
            partitionsPerTopic: ["t": 5])
        #expect(
            F.partitions(before) == [
                "y-1": [F.tp("t", 0), F.tp("t", 1)], "z-1": [F.tp("t", 2), F.tp("t", 3)], "a": [F.tp("t", 4)],
            ])
        let after = range.assign(
            members: [
                F.member("a", ["t"]), F.member("z-1", ["t"], instance: "i2"), F.member("0-new", ["t"], instance: "i1"),
            ],
            partitionsPerTopic: ["t": 5])
        #expect(after["0-new"]?.partitions == before["y-1"]?.partitions)
        #expect(after["a"]?.partitions == before["a"]?.partitions)
    }

    @Test("more members than partitions leaves the last members empty")
    func moreMembersThanPartitions() {
        let result = range.assign(
            members: [F.member("c0", ["t"]), F.member("c1", ["t"]), F.member("c2", ["t"])], partitionsPerTopic: ["t": 2]
        )
        #expect(F.partitions(result) == ["c0": [F.tp("t", 0)], "c1": [F.tp("t", 1)], "c2": []])
    }

    @Test("members subscribed to nothing known get an empty assignment, and unknown topics are skipped")
    func unsubscribedAndUnknown() {
        let result = range.assign(
            members: [F.member("c0", ["t", "missing"]), F.member("c1", ["other"]), F.member("c2", [])],
            partitionsPerTopic: ["t": 2, "other": 1, "unused": 4])
        #expect(F.partitions(result) == ["c0": [F.tp("t", 0), F.tp("t", 1)], "c1": [F.tp("other", 0)], "c2": []])
        #expect(range.assign(members: [], partitionsPerTopic: ["t": 2]).isEmpty)
    }

    @Test("the result does not depend on the order of the members")
    func orderIndependent() {
        let seed: UInt64 = 7
        var generator = SeededGenerator(seed: seed)
        let members = (0..<7).map {
            F.member("m\($0)", $0 % 2 == 0 ? ["a", "b"] : ["b", "c"], instance: $0 % 3 == 0 ? "s\($0)" : nil)
        }
        let counts: [String: Int32] = ["a": 5, "b": 11, "c": 3]
        let expected = range.assign(members: members, partitionsPerTopic: counts)
        for _ in 0..<20 {
            #expect(
                range.assign(members: F.shuffled(members, &generator), partitionsPerTopic: counts) == expected,
                "seed \(seed)")
        }
        #expect(F.validityProblems(expected, members: members, partitionsPerTopic: counts).isEmpty)
    }

    @Test("assignors are found by their protocol names")
    func registry() {
        #expect(Assignors.all.map(\.name) == ["range", "roundrobin", "sticky", "cooperative-sticky"])
        #expect(Assignors.named("cooperative-sticky")?.rebalanceProtocol == .cooperative)
        #expect(Assignors.named("range")?.rebalanceProtocol == .eager)
        #expect(Assignors.named("uniform") == nil)
    }
}
