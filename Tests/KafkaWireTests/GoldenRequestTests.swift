import KafkaWire
import Testing

/// Hand-built request bodies at versions the client fixture does not cover, encoded and compared
/// with hex derived field by field from the protocol layouts, then decoded back.
@Suite struct GoldenRequestTests {
    @Test("ApiVersions v0–2 bodies are empty and v3 carries compact strings and a tag buffer")
    func apiVersions() throws {
        try checkGolden(ApiVersionsRequest(), version: 2, "")
        try checkGolden(
            ApiVersionsRequest(clientSoftwareName: "kp", clientSoftwareVersion: "1"), version: 3,
            "03 6b70  02 31  00")
    }

    @Test("Metadata v0 lists topics with an int32 count and v1 writes null topics as -1")
    func metadata() throws {
        try checkGolden(MetadataRequest(topics: [.init(name: "t")]), version: 0, "00000001 0001 74")
        try checkGolden(MetadataRequest(topics: nil), version: 1, "ffffffff")
        try checkGolden(
            MetadataRequest(topics: [], allowAutoTopicCreation: false), version: 4, "00000000 00")
    }

    @Test("Produce v3 carries a null transactional id and the records as int32-length bytes")
    func produce() throws {
        let body = ProduceRequest(
            transactionalID: nil, acks: -1, timeoutMs: 30_000,
            topicData: [.init(name: "t", partitionData: [.init(index: 0, records: [1, 2, 3])])])
        try checkGolden(body, version: 3, "ffff ffff 00007530 00000001 0001 74 00000001 00000000 00000003 010203")
    }

    @Test("Fetch v4 has no session fields and v7 adds the session, log start offset and forgotten topics")
    func fetch() throws {
        let partition = FetchRequest.FetchPartition(partition: 0, fetchOffset: 5, partitionMaxBytes: 1_048_576)
        try checkGolden(
            FetchRequest(maxWaitMs: 500, minBytes: 1, topics: [.init(topic: "t", partitions: [partition])]),
            version: 4,
            "ffffffff 000001f4 00000001 7fffffff 00  00000001 0001 74 00000001 00000000 0000000000000005 00100000")
        try checkGolden(
            FetchRequest(
                maxWaitMs: 500, minBytes: 1, topics: [.init(topic: "t", partitions: [partition])],
                forgottenTopicsData: [.init(topic: "u", partitions: [1, 2])]),
            version: 7,
            """
            ffffffff 000001f4 00000001 7fffffff 00 00000000 ffffffff
            00000001 0001 74 00000001 00000000 0000000000000005 ffffffffffffffff 00100000
            00000001 0001 75 00000002 00000001 00000002
            """)
    }

    @Test("ListOffsets v0 asks for a number of offsets and v4 adds isolation and the current leader epoch")
    func listOffsets() throws {
        try checkGolden(
            ListOffsetsRequest(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, timestamp: -1)])]),
            version: 0, "ffffffff 00000001 0001 74 00000001 00000000 ffffffffffffffff 00000001")
        try checkGolden(
            ListOffsetsRequest(
                isolationLevel: 1,
                topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, currentLeaderEpoch: 3, timestamp: -2)])]
            ),
            version: 4, "ffffffff 01 00000001 0001 74 00000001 00000000 00000003 fffffffffffffffe")
    }

    @Test("FindCoordinator v0 is only the key and v1 adds the key type")
    func findCoordinator() throws {
        try checkGolden(FindCoordinatorRequest(key: "g"), version: 0, "0001 67")
        try checkGolden(FindCoordinatorRequest(key: "g", keyType: 1), version: 1, "0001 67 01")
    }

    @Test("JoinGroup v0 has no rebalance timeout and no group instance id")
    func joinGroup() throws {
        let body = JoinGroupRequest(
            groupID: "g", sessionTimeoutMs: 10_000, memberID: "", protocolType: "consumer",
            protocols: [.init(name: "range", metadata: [0, 1])])
        try checkGolden(
            body, version: 0, "0001 67 00002710 0000 0008 636f6e73756d6572 00000001 0005 72616e6765 00000002 0001")
    }

    @Test("SyncGroup v0 carries each member's assignment as bytes")
    func syncGroup() throws {
        let body = SyncGroupRequest(
            groupID: "g", generationID: 1, memberID: "m", assignments: [.init(memberID: "m", assignment: [0x0a])])
        try checkGolden(body, version: 0, "0001 67 00000001 0001 6d 00000001 0001 6d 00000001 0a")
    }

    @Test("Heartbeat v0 is group, generation and member")
    func heartbeat() throws {
        try checkGolden(
            HeartbeatRequest(groupID: "g", generationID: 2, memberID: "m"), version: 0, "0001 67 00000002 0001 6d")
    }

    @Test("LeaveGroup v0 names one member and v3 a member array")
    func leaveGroup() throws {
        try checkGolden(LeaveGroupRequest(groupID: "g", memberID: "m"), version: 0, "0001 67 0001 6d")
        try checkGolden(
            LeaveGroupRequest(groupID: "g", members: [.init(memberID: "m")]), version: 3,
            "0001 67 00000001 0001 6d ffff")
    }

    @Test("OffsetCommit v2 carries the retention time and v6 the committed leader epoch")
    func offsetCommit() throws {
        try checkGolden(
            OffsetCommitRequest(
                groupID: "g", generationIDOrMemberEpoch: 1, memberID: "m",
                topics: [
                    .init(
                        name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 42, committedMetadata: nil)])
                ]),
            version: 2,
            "0001 67 00000001 0001 6d ffffffffffffffff 00000001 0001 74 00000001 00000000 000000000000002a ffff")
        try checkGolden(
            OffsetCommitRequest(
                groupID: "g", generationIDOrMemberEpoch: 1, memberID: "m",
                topics: [
                    .init(
                        name: "t",
                        partitions: [
                            .init(
                                partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 4, committedMetadata: "")
                        ])
                ]),
            version: 6, "0001 67 00000001 0001 6d 00000001 0001 74 00000001 00000000 000000000000002a 00000004 0000")
    }

    @Test("OffsetFetch v1 lists partitions and v2 may ask for all topics with a null array")
    func offsetFetch() throws {
        try checkGolden(
            OffsetFetchRequest(groupID: "g", topics: [.init(name: "t", partitionIndexes: [0, 1])]), version: 1,
            "0001 67 00000001 0001 74 00000002 00000000 00000001")
        try checkGolden(OffsetFetchRequest(groupID: "g", topics: nil), version: 2, "0001 67 ffffffff")
    }

    @Test("DescribeGroups v0 is an array of group ids and v3 adds the authorized-operations flag")
    func describeGroups() throws {
        try checkGolden(DescribeGroupsRequest(groups: ["g"]), version: 0, "00000001 0001 67")
        try checkGolden(DescribeGroupsRequest(groups: [], includeAuthorizedOperations: true), version: 3, "00000000 01")
    }

    @Test("ListGroups v0 has an empty body")
    func listGroups() throws {
        try checkGolden(ListGroupsRequest(), version: 0, "")
    }

    @Test("CreateTopics v2 carries partitions, replication factor, configs, timeout and validate-only")
    func createTopics() throws {
        let body = CreateTopicsRequest(
            topics: [
                .init(
                    name: "t", numPartitions: 3, replicationFactor: 1,
                    assignments: [.init(partitionIndex: 0, brokerIDs: [1])],
                    configs: [.init(name: "cleanup.policy", value: "compact")])
            ])
        try checkGolden(
            body, version: 2,
            """
            00000001 0001 74 00000003 0001 00000001 00000000 00000001 00000001
            00000001 000e 636c65616e75702e706f6c696379 0007 636f6d70616374 0000ea60 00
            """)
    }

    @Test("InitProducerId v0 is a nullable transactional id and a timeout")
    func initProducerId() throws {
        try checkGolden(
            InitProducerIdRequest(transactionalID: "tx", transactionTimeoutMs: 60_000), version: 0, "0002 7478 0000ea60"
        )
    }
}
