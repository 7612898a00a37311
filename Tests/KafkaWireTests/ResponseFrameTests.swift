import KafkaWire
import Testing

/// Every response codec, through `encodeResponse` and `decodeResponse`: round trips at the lowest
/// and highest versions, stable re-encoding at every version, and truncations that throw.
@Suite struct ResponseFrameTests {
    @Test("the lowest version's sample round-trips exactly", arguments: ResponseSamples.all)
    func lowestVersionRoundTrip(sample: ResponseSamples.Sample) throws {
        let version = KafkaResponse.versions(for: sample.apiKey).lowerBound
        try expectRoundTrip(sample.minimal, apiKey: sample.apiKey, version: version)
    }

    @Test("the highest version's sample, with every field set, round-trips exactly", arguments: ResponseSamples.all)
    func highestVersionRoundTrip(sample: ResponseSamples.Sample) throws {
        let version = KafkaResponse.versions(for: sample.apiKey).upperBound
        try expectRoundTrip(sample.full, apiKey: sample.apiKey, version: version)
    }

    @Test("every version re-encodes what it decoded byte for byte", arguments: ResponseSamples.all)
    func everyVersionIsStable(sample: ResponseSamples.Sample) throws {
        for version in KafkaResponse.versions(for: sample.apiKey) {
            for body in [sample.minimal, sample.full] {
                let frame = encodeResponse(correlationID: 9, apiKey: sample.apiKey, version: version, response: body)
                let (header, decoded) = try decodeResponse(frame: frame, apiKey: sample.apiKey, version: version)
                #expect(header.correlationID == 9)
                let again = encodeResponse(correlationID: 9, apiKey: sample.apiKey, version: version, response: decoded)
                #expect(again == frame, "\(sample.apiKey) v\(version)")
            }
        }
    }

    @Test("every truncation of every encoded response throws instead of trapping", arguments: ResponseSamples.all)
    func truncationsThrow(sample: ResponseSamples.Sample) {
        for version in KafkaResponse.versions(for: sample.apiKey) {
            let frame = encodeResponse(correlationID: 1, apiKey: sample.apiKey, version: version, response: sample.full)
            for length in 0..<frame.count {
                #expect(throws: WireError.self, "\(sample.apiKey) v\(version) cut at \(length)") {
                    _ = try decodeResponse(frame: Array(frame[..<length]), apiKey: sample.apiKey, version: version)
                }
            }
        }
    }

    @Test("a byte after the body is rejected")
    func trailingByteThrows() {
        let frame =
            encodeResponse(correlationID: 1, apiKey: .heartbeat, version: 0, response: .heartbeat(.init())) + [0]
        #expect(throws: WireError.trailingBytes(count: 1)) {
            _ = try decodeResponse(frame: frame, apiKey: .heartbeat, version: 0)
        }
    }

    @Test("a version outside a codec's range is rejected before reading")
    func unsupportedVersionThrows() {
        #expect(throws: WireError.unsupportedVersion(api: .produce, version: 2)) {
            _ = try decodeResponse(frame: [0, 0, 0, 1], apiKey: .produce, version: 2)
        }
    }

    @Test("a hostile array count fails without allocating")
    func hostileCountThrows() {
        let frame = Hex.bytes("00000001 7fffffff")
        #expect(throws: WireError.self) {
            _ = try decodeResponse(frame: frame, apiKey: .produce, version: 3)
        }
    }

    private func expectRoundTrip(_ body: KafkaResponse, apiKey: ApiKey, version: Int16) throws {
        let frame = encodeResponse(correlationID: 42, apiKey: apiKey, version: version, response: body)
        let (header, decoded) = try decodeResponse(frame: frame, apiKey: apiKey, version: version)
        #expect(header.correlationID == 42)
        #expect(decoded == body, "\(apiKey) v\(version)")
    }
}
