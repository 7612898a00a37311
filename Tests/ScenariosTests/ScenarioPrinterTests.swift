import Testing

@testable import Scenarios

@Suite struct ScenarioPrinterTests {
    /// Every kind of declaration and step, with options off their defaults.
    static let kitchenSink = """
        scenario checkout-chaos
        title "Checkout under chaos: \\"every\\" fault type at least once"
        description "A drill that uses every construct."
        duration 10m
        seed 99
        brokers 5 controllers 1
        broker-config replica.lag.time.max.ms=10s
        topic carts partitions 8 rf 3 min.insync 2 cleanup compact,delete retention 1d retention-bytes 1GiB
        topic audit segment.bytes=1MiB
        producer checkout topic carts rate 50/s ramp 400/s over 3m keys zipf 2000 exponent 1.1 value 512B
        producer legacy topic carts rate 20/s burst 2.5x every 1m for 10s keys hot cart-1 60% others 30 acks 1 idempotence off start 5s
        producer quiet topic audit rate 0.5/s wave 90s 20% keys none acks 0
        group billing topic carts,audit members 4 static assignor cooperative-sticky commit manual
        group search topic carts members 2 rate 150/s offset latest commit auto every 1s start 1m
        at 10s say "warm-up" wait
        at 30s bounce broker 4 3 times every 20s
        at 2m pause controller for 12s
        at 3m power-loss follower of carts-3 for 30s
        at 4m partition {controller} {3 4 legacy} one-way for 20s
        at 4m30s partition {1} {2} {3 billing}
        at 4m40s partition {controller} {others} for 10s
        at 5m slow-disk leader of carts-1 80ms for 40s
        at 6m io-errors broker 2 for 10s
        at 6m disk-full random broker for 10s
        at 6m30s crash-producer checkout for 15s
        at 7m set-acks legacy all
        at 7m close-consumer billing member 1
        at 7m crash-consumer search
        at 7m add-consumer search count 2
        at 8m latency 300ms jitter 20ms between {billing} {1 2} for 30s
        at 8m packet-loss 2.5% on quiet for 30s
        at 8m bandwidth 1MB/s for 30s
        at 8m set-rate search unlimited for 20s
        at 8m set-rate checkout 75/s
        at 9m heal
        at 9m restart-producer checkout
        at 9m elect-preferred carts
        at 9m isolate search for 10s
        expect no-loss checkout
        expect no-duplicates
        expect leader all within 30s
        expect unavailable carts at most 3m
        expect rebalances billing at most 10
        expect lag search below 1000 within 30s
        expect replicated carts-0 within 30s
        expect isr-shrink carts
        expect producer-errors legacy at most 5
        expect loss legacy
        """

    @Test("a scenario using every construct prints and parses back to itself")
    func roundTrip() throws {
        let scenario = try ScenarioParser.parse(Self.kitchenSink, file: "sink")
        let printed = ScenarioPrinter.text(of: scenario)
        let reparsed = try ScenarioParser.parse(printed, file: "printed")
        #expect(reparsed.withoutLines == scenario.withoutLines)
        #expect(ScenarioPrinter.text(of: reparsed) == printed)
        #expect(scenario.timeline.count == 24)
        #expect(scenario.expectations.count == 10)
    }

    @Test("steps and expectations describe themselves as the language writes them")
    func descriptions() throws {
        let scenario = try ScenarioParser.parse(Self.kitchenSink, file: "sink")
        #expect(scenario.timeline[1].description == "at 30s bounce broker 4 3 times every 20s")
        #expect(
            scenario.timeline[4].description
                == "at 4m partition {controller} {broker 3 broker 4 legacy} one-way for 20s")
        #expect(scenario.expectations[3].description == "expect unavailable carts at most 3m")
    }
}
