import KafkaCore
import Scenarios
import Testing

@testable import Simulation

/// A regression: a voter killed for less than a session and restarted used to forget the leader
/// it knew, stand for election after its timeout and unseat the healthy controller. The new
/// controller gave every broker a fresh session (its own dead incarnation included), so the
/// restarted broker's registration was refused as a duplicate, its partitions stayed leaderless
/// and its ISRs kept it, stalling every acks=all write to the end of the run.
@Suite("A restarted voter rejoins the quorum")
struct RestartedVoterTests {
    static let drill = """
        scenario restarted-voter
        duration 30s
        brokers 3
        topic orders partitions 1 rf 3
        topic payments partitions 3 rf 3 min.insync 2 retention 1d
        producer pay topic payments rate 50/s
        at 15s kill leader of payments-1 for 5s
        """

    @Test(
        "killing a partition leader that is not the controller for 5 s: fenced after a session, no controller change",
        arguments: [UInt64(11), 1, 2])
    func killedFollowerOfTheQuorum(seed: UInt64) throws {
        var run = ScenarioRun(try ScenarioParser.parse(Self.drill, file: "restarted-voter.scenario"), seed: seed)
        run.runToEnd()
        let report = run.report()
        // The controller stays put: the restarted voter follows it instead of calling an election.
        #expect(report.controllerChanges.count == 1, "\(report.text)")
        for partition in report.partitions {
            #expect(partition.hasLeaderAtEnd, "\(partition.partition) has no leader at the end\n\(report.text)")
            // Fenced one session (9 s) after its last heartbeat at the latest, then a new leader.
            #expect(partition.longestOutage <= .seconds(10), "\(partition.partition)\n\(report.text)")
        }
        #expect(report.lostCount == 0, "\(report.text)")
        for producer in report.producers {
            #expect(producer.acknowledged >= producer.sent - 5, "\(report.text)")
        }
    }
}
