import Foundation
import KafkaCore
import KafkaWire
import Testing

@testable import WireServer

/// One request frame captured from a real client (`Tests/Fixtures/kafka-client-requests.jsonl`).
struct CapturedFrame: CustomStringConvertible, Sendable {
    var software: String
    var api: String
    var apiVersion: Int16
    var frame: [UInt8]

    var description: String { "\(software) \(api) v\(apiVersion)" }

    static let all: [CapturedFrame] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/kafka-client-requests.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let software = object["software"] as? String, let api = object["api"] as? String,
                let version = object["api_version"] as? Int, let hex = object["frame_hex"] as? String
            else { return nil }
            return CapturedFrame(software: software, api: api, apiVersion: Int16(version), frame: bytes(hex))
        }
    }()

    private static func bytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            if let byte = UInt8(hex[index..<next], radix: 16) { bytes.append(byte) }
            index = next
        }
        return bytes
    }

    /// Whether the client expects an answer (all but acks=0 Produce).
    var expectsResponse: Bool {
        guard case (_, .produce(let produce))? = try? decodeRequest(frame: frame) else { return true }
        return produce.acks != 0
    }
}

@Suite(.serialized) struct CapturedFrameTests {
    @Test("the fixture holds the frames of every real client")
    func fixtureLoaded() {
        #expect(CapturedFrame.all.count >= 60)
    }

    @Test("every request frame captured from a real client is answered over a socket, decodably, with its id")
    func everyFrameAnswered() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        let frames = CapturedFrame.all.filter(\.expectsResponse)
        var clients: [WireTestClient] = []
        for captured in frames {
            let client = try #require(WireTestClient(port: served.port(1)))
            client.send(sizePrefixedFrame(captured.frame))
            clients.append(client)
        }
        defer { clients.forEach { $0.close() } }
        var answers: [[UInt8]?] = Array(repeating: nil, count: frames.count)
        served.pump {
            for index in clients.indices where answers[index] == nil {
                clients[index].poll()
                answers[index] = clients[index].takeFrame()
            }
            return answers.allSatisfy { $0 != nil }
        }
        for (captured, answer) in zip(frames, answers) {
            guard let answer else {
                Issue.record("\(captured): no answer within 5 virtual seconds")
                continue
            }
            let (requestHeader, _) = try decodeRequest(frame: captured.frame)
            let answeredVersion =
                requestHeader.apiKey == .apiVersions
                ? min(requestHeader.apiVersion, 3) == requestHeader.apiVersion ? requestHeader.apiVersion : 0
                : requestHeader.apiVersion
            let (responseHeader, _) = try decodeResponse(
                frame: answer, apiKey: requestHeader.apiKey, version: answeredVersion)
            #expect(responseHeader.correlationID == requestHeader.correlationID, "\(captured)")
        }
        #expect(served.server.statistics.malformedFrames == 0)
        #expect(served.server.statistics.unsupportedRequests == 0)
    }
}

/// SplitMix64: a seeded generator for the fuzz test, so a failure replays.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite(.serialized) struct MutatedFrameTests {
    @Test("real clients' frames with random bytes changed never stop the server (seed 8)")
    func mutatedFrames() throws {
        var served = try ServedTestCluster()
        defer { served.server.shutdown() }
        var random = SplitMix(state: 8)
        for round in 0..<4 {
            var clients: [WireTestClient] = []
            for captured in CapturedFrame.all {
                var frame = captured.frame
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    frame[Int.random(in: 0..<frame.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                if Bool.random(using: &random) { frame.removeLast(Int.random(in: 0..<frame.count, using: &random)) }
                let client = try #require(WireTestClient(port: served.port(Int32(round % 3 + 1))))
                client.send(sizePrefixedFrame(frame))
                clients.append(client)
            }
            served.pump(untilServer: { _ in false })
            clients.forEach { $0.close() }
        }
        var probe = try #require(WireTestClient(port: served.port(1)))
        defer { probe.close() }
        probe.send(header(.metadata, version: 8, correlationID: 77), .metadata(.init(topics: nil)))
        let frames = served.responses(1, on: &probe)
        let (responseHeader, _) = try decodeResponse(frame: try #require(frames.first), apiKey: .metadata, version: 8)
        #expect(responseHeader.correlationID == 77)
        let statistics = served.server.statistics
        print(
            "mutated frames (seed 8): \(statistics.requests) requests, \(statistics.malformedFrames) malformed, "
                + "\(statistics.unsupportedRequests) unsupported, \(statistics.responses) responses")
    }
}
