import KafkaWire
import Testing

@Suite struct ClientFrameTests {
    @Test("the fixture holds the frames of all four clients")
    func fixtureLoads() {
        #expect(ClientFrame.all.count == 66)
        #expect(Set(ClientFrame.all.map(\.software)).count == 4)
    }

    @Test(
        "every frame a real client sent decodes completely and re-encodes to the same bytes",
        arguments: ClientFrame.all)
    func roundTrip(_ client: ClientFrame) {
        let decoded: (RequestHeader, KafkaRequest)
        do {
            decoded = try decodeRequest(frame: client.frame)
        } catch {
            Issue.record("\(client): \(error)")
            return
        }
        let (header, request) = decoded
        #expect(header.apiKey.rawValue == client.apiKey, "\(client)")
        #expect(header.apiKey.description == client.api, "\(client)")
        #expect(header.apiVersion == client.apiVersion, "\(client)")
        #expect(header.clientID == client.clientID, "\(client)")
        #expect(request.apiKey == header.apiKey, "\(client)")
        let encoded = encodeRequest(header: header, request: request)
        #expect(Hex.string(encoded) == Hex.string(client.frame), "\(client) re-encodes differently")
    }

    @Test("every truncation of every client frame throws instead of trapping")
    func truncations() {
        for client in ClientFrame.all {
            for length in 0..<client.frame.count {
                #expect(throws: WireError.self, "\(client) cut to \(length) bytes") {
                    try decodeRequest(frame: Array(client.frame.prefix(length)))
                }
            }
        }
    }

    @Test("2,000 random byte mutations of client frames decode to a value or an error, never a trap")
    func mutations() {
        var generator = SplitMix64(seed: 0x5EED_F11D)
        let frames = ClientFrame.all
        var decodedCount = 0
        var errorCount = 0
        for _ in 0..<2_000 {
            var frame = frames[Int(generator.next() % UInt64(frames.count))].frame
            let edits = 1 + Int(generator.next() % 4)
            for _ in 0..<edits where !frame.isEmpty {
                let index = Int(generator.next() % UInt64(frame.count))
                frame[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                _ = try decodeRequest(frame: frame)
                decodedCount += 1
            } catch {
                errorCount += 1
            }
        }
        #expect(decodedCount + errorCount == 2_000, "seed 0x5EED_F11D")
        #expect(errorCount > 0, "seed 0x5EED_F11D: no mutation was rejected")
    }
}

/// A tiny deterministic generator so the mutation test replays exactly (seed in the failure).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
