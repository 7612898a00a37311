import KafkaWire
import Testing

/// Response bodies and frames encoded and compared with hex derived field by field from the
/// protocol layouts (reference §4.3 and §14), then decoded back.
@Suite struct ResponseGoldenTests {
    private func checkFrame(
        _ response: KafkaResponse, version: Int16, _ hex: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let frame = encodeResponse(correlationID: 1, apiKey: response.apiKey, version: version, response: response)
        #expect(Hex.string(frame) == Hex.string(Hex.bytes(hex)), sourceLocation: sourceLocation)
        let (header, decoded) = try decodeResponse(frame: frame, apiKey: response.apiKey, version: version)
        #expect(header.correlationID == 1, sourceLocation: sourceLocation)
        #expect(decoded == response, sourceLocation: sourceLocation)
    }

    @Test("ApiVersions v0 has header v0, an int32-count array and no throttle time")
    func apiVersionsV0() throws {
        let body = ApiVersionsResponse(apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 3)])
        try checkFrame(.apiVersions(body), version: 0, "00000001  0000  00000001 0012 0000 0003")
    }

    @Test("ApiVersions v3 keeps header v0 and writes a compact array with tag buffers")
    func apiVersionsV3() throws {
        let body = ApiVersionsResponse(apiKeys: [
            .init(apiKey: 0, minVersion: 3, maxVersion: 8), .init(apiKey: 18, minVersion: 0, maxVersion: 3),
        ])
        try checkFrame(
            .apiVersions(body), version: 3,
            "00000001  0000  03 (0000 0003 0008 00) (0012 0000 0003 00)  00000000  00"
                .filter { $0 != "(" && $0 != ")" })
    }

    @Test("the unsupported-version fallback is error 35 with the ApiVersions range, as v0")
    func apiVersionsFallback() throws {
        let fallback = ApiVersionsResponse.unsupportedVersionFallback()
        #expect(fallback.errorCode == 35)
        try checkFrame(.apiVersions(fallback), version: 0, "00000001  0023  00000001 0012 0000 0003")
        let narrow = ApiVersionsResponse.unsupportedVersionFallback(supported: 0...2)
        try checkFrame(.apiVersions(narrow), version: 0, "00000001  0023  00000001 0012 0000 0002")
    }

    @Test("Metadata v1 adds the rack, the controller id and isInternal")
    func metadataV1() throws {
        let body = MetadataResponse(
            brokers: [.init(nodeID: 1, host: "n1", port: 9092)], controllerID: 1,
            topics: [
                .init(name: "t", partitions: [.init(partitionIndex: 0, leaderID: 1, replicaNodes: [1], isrNodes: [1])])
            ])
        try checkGolden(
            body, version: 1,
            """
            00000001 00000001 0002 6e31 00002384 ffff  00000001
            00000001 0000 0001 74 00 00000001 0000 00000000 00000001 00000001 00000001 00000001 00000001
            """)
    }

    @Test("Produce v3 ends each partition with the append time and v8 adds log start, record errors and a message")
    func produce() throws {
        let body = ProduceResponse(responses: [.init(name: "t", partitionResponses: [.init(index: 0, baseOffset: 5)])])
        try checkGolden(
            body, version: 3, "00000001 0001 74 00000001 00000000 0000 0000000000000005 ffffffffffffffff 00000000")
        var v8 = body
        v8.responses[0].partitionResponses[0].logStartOffset = 0
        try checkGolden(
            v8, version: 8,
            "00000001 0001 74 00000001 00000000 0000 0000000000000005 ffffffffffffffff 0000000000000000 00000000 ffff 00000000"
        )
    }

    @Test("Fetch v4 has null aborted transactions and raw records; v11 adds the session, log start and read replica")
    func fetch() throws {
        let partition = FetchResponse.PartitionData(
            partitionIndex: 0, highWatermark: 10, lastStableOffset: 10, records: [0xAA, 0xBB])
        let body = FetchResponse(responses: [.init(topic: "t", partitions: [partition])])
        try checkGolden(
            body, version: 4,
            "00000000 00000001 0001 74 00000001 00000000 0000 000000000000000a 000000000000000a ffffffff 00000002 aabb")
        var v11 = body
        v11.responses[0].partitions[0].logStartOffset = 0
        try checkGolden(
            v11, version: 11,
            """
            00000000 0000 00000000 00000001 0001 74 00000001 00000000 0000 000000000000000a 000000000000000a
            0000000000000000 ffffffff ffffffff 00000002 aabb
            """)
    }

    @Test("ListOffsets v0 answers with an array of old-style offsets")
    func listOffsets() throws {
        let body = ListOffsetsResponse(topics: [
            .init(name: "t", partitions: [.init(partitionIndex: 0, oldStyleOffsets: [42])])
        ])
        try checkGolden(body, version: 0, "00000001 0001 74 00000001 00000000 0000 00000001 000000000000002a")
    }

    @Test("FindCoordinator v1 adds throttle time and a nullable error message")
    func findCoordinator() throws {
        try checkGolden(
            FindCoordinatorResponse(nodeID: 1, host: "n1", port: 9092), version: 1,
            "00000000 0000 ffff 00000001 0002 6e31 00002384")
    }

    @Test("JoinGroup v5 writes each member's group instance id")
    func joinGroup() throws {
        let body = JoinGroupResponse(
            generationID: 1, protocolName: "range", leader: "m", memberID: "m",
            members: [.init(memberID: "m", metadata: [1])])
        try checkGolden(
            body, version: 5, "00000000 0000 00000001 0005 72616e6765 0001 6d 0001 6d 00000001 0001 6d ffff 00000001 01"
        )
    }

    @Test("SyncGroup v0 is an error code and the assignment bytes")
    func syncGroup() throws {
        try checkGolden(SyncGroupResponse(assignment: [1, 2]), version: 0, "0000 00000002 0102")
    }

    @Test("Heartbeat v1 puts throttle time before the error code")
    func heartbeat() throws {
        try checkGolden(HeartbeatResponse(errorCode: 27), version: 1, "00000000 001b")
        try checkGolden(HeartbeatResponse(errorCode: 27), version: 0, "001b")
    }

    @Test("LeaveGroup v3 answers per member")
    func leaveGroup() throws {
        try checkGolden(
            LeaveGroupResponse(members: [.init(memberID: "m")]), version: 3, "00000000 0000 00000001 0001 6d ffff 0000")
    }

    @Test("OffsetCommit v2 has no throttle time")
    func offsetCommit() throws {
        try checkGolden(
            OffsetCommitResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0)])]), version: 2,
            "00000001 0001 74 00000001 00000000 0000")
    }

    @Test("OffsetFetch v5 adds the committed leader epoch and ends with a top-level error code")
    func offsetFetch() throws {
        let body = OffsetFetchResponse(
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 12, metadata: nil)])])
        try checkGolden(
            body, version: 5, "00000000 00000001 0001 74 00000001 00000000 000000000000000c ffffffff ffff 0000 0000")
    }

    @Test("DescribeGroups v0 writes state, protocol type and protocol as strings")
    func describeGroups() throws {
        let body = DescribeGroupsResponse(groups: [
            .init(groupID: "g", groupState: "Empty", protocolType: "consumer", protocolData: "", members: [])
        ])
        try checkGolden(body, version: 0, "00000001 0000 0001 67 0005 456d707479 0008 636f6e73756d6572 0000 00000000")
    }

    @Test("ListGroups v0 lists group ids with their protocol type")
    func listGroups() throws {
        try checkGolden(
            ListGroupsResponse(groups: [.init(groupID: "g", protocolType: "consumer")]), version: 0,
            "0000 00000001 0001 67 0008 636f6e73756d6572")
    }

    @Test("CreateTopics v2 reports TOPIC_ALREADY_EXISTS with a null message")
    func createTopics() throws {
        try checkGolden(
            CreateTopicsResponse(topics: [.init(name: "t", errorCode: 36)]), version: 2,
            "00000000 00000001 0001 74 0024 ffff")
    }

    @Test("InitProducerId v0 is throttle, error, producer id and epoch")
    func initProducerId() throws {
        try checkGolden(
            InitProducerIdResponse(producerID: 1000, producerEpoch: 0), version: 0,
            "00000000 0000 00000000000003e8 0000")
    }
}
