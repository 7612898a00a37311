import KafkaWire
import Testing

@Suite struct RequestFrameTests {
    @Test("only ApiVersions v3 and later use request header v2")
    func requestHeaderVersions() {
        #expect(RequestHeader.version(for: .apiVersions, apiVersion: 2) == 1)
        #expect(RequestHeader.version(for: .apiVersions, apiVersion: 3) == 2)
        #expect(RequestHeader.version(for: .fetch, apiVersion: 11) == 1)
        #expect(RequestHeader.version(for: .produce, apiVersion: 8) == 1)
    }

    @Test("ApiVersions answers with response header v0 at every version, even to a flexible request")
    func responseHeaderVersions() {
        for version: Int16 in 0...4 {
            #expect(ResponseHeader.version(for: .apiVersions, apiVersion: version) == 0)
        }
        #expect(ResponseHeader.version(for: .metadata, apiVersion: 8) == 0)
        var writer = WireWriter()
        ResponseHeader(correlationID: 1).encode(into: &writer, version: 0)
        #expect(Hex.string(writer.bytes) == "00000001")
    }

    @Test("the golden kcat ApiVersions v3 frame decodes with header v2 and an int16 client id")
    func kcatApiVersions() throws {
        let frame = Hex.bytes("0012 0003 00000001 0007 72646b61666b61 00 0b 6c696272646b61666b61 06 322e302e32 00")
        let (header, request) = try decodeRequest(frame: frame)
        #expect(header == RequestHeader(apiKey: .apiVersions, apiVersion: 3, correlationID: 1, clientID: "rdkafka"))
        #expect(request == .apiVersions(.init(clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2")))
        #expect(encodeRequest(header: header, request: request) == frame)
    }

    @Test("the golden InitProducerId v1 frame decodes a null transactional id")
    func initProducerId() throws {
        let frame = Hex.bytes("0016 0001 00000002 0002 6b70 ffff 00000000")
        let (header, request) = try decodeRequest(frame: frame)
        #expect(header.clientID == "kp")
        #expect(request == .initProducerId(.init(transactionalID: nil, transactionTimeoutMs: 0)))
    }

    @Test("a null client id decodes as nil and re-encodes as -1")
    func nullClientID() throws {
        let frame = Hex.bytes("0010 0000 00000007 ffff")
        let (header, request) = try decodeRequest(frame: frame)
        #expect(header.clientID == nil)
        #expect(request == .listGroups(.init()))
        #expect(encodeRequest(header: header, request: request) == frame)
    }

    @Test("unknown api keys and versions outside the codec's range are rejected by name")
    func unsupported() {
        #expect(throws: WireError.unknownApiKey(99)) { try decodeRequest(frame: Hex.bytes("0063 0000 00000001 ffff")) }
        #expect(throws: WireError.unsupportedVersion(api: .produce, version: 2)) {
            try decodeRequest(frame: Hex.bytes("0000 0002 00000001 ffff"))
        }
        #expect(throws: WireError.unsupportedVersion(api: .fetch, version: 12)) {
            try decodeRequest(frame: Hex.bytes("0001 000c 00000001 ffff"))
        }
    }

    @Test("bytes left over after the body are an error")
    func trailingBytes() {
        #expect(throws: WireError.trailingBytes(count: 1)) {
            try decodeRequest(frame: Hex.bytes("0010 0000 00000007 ffff 00"))
        }
    }

    @Test("frames above the limit are rejected before their bytes are read")
    func frameLimit() {
        #expect(throws: WireError.frameTooLarge(size: 12, limit: 8)) {
            try decodeRequest(frame: Hex.bytes("0010 0000 00000007 ffff 0000"), limit: 8)
        }
        #expect(throws: WireError.frameTooLarge(size: 104_857_601, limit: 104_857_600)) {
            try WireLimits.frameSize(prefix: Hex.bytes("06400001"))
        }
        #expect(throws: WireError.invalidLength(-1)) { try WireLimits.frameSize(prefix: Hex.bytes("ffffffff")) }
        #expect(throws: Never.self) { try WireLimits.frameSize(prefix: Hex.bytes("06400000")) }
    }

    @Test("every api in ApiKey has a codec covering the advertised versions")
    func advertisedTable() {
        let advertised: [ApiKey: ClosedRange<Int16>] = [
            .apiVersions: 0...3, .metadata: 0...8, .produce: 3...8, .fetch: 4...11, .listOffsets: 0...5,
            .findCoordinator: 0...2, .joinGroup: 0...5, .syncGroup: 0...3, .heartbeat: 0...3, .leaveGroup: 0...3,
            .offsetCommit: 2...7, .offsetFetch: 1...5, .describeGroups: 0...4, .listGroups: 0...2,
            .createTopics: 2...4, .initProducerId: 0...1,
        ]
        for api in ApiKey.allCases {
            let range = KafkaRequest.versions(for: api)
            guard let expected = advertised[api] else {
                Issue.record("\(api) missing from the advertised table")
                continue
            }
            #expect(range.lowerBound == expected.lowerBound && range.upperBound >= expected.upperBound, "\(api)")
        }
    }
}
