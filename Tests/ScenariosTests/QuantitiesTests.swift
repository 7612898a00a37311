import KafkaCluster
import KafkaCore
import Testing

@testable import Scenarios

@Suite struct QuantitiesTests {
    @Test(
        "durations: a number and a unit, exact to the microsecond",
        arguments: [
            ("250ms", Int64(250_000)), ("30s", 30_000_000), ("1.5s", 1_500_000), ("2m", 120_000_000),
            ("1h", 3_600_000_000), ("7d", 604_800_000_000), ("500us", 500), ("0s", 0), ("0.25ms", 250),
            ("6m30s", 390_000_000), ("1h15m", 4_500_000_000), ("1s500ms", 1_500_000), ("1m0.5s", 60_500_000),
        ])
    func durations(text: String, microseconds: Int64) {
        #expect(Quantities.duration(text) == Duration(microseconds: microseconds))
    }

    @Test(
        "not durations",
        arguments: [
            "30", "s", "1.s", ".5s", "1..5s", "-1s", "1 s", "1S", "1.0000001s", "3y", "30s6m", "1m1m", "1.5m30s",
            "6m30", "", "m30s",
        ])
    func notDurations(text: String) {
        #expect(Quantities.duration(text) == nil)
    }

    @Test(
        "sizes: decimal and binary units, any case",
        arguments: [
            ("200B", Int64(200)), ("1KiB", 1024), ("1KB", 1000), ("1MB", 1_000_000), ("1MiB", 1_048_576),
            ("2GiB", 2_147_483_648), ("1.5KiB", 1536), ("4kb", 4000),
        ])
    func sizes(text: String, bytes: Int64) {
        #expect(Quantities.size(text) == bytes)
    }

    @Test("rates, percentages, factors")
    func others() {
        #expect(Quantities.rate("200/s") == 200)
        #expect(Quantities.rate("12k/s") == 12_000)
        #expect(Quantities.rate("30/m") == 0.5)
        #expect(Quantities.rate("3600/h") == 1)
        #expect(Quantities.rate("200") == nil)
        #expect(Quantities.rate("200/d") == nil)
        #expect(Quantities.percentage("30%") == 0.3)
        #expect(Quantities.percentage("100%") == 1)
        #expect(Quantities.percentage("101%") == nil)
        #expect(Quantities.factor("5x") == 5)
        #expect(Quantities.factor("0x") == nil)
        #expect(Quantities.bandwidth("1MiB/s") == 1_048_576)
    }

    @Test("durations, sizes and rates print in their shortest exact form")
    func printing() {
        #expect(Quantities.text(Duration.seconds(120)) == "2m")
        #expect(Quantities.text(Duration.seconds(90)) == "90s")
        #expect(Quantities.text(Duration.milliseconds(1500)) == "1500ms")
        #expect(Quantities.text(Duration(microseconds: 7)) == "7us")
        #expect(Quantities.text(bytes: 1_048_576) == "1MiB")
        #expect(Quantities.text(bytes: 1_000_000) == "1MB")
        #expect(Quantities.text(bytes: 100) == "100B")
        #expect(Quantities.text(recordsPerSecond: 0.5) == "0.5/s")
        #expect(Quantities.text(fraction: 0.3) == "30%")
    }

    @Test("the topic configs a scenario accepts are exactly the ones CreateTopics understands")
    func topicConfigNames() {
        #expect(TopicConfigName.all.map(\.name).sorted() == TopicConfig.knownNames.sorted())
    }

    @Test(
        "config values normalize to Kafka's form",
        arguments: [
            ("retention.ms", "1d", "86400000"), ("retention.ms", "-1", "-1"), ("segment.bytes", "1MiB", "1048576"),
            ("segment.bytes", "4096", "4096"), ("cleanup.policy", "delete,compact", "compact,delete"),
            ("unclean.leader.election.enable", "true", "true"),
        ])
    func normalization(name: String, value: String, kafka: String) throws {
        #expect(try #require(TopicConfigName.named(name)).normalize(value) == kafka)
    }

    @Test("a rate's shape is a factor over time")
    func shapes() {
        let wave = RateShape.wave(period: .seconds(60), amplitude: 0.3)
        #expect(wave.factor(at: .zero, baseRate: 100) == 1)
        #expect(abs(wave.factor(at: .seconds(15), baseRate: 100) - 1.3) < 0.01)
        #expect(abs(wave.factor(at: .seconds(45), baseRate: 100) - 0.7) < 0.01)
        let ramp = RateShape.ramp(recordsPerSecond: 300, over: .seconds(100))
        #expect(ramp.factor(at: .seconds(50), baseRate: 100) == 2)
        #expect(ramp.factor(at: .seconds(500), baseRate: 100) == 3)
        let burst = RateShape.burst(factor: 5, every: .seconds(30), lasting: .seconds(5))
        #expect(burst.factor(at: .seconds(31), baseRate: 100) == 5)
        #expect(burst.factor(at: .seconds(36), baseRate: 100) == 1)
        let producer = ProducerSpec(name: "p", topic: "t", recordsPerSecond: 100, shape: burst)
        #expect(producer.recordsPerSecond(at: .seconds(2)) == 500)
    }
}
