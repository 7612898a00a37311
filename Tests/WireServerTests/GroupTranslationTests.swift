import KafkaCore
import KafkaWire
import Testing

@testable import WireServer

@Suite struct FetchTranslationTests {
    let translator = WireTranslator(plan: ListenerPlan())

    @Test("a consumer Fetch keeps its offsets, epochs, limits and isolation level")
    func request() {
        let wire = KafkaWire.FetchRequest(
            maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800, isolationLevel: 1,
            topics: [
                .init(
                    topic: "orders",
                    partitions: [
                        .init(partition: 2, currentLeaderEpoch: 5, fetchOffset: 10, partitionMaxBytes: 1_048_576),
                        .init(partition: 4, fetchOffset: 0, partitionMaxBytes: 100),
                    ])
            ])
        guard case .broker(.fetch(let engine), _) = translator.route(header(.fetch, version: 11), .fetch(wire)) else {
            Issue.record("not routed to the broker")
            return
        }
        #expect(engine.replicaID == nil)
        #expect(engine.maxWait == .milliseconds(500))
        #expect(engine.isolationLevel == .readCommitted)
        #expect(engine.partitions.map(\.topicPartition) == [TopicPartition("orders", 2), TopicPartition("orders", 4)])
        #expect(engine.partitions[0].currentLeaderEpoch == LeaderEpoch(5))
        #expect(engine.partitions[1].currentLeaderEpoch == nil)
        #expect(engine.partitions[0].fetchOffset == Offset(10))
        #expect(engine.partitions[1].partitionMaxBytes == 100)
    }

    @Test("the answer is grouped by topic, with the records and the last stable offset at the high watermark")
    func response() throws {
        let call = WireCall(
            header: header(.fetch, version: 11),
            request: .fetch(.init(maxWaitMs: 0, minBytes: 0, topics: [])))
        let batch = oneRecordBatch().bytes
        let engine = KafkaCore.FetchResponse(partitions: [
            FetchPartitionResponse(
                TopicPartition("a", 0), error: .none, highWatermark: Offset(1), logStartOffset: Offset(0),
                records: batch),
            FetchPartitionResponse(TopicPartition("b", 1), error: .notLeaderOrFollower),
            FetchPartitionResponse(
                TopicPartition("a", 1), error: .none, highWatermark: Offset(9), lastStableOffset: Offset(8)),
        ])
        let wire = try #require(translator.response(to: call, answer: .fetch(engine)))
        guard case .fetch(let body) = try clientView(wire, version: 11) else {
            Issue.record("not Fetch")
            return
        }
        #expect(body.sessionID == 0)
        #expect(body.responses.map(\.topic) == ["a", "b"])
        #expect(body.responses[0].partitions.map(\.partitionIndex) == [0, 1])
        #expect(body.responses[0].partitions[0].records == batch)
        #expect(body.responses[0].partitions[0].lastStableOffset == 1)
        #expect(body.responses[0].partitions[1].lastStableOffset == 8)
        #expect(body.responses[1].partitions[0].errorCode == 6)
    }

    @Test("ListOffsets v0 answers in old-style offsets, v1+ in offset and timestamp", arguments: [Int16(0), 1, 5])
    func listOffsets(version: Int16) throws {
        let request = KafkaWire.ListOffsetsRequest(
            topics: [.init(name: "orders", partitions: [.init(partitionIndex: 3, timestamp: -1)])])
        guard
            case .broker(.listOffsets(let engine), let call) = translator.route(
                header(.listOffsets, version: version), .listOffsets(request))
        else {
            Issue.record("not routed to the broker")
            return
        }
        #expect(engine.partitions == [ListOffsetsPartition(TopicPartition("orders", 3), timestamp: -1)])
        let answer = KafkaCore.ListOffsetsResponse(partitions: [
            ListOffsetsPartitionResponse(
                TopicPartition("orders", 3), error: .none, offset: Offset(12), leaderEpoch: LeaderEpoch(2))
        ])
        let wire = try #require(translator.response(to: call, answer: .listOffsets(answer)))
        guard case .listOffsets(let body) = try clientView(wire, version: version) else {
            Issue.record("not ListOffsets")
            return
        }
        let partition = body.topics[0].partitions[0]
        if version == 0 {
            #expect(partition.oldStyleOffsets == [12])
        } else {
            #expect(partition.offset == 12)
        }
        if version >= 4 { #expect(partition.leaderEpoch == 2) }
    }
}

@Suite struct GroupTranslationTests {
    let translator = WireTranslator(plan: ListenerPlan(portBase: 19_000))

    @Test("JoinGroup takes the client id from the header; v0's rebalance timeout is its session timeout")
    func joinGroup() throws {
        let join = KafkaWire.JoinGroupRequest(
            groupID: "g", sessionTimeoutMs: 10_000, memberID: "", protocolType: "consumer",
            protocols: [.init(name: "range", metadata: [0, 1])])
        guard
            case .broker(.joinGroup(let engine), let call) = translator.route(
                header(.joinGroup, version: 0, clientID: "rdkafka"), .joinGroup(join))
        else {
            Issue.record("not routed to the broker")
            return
        }
        #expect(engine.clientID == "rdkafka")
        #expect(engine.rebalanceTimeout == .milliseconds(10_000))
        #expect(engine.protocols == [JoinGroupProtocol(name: "range", metadata: [0, 1])])
        let answer = KafkaCore.JoinGroupResponse(
            error: .none, generationID: 3, protocolName: "range", leader: "m1", memberID: "m1",
            members: [JoinGroupResponseMember(memberID: "m1", metadata: [0, 1])])
        let wire = try #require(translator.response(to: call, answer: .joinGroup(answer)))
        guard case .joinGroup(let body) = try clientView(wire, version: 5) else {
            Issue.record("not JoinGroup")
            return
        }
        #expect(body.generationID == 3)
        #expect(body.members.map(\.memberID) == ["m1"])
    }

    @Test("LeaveGroup v0-2 name one member, v3 a list", arguments: [Int16(1), 3])
    func leaveGroup(version: Int16) {
        let leave =
            version < 3
            ? KafkaWire.LeaveGroupRequest(groupID: "g", memberID: "m1")
            : KafkaWire.LeaveGroupRequest(groupID: "g", members: [.init(memberID: "m1"), .init(memberID: "m2")])
        guard
            case .broker(.leaveGroup(let engine), _) = translator.route(
                header(.leaveGroup, version: version), .leaveGroup(leave))
        else {
            Issue.record("not routed to the broker")
            return
        }
        #expect(engine.members.map(\.memberID) == (version < 3 ? ["m1"] : ["m1", "m2"]))
    }

    @Test("FindCoordinator names the coordinator's listener; no coordinator is error 15")
    func findCoordinator() throws {
        let call = WireCall(header: header(.findCoordinator, version: 2), request: .findCoordinator(.init(key: "g")))
        let found = try #require(
            translator.response(to: call, answer: .findCoordinator(.init(error: .none, coordinator: BrokerID(2)))))
        #expect(found == .findCoordinator(.init(nodeID: 2, host: "127.0.0.1", port: 19_002)))
        let none = try #require(translator.response(to: call, answer: .findCoordinator(.init(error: .none))))
        guard case .findCoordinator(let body) = none else { return }
        #expect(body.errorCode == 15)
    }

    @Test("OffsetCommit and OffsetFetch keep offsets, epochs and metadata by topic")
    func offsets() throws {
        let commit = KafkaWire.OffsetCommitRequest(
            groupID: "g", generationIDOrMemberEpoch: 4, memberID: "m1",
            topics: [
                .init(
                    name: "orders",
                    partitions: [
                        .init(partitionIndex: 1, committedOffset: 99, committedLeaderEpoch: 3, committedMetadata: "x")
                    ])
            ])
        guard
            case .broker(.offsetCommit(let engine), let call) = translator.route(
                header(.offsetCommit, version: 7), .offsetCommit(commit))
        else {
            Issue.record("not routed to the broker")
            return
        }
        #expect(engine.generationID == 4)
        #expect(
            engine.partitions == [
                OffsetCommitPartition(
                    TopicPartition("orders", 1), committedOffset: Offset(99), committedLeaderEpoch: LeaderEpoch(3),
                    metadata: "x")
            ])
        let committed = try #require(
            translator.response(
                to: call,
                answer: .offsetCommit(.init(partitions: [.init(TopicPartition("orders", 1), error: .none)]))))
        #expect(
            committed == .offsetCommit(.init(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 1)])])))

        let fetch = KafkaWire.OffsetFetchRequest(groupID: "g", topics: nil)
        guard
            case .broker(.offsetFetch(let engineFetch), _) = translator.route(
                header(.offsetFetch, version: 5), .offsetFetch(fetch))
        else {
            Issue.record("not routed to the broker")
            return
        }
        #expect(engineFetch.partitions == nil)
    }

    @Test("OffsetFetch v1 carries a group error in every requested partition")
    func offsetFetchV1Error() throws {
        let fetch = KafkaWire.OffsetFetchRequest(
            groupID: "g", topics: [.init(name: "orders", partitionIndexes: [0, 1])])
        let call = WireCall(header: header(.offsetFetch, version: 1), request: .offsetFetch(fetch))
        let wire = try #require(
            translator.response(to: call, answer: .offsetFetch(.init(error: .notCoordinator))))
        guard case .offsetFetch(let body) = try clientView(wire, version: 1) else {
            Issue.record("not OffsetFetch")
            return
        }
        #expect(body.topics[0].partitions.map(\.errorCode) == [16, 16])
    }

    @Test("requests the engine does not model are refused here with Kafka's codes")
    func refusedLocally() {
        let transactional = translator.route(
            header(.initProducerId, version: 1),
            .initProducerId(.init(transactionalID: "tx", transactionTimeoutMs: 1000)))
        guard case .answer(.initProducerId(let body), 1) = transactional else {
            Issue.record("transactional InitProducerId reached a broker")
            return
        }
        #expect(body.errorCode == 53)
        let validate = translator.route(
            header(.createTopics, version: 4),
            .createTopics(.init(topics: [.init(name: "t", numPartitions: 1, replicationFactor: 1)], validateOnly: true))
        )
        guard case .answer(.createTopics(let created), 4) = validate else {
            Issue.record("validate_only reached a broker")
            return
        }
        #expect(created.topics.map(\.errorCode) == [42])
    }

    @Test("CreateTopics refuses illegal topic names here (17) and merges the broker's answer for the rest")
    func illegalTopicNames() throws {
        let request = KafkaWire.CreateTopicsRequest(topics: [
            .init(name: "bad name", numPartitions: 1, replicationFactor: 1),
            .init(name: "good.topic_1", numPartitions: 2, replicationFactor: 1),
            .init(name: "..", numPartitions: 1, replicationFactor: 1),
        ])
        guard
            case .broker(.createTopics(let engine), let call) = translator.route(
                header(.createTopics, version: 4), .createTopics(request))
        else {
            Issue.record("legal topics did not reach a broker")
            return
        }
        #expect(engine.topics.map(\.name) == ["good.topic_1"])
        let wire = try #require(
            translator.response(
                to: call, answer: .createTopics(.init(topics: [CreatedTopic(name: "good.topic_1", error: .none)]))))
        guard case .createTopics(let body) = wire else { return }
        #expect(body.topics.map(\.name) == ["bad name", "good.topic_1", ".."])
        #expect(body.topics.map(\.errorCode) == [17, 0, 17])
    }

    @Test("an answer of another kind than the request has no translation")
    func mismatch() {
        let call = WireCall(
            header: header(.heartbeat, version: 3),
            request: .heartbeat(.init(groupID: "g", generationID: 1, memberID: "m")))
        #expect(translator.response(to: call, answer: .listGroups(.init(error: .none))) == nil)
    }
}
