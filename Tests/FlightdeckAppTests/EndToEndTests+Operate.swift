import Foundation
import Testing

extension EndToEndTests {
    @Test(
        "killing the leader of orders-0 from the partitions view: preview, y, a new leader; restart heals; recorded")
    func killLeaderAndRecord() throws {
        let record = FileManager.default.temporaryDirectory
            .appendingPathComponent("flightdeck-e2e-record-\(ProcessInfo.processInfo.processIdentifier).scenario").path
        defer { try? FileManager.default.removeItem(atPath: record) }
        let session = try TmuxSession(width: 140, height: 45, command: binary + " --seed 3 --record " + record)
        try session.waitFor(text: "● 9 healthy", timeoutSeconds: 30)
        try session.send(":", "kil 2", "Enter")
        try session.waitFor(text: "unknown command 'kil' — did you mean 'kill'?")
        try session.send(":", "kill 9", "Enter")
        try session.waitFor(text: "there is no broker 9: the cluster has brokers 1 to 3")
        try session.send("4")
        try session.waitFor(text: "REPLICAS · LEO")
        try session.send("/", "orders-0", "Enter")
        try session.waitFor(text: "Partitions [1/9]")
        try session.send("K")
        try session.waitFor(text: "Blast radius — kill leader of orders-0")
        try session.waitFor(text: "y runs it")
        try session.send("y")
        let screen = try session.waitFor("the kill's result") { $0.contains("(leader of orders-0) killed (kill -9)") }
        guard let range = screen.range(of: #"broker (\d+) \(leader of orders-0\)"#, options: .regularExpression),
            let broker = Int(screen[range].dropFirst("broker ".count).prefix { $0.isNumber })
        else {
            Issue.record("no killed broker on screen:\n\(screen)")
            return
        }
        try session.waitFor(text: "under-replicated", timeoutSeconds: 30)
        try session.send(":", "restart \(broker)", "Enter")
        try session.waitFor(text: "● 9 healthy", timeoutSeconds: 60)
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        let text = try String(contentsOfFile: record, encoding: .utf8)
        #expect(text.contains("seed 3"))
        #expect(text.contains(" kill leader of orders-0\n"), "\(text)")
        #expect(text.contains(" restart \(broker)\n") || text.contains(" restart broker \(broker)\n"), "\(text)")
    }

    @Test(
        "creating a topic from the command line: the status row says so, the Topics view lists it, the recording replays"
    )
    func createTopicAndReplay() throws {
        let record = FileManager.default.temporaryDirectory
            .appendingPathComponent("flightdeck-e2e-create-\(ProcessInfo.processInfo.processIdentifier).scenario").path
        defer { try? FileManager.default.removeItem(atPath: record) }
        let session = try TmuxSession(width: 140, height: 45, command: binary + " --seed 4 --record " + record)
        try session.waitFor(text: "● 9 healthy", timeoutSeconds: 30)
        try session.send(":", "create-topic payments partitions 3 rf 3", "Enter")
        try session.waitFor(text: "topic payments created: 3 partition(s), rf 3", timeoutSeconds: 30)
        try session.send("3")
        try session.waitFor(text: "payments", timeoutSeconds: 10)
        try session.waitFor(text: "● 12 healthy", timeoutSeconds: 30)
        try session.send(":", "create-topic payments", "Enter")
        try session.waitFor(text: "topic 'payments' is already created")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        let text = try String(contentsOfFile: record, encoding: .utf8)
        #expect(text.contains(" create-topic payments partitions 3 rf 3\n"), "\(text)")
        let replay = try run(binary, ["run", record])
        #expect(replay.stdout.contains("topic payments created: 3 partition(s), rf 3"), "\(replay.stdout)")
    }
}
