import KafkaCore
import KafkaWire
import Testing

@testable import WireServer

/// Builds the request header the translator sees.
func header(
    _ apiKey: ApiKey, version: Int16, correlationID: Int32 = 7, clientID: String? = "test-client"
)
    -> RequestHeader
{
    RequestHeader(apiKey: apiKey, apiVersion: version, correlationID: correlationID, clientID: clientID)
}

/// A one-record batch, as a producer sends it.
func oneRecordBatch(_ value: String = "v") -> RecordBatch {
    var builder = RecordBatchBuilder(producerID: -1, producerEpoch: -1, baseSequence: -1)
    builder.append(timestamp: 1_700_000_000_000, key: Array("k".utf8), value: Array(value.utf8))
    return builder.build()
}

/// Encodes and decodes `response` at `version`: what a client would read.
func clientView(_ response: KafkaResponse, version: Int16, correlationID: Int32 = 7) throws -> KafkaResponse {
    let frame = encodeResponse(
        correlationID: correlationID, apiKey: response.apiKey, version: version, response: response)
    let (decodedHeader, decoded) = try decodeResponse(frame: frame, apiKey: response.apiKey, version: version)
    #expect(decodedHeader.correlationID == correlationID)
    return decoded
}

@Suite struct ApiVersionsTableTests {
    let translator = WireTranslator(plan: ListenerPlan(portBase: 9091))

    @Test("the table advertises every api at the versions KafkaWire decodes, Produce from v0")
    func advertisedRanges() {
        let entries = ApiVersionsTable.entries
        #expect(entries.count == ApiKey.allCases.count)
        let byKey = Dictionary(uniqueKeysWithValues: entries.map { ($0.apiKey, $0.minVersion...$0.maxVersion) })
        #expect(byKey[ApiKey.produce.rawValue] == 0...8)
        #expect(byKey[ApiKey.fetch.rawValue] == 4...11)
        #expect(byKey[ApiKey.metadata.rawValue] == 0...8)
        #expect(byKey[ApiKey.apiVersions.rawValue] == 0...3)
        #expect(byKey[ApiKey.offsetCommit.rawValue] == 2...7)
        #expect(byKey[ApiKey.joinGroup.rawValue] == 0...5)
        #expect(byKey[ApiKey.initProducerId.rawValue] == 0...1)
    }

    @Test("ApiVersions v3 is answered by the server itself with the table, at v3", arguments: [Int16(0), 1, 2, 3])
    func answeredLocally(version: Int16) throws {
        let route = translator.route(
            header(.apiVersions, version: version), .apiVersions(ApiVersionsRequest()))
        guard case .answer(let response, let answerVersion) = route else {
            Issue.record("ApiVersions went to a broker: \(route)")
            return
        }
        #expect(answerVersion == version)
        guard case .apiVersions(let body) = try clientView(response, version: answerVersion) else {
            Issue.record("not an ApiVersions body")
            return
        }
        #expect(body.errorCode == 0)
        #expect(body.apiKeys.map(\.apiKey) == ApiKey.allCases.map(\.rawValue))
    }

    @Test("ApiVersions v4 gets error 35 in a v0 body naming ApiVersions 0-3")
    func fallback() throws {
        let route = translator.route(header(.apiVersions, version: 4), .apiVersions(ApiVersionsRequest()))
        guard case .answer(.apiVersions(let body), let version) = route else {
            Issue.record("no fallback: \(route)")
            return
        }
        #expect(version == 0)
        #expect(body.errorCode == 35)
        #expect(body.apiKeys == [.init(apiKey: 18, minVersion: 0, maxVersion: 3)])
    }
}

@Suite struct MetadataTranslationTests {
    let translator = WireTranslator(plan: ListenerPlan(portBase: 9091))

    static let selections: [(version: Int16, topics: [String]?, expected: [String]?)] = [
        (0, [], nil), (1, nil, nil), (8, nil, nil), (4, [], []), (8, ["orders"], ["orders"]),
    ]

    @Test("topics null, or empty in v0, ask for all topics; empty in v1+ asks for none", arguments: selections)
    func topicsSelection(version: Int16, names: [String]?, expected: [String]?) {
        let topics = names?.map { KafkaWire.MetadataRequest.Topic(name: $0) }
        let route = translator.route(header(.metadata, version: version), .metadata(.init(topics: topics)))
        guard case .broker(.metadata(let request), _) = route else {
            Issue.record("not a broker Metadata request: \(route)")
            return
        }
        #expect(request.topics == expected)
    }

    @Test("brokers get 127.0.0.1 and their listener ports; a partition without leader says -1")
    func response() throws {
        let call = WireCall(header: header(.metadata, version: 8), request: .metadata(.init(topics: nil)))
        let engine = KafkaCore.MetadataResponse(
            brokers: [BrokerID(1), BrokerID(3)], controllerID: BrokerID(3),
            topics: [
                TopicMetadata(
                    name: "orders", error: .none,
                    partitions: [
                        PartitionMetadata(
                            partition: 0, error: .none, leader: BrokerID(1), leaderEpoch: LeaderEpoch(4),
                            replicas: [BrokerID(1), BrokerID(2)], isr: [BrokerID(1)], offlineReplicas: [BrokerID(2)]),
                        PartitionMetadata(
                            partition: 1, error: .leaderNotAvailable, leader: nil, leaderEpoch: LeaderEpoch(2),
                            replicas: [BrokerID(2)], isr: [], offlineReplicas: [BrokerID(2)]),
                    ]),
                TopicMetadata(name: "__consumer_offsets", error: .none),
                TopicMetadata(name: "missing", error: .unknownTopicOrPartition),
            ])
        let wire = try #require(translator.response(to: call, answer: .metadata(engine)))
        guard case .metadata(let body) = try clientView(wire, version: 8) else {
            Issue.record("not Metadata")
            return
        }
        #expect(body.brokers.map(\.port) == [9092, 9094])
        #expect(body.brokers.allSatisfy { $0.host == "127.0.0.1" })
        #expect(body.controllerID == 3)
        #expect(body.clusterID == WireTranslator.clusterID)
        #expect(body.topics.map(\.isInternal) == [false, true, false])
        #expect(body.topics[2].errorCode == 3)
        #expect(body.topics[0].partitions[0].leaderEpoch == 4)
        #expect(body.topics[0].partitions[0].offlineReplicas == [2])
        #expect(body.topics[0].partitions[1].leaderID == -1)
        #expect(body.topics[0].partitions[1].errorCode == 5)
    }
}

@Suite struct ProduceTranslationTests {
    let translator = WireTranslator(plan: ListenerPlan())

    func produce(acks: Int16, records: [(String, Int32, [UInt8]?)]) -> KafkaWire.ProduceRequest {
        let topics = groupedByTopic(records) { $0.0 }.map { group in
            KafkaWire.ProduceRequest.TopicData(
                name: group.topic, partitionData: group.items.map { .init(index: $0.1, records: $0.2) })
        }
        return KafkaWire.ProduceRequest(transactionalID: nil, acks: acks, timeoutMs: 1500, topicData: topics)
    }

    @Test("one batch per partition goes to the broker with acks and timeout")
    func toBroker() {
        let batch = oneRecordBatch()
        let request = produce(acks: -1, records: [("orders", 0, batch.bytes), ("orders", 3, batch.bytes)])
        guard
            case .broker(.produce(let engine), let call) = translator.route(
                header(.produce, version: 8), .produce(request))
        else {
            Issue.record("not routed to the broker")
            return
        }
        #expect(engine.acks == -1)
        #expect(engine.timeout == .milliseconds(1500))
        #expect(engine.partitions.map(\.topicPartition) == [TopicPartition("orders", 0), TopicPartition("orders", 3)])
        #expect(engine.partitions[0].batch == batch)
        #expect(call.refusedPartitions.isEmpty)
    }

    @Test("acks=0 goes to the broker and expects no response")
    func acksZero() {
        let request = produce(acks: 0, records: [("orders", 0, oneRecordBatch().bytes)])
        guard
            case .brokerWithoutResponse(.produce(let engine)) = translator.route(
                header(.produce, version: 7), .produce(request))
        else {
            Issue.record("acks=0 expects a response")
            return
        }
        #expect(engine.acks == 0)
    }

    @Test("broken batches are refused per partition and merged into the broker's answer in request order")
    func refusedPartitions() throws {
        let good = oneRecordBatch().bytes
        let request = produce(
            acks: 1,
            records: [
                ("orders", 0, Array(good.prefix(30))), ("orders", 1, good), ("orders", 2, good + good),
                ("orders", 3, nil),
            ])
        guard
            case .broker(.produce(let engine), let call) = translator.route(
                header(.produce, version: 8), .produce(request))
        else {
            Issue.record("not routed to the broker")
            return
        }
        #expect(engine.partitions.map(\.topicPartition.partition) == [1])
        let answer = KafkaCore.ProduceResponse(partitions: [
            ProducePartitionResponse(
                TopicPartition("orders", 1), error: .none, baseOffset: Offset(41), logStartOffset: Offset(0))
        ])
        let wire = try #require(translator.response(to: call, answer: .produce(answer)))
        guard case .produce(let body) = try clientView(wire, version: 8) else {
            Issue.record("not Produce")
            return
        }
        let partitions = body.responses[0].partitionResponses
        #expect(partitions.map(\.index) == [0, 1, 2, 3])
        #expect(partitions.map(\.errorCode) == [2, 0, 87, 87])
        #expect(partitions[1].baseOffset == 41)
        #expect(partitions[1].logStartOffset == 0)
    }

    @Test("a request whose every batch is broken is answered without a broker")
    func allRefused() {
        let request = produce(acks: 1, records: [("orders", 0, [1, 2, 3])])
        guard case .answer(.produce(let body), 8) = translator.route(header(.produce, version: 8), .produce(request))
        else {
            Issue.record("not answered locally")
            return
        }
        #expect(body.responses[0].partitionResponses[0].errorCode == 2)
    }
}
