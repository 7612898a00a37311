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
}
