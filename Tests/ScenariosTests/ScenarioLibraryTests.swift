import Testing

@testable import Scenarios

@Suite struct ScenarioLibraryTests {
    @Test("every library scenario parses without a diagnostic", arguments: ScenarioLibrary.names)
    func parses(name: String) throws {
        let entry = try #require(ScenarioLibrary.named(name))
        do {
            let scenario = try entry.parse()
            #expect(scenario.name == entry.name)
            #expect(scenario.title == entry.summary)
            #expect(scenario.source == "library:\(name)")
        } catch {
            Issue.record("\(entry.name):\n\(error.rendered(source: entry.text))")
        }
    }

    @Test(
        "every library scenario tells its story (say) and checks something (expect)", arguments: ScenarioLibrary.names)
    func narratedAndChecked(name: String) throws {
        let scenario = try #require(ScenarioLibrary.named(name)).parse()
        #expect(scenario.timeline.contains { $0.action.isNarration })
        #expect(!scenario.expectations.isEmpty)
        #expect(!scenario.description.isEmpty)
        #expect(scenario.seed != nil, "a pinned seed makes the library's CI runs repeatable")
    }

    @Test("the library covers the issue's use cases and drills, with unique names")
    func coverage() {
        let names = ScenarioLibrary.names
        #expect(Set(names).count == names.count)
        #expect(names.count >= 14)
        for required in [
            "order-processing", "clickstream", "iot-sensors", "log-aggregation", "event-bus", "event-sourcing",
            "leader-loss", "controller-loss", "two-brokers-lost", "acks-one-vs-all", "unclean-election",
            "slow-follower", "network-partition", "rolling-restart", "consumer-crash", "lag-spike", "disk-full",
            "hot-key",
        ] {
            #expect(ScenarioLibrary.named(required) != nil, "missing \(required)")
        }
        #expect(ScenarioLibrary.suggestion(for: "leader-los") == "leader-loss")
    }

    @Test("the negative controls expect loss; the others promise none", arguments: ScenarioLibrary.names)
    func lossExpectations(name: String) throws {
        let scenario = try #require(ScenarioLibrary.named(name)).parse()
        let expectsLoss = scenario.expectations.contains {
            if case .loss = $0.kind { return true }
            return false
        }
        #expect(expectsLoss == ["unclean-election", "acks-one-vs-all"].contains(name))
    }

    @Test("printing a library scenario and parsing it again gives the same scenario", arguments: ScenarioLibrary.names)
    func roundTrip(name: String) throws {
        let scenario = try #require(ScenarioLibrary.named(name)).parse()
        let printed = ScenarioPrinter.text(of: scenario)
        let reparsed: Scenario
        do {
            reparsed = try ScenarioParser.parse(printed, file: "printed")
        } catch {
            Issue.record("the printed text does not parse:\n\(error.rendered(source: printed))")
            return
        }
        #expect(reparsed.withoutLines == scenario.withoutLines)
        #expect(ScenarioPrinter.text(of: reparsed) == printed)
    }
}
