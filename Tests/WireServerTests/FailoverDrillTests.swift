import Foundation
import Testing

/// The real-client failover drill of issue 8: `Tests/Scripts/failover_drill.py` runs
/// `flightdeck serve` (the built binary), has a confluent-kafka producer send 200,000 keyed
/// records with acks=all while it kills the partition leaders one after another through serve's
/// command input and restarts them, then reads the topic with a consumer group of two: every
/// acknowledged record must be there exactly once, in order per key.
@Suite(.serialized) struct FailoverDrillTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/failover_drill.py").path

    @Test(
        "confluent-kafka rides through three leader kills: 200,000 acknowledged records, each read once, in key order")
    func failoverDrill() throws {
        guard let python = RealClientTests.python.path else {
            print("SKIPPED: \(RealClientTests.python.reason); the real-client failover drill did not run")
            return
        }
        let binary = ServeProcess.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no flightdeck binary at \(binary)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script, binary, "200000", "43100"]
        let outputPath = NSTemporaryDirectory() + "flightdeck-failover-drill-\(getpid()).out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: outputPath)
        try process.run()
        // Generous: about a minute on an idle machine with a debug build.
        let deadline = Date().addingTimeInterval(900)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // librdkafka's own log lines start with `%`; the drill's report is the rest.
        let report = output.split(separator: "\n").filter { !$0.hasPrefix("%") }.joined(separator: "\n")
        print("failover drill:\n\(report)")
        #expect(process.terminationStatus == 0, "\(report)")
        #expect(report.contains("drill: passed"), "\(report)")
    }
}
