import KafkaCore
import Scenarios
import Testing

@testable import KafkaCluster
@testable import Simulation

@Suite("Seed sweeps")
struct SeedSweepTests {
    @Test("every seed writes a drill that parses, with faults, healing and the convergence expectations")
    func drillsParse() throws {
        for seed in UInt64(1)...300 {
            let text = SweepDrill.text(seed: seed)
            #expect(text == SweepDrill.text(seed: seed), "seed \(seed) wrote two different drills")
            let scenario = try ScenarioParser.parse(text, file: "sweep-\(seed).scenario")
            #expect(scenario.seed == seed)
            #expect(scenario.timeline.contains { $0.action.keyword != "heal" })
            #expect(scenario.timeline.contains { $0.action.keyword == "heal" })
            let powerLoss = scenario.timeline.contains { $0.action.keyword == "power-loss" }
            #expect(scenario.expectations.count == (powerLoss ? 2 : 3))
        }
        #expect(SweepDrill.text(seed: 1) != SweepDrill.text(seed: 2))
    }

    /// The first seed whose drill cuts one broker off from the other brokers (not from the
    /// clients) for 12 s or more: a leader there goes on appending what producers send while the
    /// others elect a new leader, so on healing its log diverges and it must truncate (KIP-279).
    /// Drills are text, so finding one costs no run.
    static func divergingSeed(from start: UInt64) -> UInt64? {
        (start..<start + 1000).first { seed in
            SweepDrill.text(seed: seed).split(separator: "\n").contains { line in
                guard line.contains(" partition {"), !line.contains("one-way"),
                    let length = line.split(separator: " ").last.flatMap({ Int($0.dropLast()) })
                else { return false }
                return length >= 12 && line.split(separator: "{").count == 3
                    && line.split(separator: "{")[2].contains(" ")
            }
        }
    }

    /// How many seeds the planted-bug test may try: a small budget.
    static let plantedBugBudget = 3

    @Test(
        "with a planted bug (a follower skips truncating its diverging log) the sweep finds a failing seed; without it none fails"
    )
    func findsPlantedBug() throws {
        let start = try #require(Self.divergingSeed(from: 1))
        var tried: [UInt64] = []
        var found: SeedSweep.Outcome?
        for seed in start..<start + UInt64(Self.plantedBugBudget) {
            tried.append(seed)
            let outcome = SeedSweep.run(seed: seed) { $0.server.plantedBugSkipsDivergenceTruncation = true }
            if !outcome.passed {
                found = outcome
                break
            }
        }
        #expect(found != nil, "no seed of \(tried) failed with the planted bug")
        if let found { print("planted bug found by seed \(found.seed): \(found.problems)") }
        for seed in tried {
            let outcome = SeedSweep.run(seed: seed)
            #expect(outcome.passed, "seed \(seed) fails without the planted bug: \(outcome.problems)")
        }
    }
}
