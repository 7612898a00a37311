import KafkaClients
import Testing

@Suite struct Murmur2Tests {
    /// Kafka's own vectors (`UtilsTest.testMurmur2`), reference Appendix A.
    @Test(
        "murmur2 matches Kafka's vectors",
        arguments: [
            ("21", -973_932_308), ("foobar", -790_332_482), ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971), ("abc", 479_470_107),
        ] as [(String, Int32)])
    func vectors(input: String, expected: Int32) {
        #expect(Murmur2.hash(Array(input.utf8)) == expected)
    }

    @Test(
        "keyed records land where Kafka's default partitioner puts them",
        arguments: [("foobar", 3, 0), ("21", 6, 0), ("abc", 10, 7), ("key-1", 12, 0)] as [(String, Int32, Int32)])
    func partitions(key: String, count: Int32, expected: Int32) {
        #expect(Murmur2.partition(forKey: Array(key.utf8), partitionCount: count) == expected)
    }
}
