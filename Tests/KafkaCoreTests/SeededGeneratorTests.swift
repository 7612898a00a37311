import KafkaCore
import Testing

@Suite struct SeededGeneratorTests {
    @Test("the same seed gives the same sequence; another seed a different one")
    func replayable() {
        var a = SeededGenerator(seed: 7)
        var b = SeededGenerator(seed: 7)
        var c = SeededGenerator(seed: 8)
        let first = (0..<16).map { _ in a.next() }
        #expect(first == (0..<16).map { _ in b.next() })
        #expect(first != (0..<16).map { _ in c.next() })
    }

    @Test("the sequence is pinned, so runs replay across processes and releases")
    func pinned() {
        // Pinned values: Swift seeds its hashing per process, so a generator that leaned on it
        // would pass a same-process comparison and still break replay. A change here breaks
        // every recorded drill and sweep seed.
        var generator = SeededGenerator(seed: 0)
        #expect(
            (0..<3).map { _ in generator.next() } == [
                11_091_344_671_253_066_420, 13_793_997_310_169_335_082, 1_900_383_378_846_508_768,
            ])
        var stream = SeededGenerator(seed: 42).stream("network")
        #expect((0..<2).map { _ in stream.next() } == [2_149_569_170_360_809_367, 5_961_394_860_567_696_842])
    }

    @Test("named streams are independent of each other and of draws on the root")
    func streams() {
        let root = SeededGenerator(seed: 99)
        var network = root.stream("network")
        var workload = root.stream("workload")
        var networkAgain = root.stream("network")
        let n = (0..<8).map { _ in network.next() }
        #expect(n == (0..<8).map { _ in networkAgain.next() })
        #expect(n != (0..<8).map { _ in workload.next() })
    }
}
