import Foundation
import Glibc
import KafkaWire
import Testing

@testable import WireServer

/// `flightdeck serve` as a process: the built binary, its stdin for operator commands and its
/// stdout in a file (a pipe could fill while the test waits elsewhere).
final class ServeProcess {
    let process = Process()
    let input = Pipe()
    let outputPath: String
    let portBase: Int

    init(portBase: Int, arguments: [String] = ["--seed", "5"]) throws {
        self.portBase = portBase
        outputPath = NSTemporaryDirectory() + "flightdeck-serve-\(getpid())-\(portBase).out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--port-base", "\(portBase)"] + arguments
        process.standardInput = input
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: outputPath)
        try process.run()
    }

    /// The built binary, next to this test bundle (or `FLIGHTDECK_BINARY`).
    static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["FLIGHTDECK_BINARY"] { return explicit }
        let directories = [Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent()]
            .compactMap { $0 }.flatMap { [$0, $0.deletingLastPathComponent()] }
        return directories.map { $0.appendingPathComponent("flightdeck").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "flightdeck-binary-not-found"
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Waits up to `seconds` for the output to contain `text`.
    func waitFor(_ text: String, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if output.contains(text) { return true }
            usleep(20_000)
        }
        return output.contains(text)
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    func stop() {
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        try? FileManager.default.removeItem(atPath: outputPath)
    }
}

@Suite(.serialized) struct ServeCommandTests {
    @Test("serve prints its seed and bootstrap, answers a socket client, and kills a broker's port on 'kill 2'")
    func serveEndToEnd() throws {
        var serve: ServeProcess?
        for _ in 0..<5 {
            let candidate = try ServeProcess(portBase: Int.random(in: 20_000..<60_000))
            if candidate.waitFor("bootstrap:", seconds: 10), !candidate.output.contains("is taken") {
                serve = candidate
                break
            }
            candidate.stop()
        }
        let server = try #require(serve, "serve did not open its listeners")
        defer { server.stop() }
        let base = server.portBase
        #expect(server.output.hasPrefix("seed: 5\n"))
        #expect(
            server.output.contains("bootstrap: 127.0.0.1:\(base + 1),127.0.0.1:\(base + 2),127.0.0.1:\(base + 3)\n"))
        #expect(server.waitFor("ready: topics orders, order-events created"), "\(server.output)")

        var client = try #require(WireTestClient(port: base + 1))
        defer { client.close() }
        client.send(
            header(.metadata, version: 5, correlationID: 9), .metadata(.init(topics: [.init(name: "orders")])))
        var frame: [UInt8]?
        let deadline = Date().addingTimeInterval(10)
        while frame == nil, Date() < deadline {
            usleep(5_000)
            client.poll()
            frame = client.takeFrame()
        }
        let answer = try #require(frame, "no Metadata answer from serve within 10 s")
        let (_, response) = try decodeResponse(frame: answer, apiKey: .metadata, version: 5)
        guard case .metadata(let body) = response else { return }
        #expect(body.topics.first?.partitions.count == 6)

        var victim = try #require(WireTestClient(port: base + 2))
        defer { victim.close() }
        server.send("kill 2")
        #expect(server.waitFor("ok: broker 2 killed"))
        #expect(server.waitFor("broker 2 is down: closed 127.0.0.1:\(base + 2)"))
        let closedDeadline = Date().addingTimeInterval(5)
        while !victim.closed, Date() < closedDeadline {
            usleep(5_000)
            victim.poll()
        }
        #expect(victim.closed)
        #expect(WireTestClient(port: base + 2) == nil)
        server.send("restart 2")
        #expect(server.waitFor("broker 2 listening on 127.0.0.1:\(base + 2)"))
        server.send("pause 3 1")
        #expect(server.waitFor("ok: broker 3 paused for 1s"))
        server.send("create-topic payments partitions 3 rf 3")
        #expect(server.waitFor("ok: topic payments created: 3 partition(s), rf 3"), "\(server.output)")
        client.send(
            header(.metadata, version: 5, correlationID: 10), .metadata(.init(topics: [.init(name: "payments")])))
        var created: [UInt8]?
        let createdDeadline = Date().addingTimeInterval(10)
        while created == nil, Date() < createdDeadline {
            usleep(5_000)
            client.poll()
            created = client.takeFrame()
        }
        let createdAnswer = try #require(created, "no Metadata answer for payments within 10 s")
        let (_, createdResponse) = try decodeResponse(frame: createdAnswer, apiKey: .metadata, version: 5)
        if case .metadata(let body) = createdResponse {
            #expect(body.topics.first?.name == "payments" && body.topics.first?.partitions.count == 3)
        } else {
            Issue.record("expected a Metadata answer, got \(createdResponse)")
        }
        server.send("isolate leader of payments-0")
        #expect(server.waitFor(" isolated\n"), "a later command names the created topic: \(server.output)")
        server.send("heal")
        #expect(server.waitFor("ok: network healed"))
        server.send("create-topic payments")
        #expect(server.waitFor("error: topic 'payments' already exists"), "\(server.output)")
        server.send("frobnicate")
        #expect(server.waitFor("error: unknown command 'frobnicate'"))
        server.send("quit")
        #expect(server.waitFor("ok: bye"))
        #expect(server.output.components(separatedBy: "ready:").count == 2, "ready is said once")
    }

    static let servedScenario = """
        scenario served
        title "Real clients on a scenario"
        duration 3s
        brokers 3
        topic payments partitions 4 rf 3 min.insync 2
        producer checkout topic payments rate 50/s keys uniform 100 acks all
        at 1s say "Checkout writes payments; point a client at the bootstrap."
        """

    @Test("serve --scenario serves the scenario's topics to kcat, prints its say lines, and keeps serving at its end")
    func serveScenario() throws {
        guard let kcat = RealClientTests.kcat else {
            print(
                "SKIPPED: kcat is not installed (looked in /usr/bin, /usr/local/bin); serve --scenario was not tested")
            return
        }
        let file = NSTemporaryDirectory() + "flightdeck-served-\(getpid()).scenario"
        try Self.servedScenario.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var serve: ServeProcess?
        for attempt in 0..<5 {
            let candidate = try ServeProcess(portBase: 43300 + 10 * attempt, arguments: ["--scenario", file])
            if candidate.waitFor("bootstrap:", seconds: 20), !candidate.output.contains("is taken") {
                serve = candidate
                break
            }
            candidate.stop()
        }
        let server = try #require(serve, "serve --scenario did not open its listeners")
        defer { server.stop() }
        #expect(server.output.hasPrefix("seed: 1\nscenario: served — Real clients on a scenario\n"))
        #expect(server.waitFor("ready: scenario served running, topics payments"), "\(server.output)")
        #expect(server.waitFor("say 0:01  Checkout writes payments"), "\(server.output)")
        #expect(server.waitFor("scenario served ended; the cluster keeps serving"), "\(server.output)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kcat)
        process.arguments = ["-b", "127.0.0.1:\(server.portBase + 1)", "-L", "-t", "payments", "-m", "10"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print("kcat -L -t payments against serve --scenario:\n\(text)")
        #expect(process.terminationStatus == 0)
        #expect(text.contains("topic \"payments\" with 4 partitions"), "\(text)")
        server.send("describe payments")
        #expect(server.waitFor("payments-3  leader"), "\(server.output)")
        server.send("quit")
        #expect(server.waitFor("ok: bye"))
    }
}
