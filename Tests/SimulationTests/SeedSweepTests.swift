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

    /// Where the planted-bug test starts, and how many seeds it may try: a small budget.
    static let plantedBugStart: UInt64 = 1
    static let plantedBugBudget = 6

    @Test(
        "with a planted bug (a follower skips truncating its diverging log) the sweep finds a failing seed; without it none fails"
    )
    func findsPlantedBug() {
        var tried: [UInt64] = []
        var found: SeedSweep.Outcome?
        for seed in Self.plantedBugStart..<Self.plantedBugStart + UInt64(Self.plantedBugBudget) {
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
