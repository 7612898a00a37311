import ClusterModel
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

@Suite("Scenarios in the console")
struct LiveScenarioTests {
    static let drill = """
        scenario short-story
        title "A short story for the console's tests"
        duration 20s
        brokers 3
        topic events partitions 3 rf 3 min.insync 2
        producer writer topic events rate 50/s acks all
        at 2s say "The cluster is up."
        at 5s say "Now we kill the leader of events-0." wait
        at 5s kill leader of events-0 for 5s
        at 12s say "It came back."
        """

    @Test("say lines reach the banner as their time comes; a wait stops virtual time until resume")
    func narrationAndWait() throws {
        let scenario = try ScenarioParser.parse(Self.drill, file: "short-story.scenario")
        var live = LiveScenario(scenario, seed: 3)
        #expect(live.narration?.title == "A short story for the console's tests")
        live.advance(wall: .seconds(1), eventBudget: 100)
        #expect(live.narration?.text == nil)
        live.advance(wall: .seconds(2), eventBudget: 100)
        #expect(live.narration?.text == "The cluster is up.")
        live.advance(wall: .seconds(2), eventBudget: 100)
        let paused = try #require(live.narration)
        #expect(paused.text == "Now we kill the leader of events-0.")
        #expect(paused.isWaitingForKey)
        #expect(live.run.elapsed == .seconds(5))
        // The kill due at the same instant waits for the user too.
        #expect(!live.run.log.contains { $0.kind == .action })
        for _ in 0..<5 { live.advance(wall: .seconds(1), eventBudget: 100) }
        #expect(live.run.elapsed == .seconds(5), "virtual time stands still while waiting")

        live.resume()
        live.advance(wall: .milliseconds(100), eventBudget: 100)
        #expect(live.narration?.isWaitingForKey == false)
        #expect(live.run.log.contains { $0.kind == .action }, "the kill ran once the wait was over")
        #expect(live.narration?.text == "Now we kill the leader of events-0.", "a line stays until the next one")
        for _ in 0..<20 { live.advance(wall: .seconds(1), eventBudget: 100) }
        #expect(live.narration?.isFinished == true)
        #expect(live.narration?.text == "It came back.")
    }

    @Test("a frame runs a bounded slice of virtual time, however long the wall clock jumped")
    func boundedFrame() throws {
        let scenario = try ScenarioParser.parse(Self.drill, file: "short-story.scenario")
        var live = LiveScenario(scenario, seed: 3)
        live.advance(wall: .seconds(60), eventBudget: 100)
        #expect(live.run.elapsed == LiveScenario.frameLimit)
        live.advance(wall: .seconds(1), eventBudget: 3)
        #expect(live.run.elapsed == LiveScenario.frameLimit + LiveScenario.slice * 3)
    }

    @Test("a headless run never waits")
    func headlessIgnoresWait() throws {
        var run = ScenarioRun(try ScenarioParser.parse(Self.drill, file: "short-story.scenario"), seed: 3)
        run.runToEnd()
        #expect(run.isFinished)
        #expect(!run.isWaitingForKey)
    }
}
