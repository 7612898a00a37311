import KafkaCore
import Testing

@testable import Scenarios

@Suite struct KeySamplerTests {
    @Test("the hand-rolled logarithm and exponential agree with known values")
    func math() {
        #expect(abs(KeySampler.naturalLogarithm(1)) < 1e-15)
        #expect(abs(KeySampler.naturalLogarithm(2) - 0.693_147_180_559_945_3) < 1e-15)
        #expect(abs(KeySampler.naturalLogarithm(1000) - 6.907_755_278_982_137) < 1e-12)
        #expect(abs(KeySampler.exponential(1) - 2.718_281_828_459_045) < 1e-15)
        #expect(abs(KeySampler.power(10, -2) - 0.01) < 1e-16)
        #expect(abs(KeySampler.power(2, 0.5) - 1.414_213_562_373_095_1) < 1e-15)
    }

    @Test("uniform keys stay in range; none has no key; the same seed draws the same keys")
    func uniformAndRepeatable() {
        var random = SeededGenerator(seed: 1)
        let uniform = KeySampler(.uniform(keys: 7))
        let keys = (0..<2000).compactMap { _ in uniform.nextKey(using: &random) }
        #expect(Set(keys) == Set((1...7).map(KeySampler.name(ofKey:))))
        #expect(KeySampler(.none).nextKey(using: &random) == nil)
        var first = SeededGenerator(seed: 9)
        var second = SeededGenerator(seed: 9)
        let zipf = KeySampler(.zipf(keys: 1000, exponent: 1.2))
        #expect(
            (0..<100).map { _ in zipf.nextKey(using: &first) } == (0..<100).map { _ in zipf.nextKey(using: &second) })
    }

    @Test("zipf makes the first key the commonest, about 1/H(n) of the draws for exponent 1")
    func zipf() {
        var random = SeededGenerator(seed: 2)
        let sampler = KeySampler(.zipf(keys: 100, exponent: 1))
        var counts: [String: Int] = [:]
        for _ in 0..<20_000 { counts[sampler.nextKey(using: &random) ?? "", default: 0] += 1 }
        let first = counts["key-1", default: 0]
        // H(100) ≈ 5.187, so key-1 takes about 19.3% and key-2 about 9.6%.
        #expect(first > 3500 && first < 4200)
        #expect(counts["key-2", default: 0] > 1700 && counts["key-2", default: 0] < 2200)
        #expect(counts.keys.allSatisfy { $0.hasPrefix("key-") })
    }

    @Test("a hot key takes its share; the rest spread over the other keys")
    func hot() {
        var random = SeededGenerator(seed: 3)
        let sampler = KeySampler(.hot(key: "device-7", share: 0.7, otherKeys: 50))
        let keys = (0..<10_000).compactMap { _ in sampler.nextKey(using: &random) }
        let hot = keys.filter { $0 == "device-7" }.count
        #expect(hot > 6800 && hot < 7200)
        #expect(Set(keys).count == 51)
    }
}
