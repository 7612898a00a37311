import KafkaCore
import Testing

@Suite struct TraceDigestTests {
    @Test("the digest of a fixed input is pinned, so it is the same in every process")
    func pinned() {
        // Cross-checked against an independent implementation of the documented encoding.
        var digest = TraceDigest()
        #expect(digest.description == "ef46db3751d8e999")
        digest.combine(UInt64(1))
        digest.combine("kafka")
        digest.combine(NodeID.broker(BrokerID(3)))
        digest.combine(Instant(microseconds: -5))
        #expect(digest.description == "a5dc7afa9a347ed7")
        #expect(digest.wordCount == 5)
    }

    @Test("the order of values changes the digest")
    func order() {
        var forwards = TraceDigest()
        forwards.combine(UInt64(1))
        forwards.combine(UInt64(2))
        var backwards = TraceDigest()
        backwards.combine(UInt64(2))
        backwards.combine(UInt64(1))
        #expect(forwards != backwards)
    }

    @Test("strings are length-prefixed, so splitting them differently changes the digest")
    func lengthPrefix() {
        var ab = TraceDigest()
        ab.combine("ab")
        ab.combine("c")
        var a = TraceDigest()
        a.combine("a")
        a.combine("bc")
        #expect(ab != a)
    }

    @Test("an absent optional differs from a present zero")
    func optionals() {
        var none = TraceDigest()
        none.combine(Int?.none)
        var zero = TraceDigest()
        zero.combine(Int?.some(0))
        #expect(none != zero)
    }

    /// The documented encoding, one byte at a time: the length, then the bytes packed
    /// little-endian eight to a word, the last word zero-padded.
    private static func referenceWords(_ bytes: [UInt8]) -> [UInt64] {
        var words: [UInt64] = [UInt64(bytes.count)]
        for start in stride(from: 0, to: bytes.count, by: 8) {
            var word: UInt64 = 0
            for (index, byte) in bytes[start..<min(start + 8, bytes.count)].enumerated() {
                word |= UInt64(byte) << (8 * UInt64(index))
            }
            words.append(word)
        }
        return words
    }

    @Test(
        "strings and byte runs fold in their length then their bytes eight to a word, whatever the tail",
        arguments: [
            "", "a", "abcdefg", "abcdefgh", "abcdefghi", "orders", "order-events", "abcdefghijklmno",
            "abcdefghijklmnop", "abcdefghijklmnopq", "__consumer_offsets", "héllo wörld ✓", "日本語のトピック名",
        ])
    func byteRuns(string: String) {
        var expected = TraceDigest()
        let words = Self.referenceWords(Array(string.utf8))
        for word in words { expected.combine(word) }
        var viaString = TraceDigest()
        viaString.combine(string)
        var viaArray = TraceDigest()
        viaArray.combine(bytes: Array(string.utf8))
        var viaSequence = TraceDigest()
        viaSequence.combine(bytes: string.utf8.lazy.map { $0 })
        #expect(viaString.value == expected.value)
        #expect(viaString.wordCount == UInt64(words.count))
        #expect(viaArray.value == expected.value)
        #expect(viaSequence.value == expected.value)
    }
}
