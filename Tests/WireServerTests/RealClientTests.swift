import Foundation
import KafkaCore
import KafkaWire
import Simulation
import Testing

@testable import WireServer

/// Real Kafka clients against the served cluster. Each test runs only when its client is
/// installed, and says loudly on stdout why it did not run otherwise.
@Suite(.serialized) struct RealClientTests {
    static let kcat = ["/usr/bin/kcat", "/usr/local/bin/kcat", "/usr/bin/kafkacat"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test("kcat -L lists the default cluster's brokers and topic orders")
    func kcatMetadata() throws {
        guard let kcat = Self.kcat else {
            print(
                "SKIPPED: kcat is not installed (looked in /usr/bin, /usr/local/bin); "
                    + "install it (apt-get install kcat) to run the real-client metadata test")
            return
        }
        var loop = try Self.servedDefaultCluster()
        defer { loop.server.shutdown() }
        let bootstrap = loop.server.bootstrapServers
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kcat)
        process.arguments = ["-b", bootstrap, "-L", "-m", "10"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { loop.turn() }
        if process.isRunning { process.terminate() }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        print("kcat -b \(bootstrap) -L:\n\(text)")
        #expect(process.terminationStatus == 0)
        #expect(text.contains("topic \"orders\" with 6 partitions"))
        #expect(text.contains("3 brokers"))
    }

    @Test("the run loop serves the default cluster at wall-clock pace: Metadata lists orders")
    func runLoopMetadata() throws {
        var loop = try Self.servedDefaultCluster()
        defer { loop.server.shutdown() }
        let port = try #require(loop.server.listeningPorts.first?.port)
        var client = try #require(WireTestClient(port: port))
        defer { client.close() }
        client.send(header(.metadata, version: 8, correlationID: 3), .metadata(.init(topics: nil)))
        var frame: [UInt8]?
        let deadline = Date().addingTimeInterval(10)
        while frame == nil, Date() < deadline {
            loop.turn()
            client.poll()
            frame = client.takeFrame()
        }
        let answer = try #require(frame, "no Metadata answer within 10 s of wall time")
        let (_, response) = try decodeResponse(frame: answer, apiKey: .metadata, version: 8)
        guard case .metadata(let body) = response else { return }
        #expect(body.topics.map(\.name).sorted() == ["order-events", "orders"])
        #expect(loop.behind < .seconds(1))
    }

    /// The default cluster on a free random port base, running until its topics exist.
    static func servedDefaultCluster() throws -> WireRunLoop {
        for _ in 0..<20 {
            let cluster = SimulatedCluster(.realClients(brokers: 3, seed: 11))
            var server = WireServer(plan: ListenerPlan(portBase: Int.random(in: 20_000..<60_000)))
            server.syncListeners(with: cluster)
            guard server.listeningPorts.count == 3 else {
                server.shutdown()
                continue
            }
            var loop = WireRunLoop(cluster: cluster, server: server, topics: .defaultTopics(brokers: 3))
            let deadline = Date().addingTimeInterval(30)
            while !loop.topics.isDone, Date() < deadline { loop.turn() }
            try #require(loop.topics.isDone, "seed 11: the default topics were not created within 30 s")
            return loop
        }
        throw SocketError("no free port base after 20 tries", code: 0)
    }
}
