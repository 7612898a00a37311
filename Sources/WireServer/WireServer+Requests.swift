import KafkaCore
import KafkaWire
import Simulation

extension WireServer {
    /// Decodes one frame and routes it: answered here, sent to the connection's broker, or
    /// refused by closing the connection (unknown api or version, as Kafka does, and malformed
    /// frames), counted either way.
    mutating func handleFrame(_ frame: [UInt8], on id: Int, cluster: inout SimulatedCluster) {
        guard let connection = connections[id] else { return }
        statistics.requests += 1
        if let correlationID = Self.unsupportedApiVersions(in: frame) {
            // Kafka answers an ApiVersions version it does not know with error 35 in v0 layout,
            // so that the client retries with one it does; the header's tags and body are not read.
            let answer = ApiVersionsTable.answer(to: Int16.max)
            respond(
                on: id, correlationID: correlationID, apiKey: .apiVersions, version: answer.version,
                response: answer.response)
            return
        }
        let header: RequestHeader
        let request: KafkaRequest
        do throws(WireError) {
            (header, request) = try decodeRequest(frame: frame, limit: limits.maxFrameBytes)
        } catch {
            switch error {
            case .unknownApiKey, .unsupportedVersion:
                statistics.unsupportedRequests += 1
                closeConnection(id)
            default:
                countMalformedFrame(on: id)
                closeConnection(id)
            }
            return
        }
        switch translator.route(header, request) {
        case .answer(let response, let version):
            respond(
                on: id, correlationID: header.correlationID, apiKey: header.apiKey, version: version,
                response: response)
        case .broker(let engineRequest, let call):
            let requestID = cluster.send(engineRequest, to: connection.broker)
            pending[requestID] = (id, call)
            connections[id]?.slots.append(WireConnection.Slot(requestID: requestID, frame: nil))
        case .brokerWithoutResponse(let engineRequest):
            // Brokers never answer acks=0, so there is nothing to wait for or to orphan.
            _ = cluster.send(engineRequest, to: connection.broker)
        }
    }

    /// Queues a response made here behind the responses the connection still waits for.
    private mutating func respond(
        on id: Int, correlationID: Int32, apiKey: ApiKey, version: Int16, response: KafkaResponse
    ) {
        guard
            let frame = Self.responseFrame(
                correlationID: correlationID, apiKey: apiKey, version: version,
                response: response)
        else {
            statistics.unsupportedRequests += 1
            closeConnection(id)
            return
        }
        connections[id]?.slots.append(WireConnection.Slot(requestID: nil, frame: frame))
        connections[id]?.releaseReadyResponses()
        statistics.responses += 1
    }

    /// The size-prefixed response frame, `nil` when KafkaWire has no codec for the version.
    static func responseFrame(
        correlationID: Int32, apiKey: ApiKey, version: Int16, response: KafkaResponse
    ) -> [UInt8]? {
        guard KafkaResponse.versions(for: apiKey).contains(version), response.apiKey == apiKey else { return nil }
        return sizePrefixed(
            encodeResponse(correlationID: correlationID, apiKey: apiKey, version: version, response: response))
    }

    /// The correlation id of an ApiVersions request at a version above the decodable ones, read
    /// from the fixed header offsets (key 0–1, version 2–3, correlation id 4–7); `nil` otherwise.
    static func unsupportedApiVersions(in frame: [UInt8]) -> Int32? {
        guard frame.count >= 8 else { return nil }
        func integer(_ range: Range<Int>) -> UInt32 { frame[range].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
        let key = Int16(bitPattern: UInt16(integer(0..<2)))
        let version = Int16(bitPattern: UInt16(integer(2..<4)))
        guard key == ApiKey.apiVersions.rawValue, version > KafkaRequest.versions(for: .apiVersions).upperBound
        else { return nil }
        return Int32(bitPattern: integer(4..<8))
    }
}
