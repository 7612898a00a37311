import Foundation
import Testing

/// The wire benchmark (`Tests/Scripts/wire_bench.py`, issue 8 §5) in its smoke form, so it
/// cannot rot: 5,000 records and 200 latency samples against the built `flightdeck serve` and
/// librdkafka's mock, every record acknowledged. The figures of a debug build mean nothing; the
/// release figures are in Docs/PERFORMANCE.md.
@Suite(.serialized) struct WireBenchSmokeTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/wire_bench.py").path

    @Test("wire_bench.py --smoke runs against serve and the mock and prints every figure")
    func smoke() throws {
        guard let python = RealClientTests.python.path else {
            print("SKIPPED: \(RealClientTests.python.reason); the wire benchmark smoke run did not run")
            return
        }
        let binary = ServeProcess.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no flightdeck binary at \(binary)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script, binary, "--smoke", "--port-base", "43600"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let report = text.split(separator: "\n").filter { !$0.hasPrefix("%") }.joined(separator: "\n")
        print("wire bench smoke:\n\(report)")
        #expect(process.terminationStatus == 0, "\(report)")
        #expect(report.contains("wire bench smoke: passed"), "\(report)")
        for figure in [
            "wire_flightdeck_msgs_per_s", "wire_mock_msgs_per_s", "wire_ratio_to_mock",
            "wire_flightdeck_latency_p50_us",
            "wire_flightdeck_latency_p99_us", "wire_mock_latency_p50_us", "wire_mock_latency_p99_us",
        ] {
            #expect(report.contains("\(figure) "), "\(figure) missing from\n\(report)")
        }
    }
}
