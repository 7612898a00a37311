import KafkaWire

/// Response bodies for the round-trip and truncation tests: `full` sets every field of the
/// highest version to a value other than its default; `minimal` is what the lowest version can say.
enum ResponseSamples {
    struct Sample: Sendable, CustomStringConvertible {
        var apiKey: ApiKey
        var minimal: KafkaResponse
        var full: KafkaResponse
        var description: String { "\(apiKey)" }
    }

    static let all: [Sample] = [
        Sample(
            apiKey: .apiVersions,
            minimal: .apiVersions(.init(apiKeys: [.init(apiKey: 0, minVersion: 3, maxVersion: 8)])),
            full: .apiVersions(
                .init(
                    errorCode: 0,
                    apiKeys: [
                        .init(apiKey: 0, minVersion: 3, maxVersion: 8),
                        .init(apiKey: 18, minVersion: 0, maxVersion: 3, taggedFields: [.init(tag: 1, data: [7])]),
                    ], throttleTimeMs: 5, taggedFields: [.init(tag: 3, data: [1])]))),
        Sample(
            apiKey: .metadata,
            minimal: .metadata(
                .init(
                    brokers: [.init(nodeID: 1, host: "n1", port: 9092)],
                    topics: [
                        .init(
                            name: "t",
                            partitions: [.init(partitionIndex: 0, leaderID: 1, replicaNodes: [1, 2], isrNodes: [1])])
                    ])),
            full: .metadata(
                .init(
                    throttleTimeMs: 3, brokers: [.init(nodeID: 1, host: "n1", port: 9092, rack: "r1")],
                    clusterID: "c", controllerID: 2,
                    topics: [
                        .init(
                            errorCode: 5, name: "t", isInternal: true,
                            partitions: [
                                .init(
                                    errorCode: 6, partitionIndex: 0, leaderID: 1, leaderEpoch: 4, replicaNodes: [1, 2],
                                    isrNodes: [1], offlineReplicas: [2])
                            ], topicAuthorizedOperations: 8)
                    ], clusterAuthorizedOperations: 9))),
        Sample(
            apiKey: .produce,
            minimal: .produce(
                .init(responses: [.init(name: "t", partitionResponses: [.init(index: 0, baseOffset: 7)])])),
            full: .produce(
                .init(
                    responses: [
                        .init(
                            name: "t",
                            partitionResponses: [
                                .init(
                                    index: 1, errorCode: 87, baseOffset: 7, logAppendTimeMs: 99, logStartOffset: 2,
                                    recordErrors: [.init(batchIndex: 0, batchIndexErrorMessage: "bad")],
                                    errorMessage: "invalid record")
                            ])
                    ], throttleTimeMs: 4))),
        Sample(
            apiKey: .fetch,
            minimal: .fetch(
                .init(
                    responses: [
                        .init(
                            topic: "t", partitions: [.init(partitionIndex: 0, highWatermark: 10, records: [1, 2, 3])])
                    ])),
            full: .fetch(
                .init(
                    throttleTimeMs: 1, errorCode: 2, sessionID: 3,
                    responses: [
                        .init(
                            topic: "t",
                            partitions: [
                                .init(
                                    partitionIndex: 0, errorCode: 1, highWatermark: 10, lastStableOffset: 9,
                                    logStartOffset: 2, abortedTransactions: [.init(producerID: 5, firstOffset: 6)],
                                    preferredReadReplica: 3, records: nil)
                            ])
                    ]))),
        Sample(
            apiKey: .listOffsets,
            minimal: .listOffsets(
                .init(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, oldStyleOffsets: [42])])])),
            full: .listOffsets(
                .init(
                    throttleTimeMs: 2,
                    topics: [
                        .init(
                            name: "t",
                            partitions: [
                                .init(partitionIndex: 0, errorCode: 3, timestamp: 100, offset: 42, leaderEpoch: 5)
                            ])
                    ]))),
        Sample(
            apiKey: .findCoordinator,
            minimal: .findCoordinator(.init(nodeID: 1, host: "n1", port: 9092)),
            full: .findCoordinator(
                .init(throttleTimeMs: 1, errorCode: 15, errorMessage: "not available", nodeID: -1, host: "", port: -1))),
        Sample(
            apiKey: .joinGroup,
            minimal: .joinGroup(
                .init(
                    generationID: 1, protocolName: "range", leader: "m1", memberID: "m1",
                    members: [.init(memberID: "m1", metadata: [0, 1])])),
            full: .joinGroup(
                .init(
                    throttleTimeMs: 2, errorCode: 79, generationID: 3, protocolName: "range", leader: "m1",
                    memberID: "m2",
                    members: [.init(memberID: "m1", groupInstanceID: "i1", metadata: [0, 1])]))),
        Sample(
            apiKey: .syncGroup,
            minimal: .syncGroup(.init(assignment: [0, 1, 2])),
            full: .syncGroup(.init(throttleTimeMs: 1, errorCode: 27, assignment: []))),
        Sample(
            apiKey: .heartbeat, minimal: .heartbeat(.init()), full: .heartbeat(.init(throttleTimeMs: 1, errorCode: 27))),
        Sample(
            apiKey: .leaveGroup,
            minimal: .leaveGroup(.init(errorCode: 25)),
            full: .leaveGroup(
                .init(
                    throttleTimeMs: 1, errorCode: 0,
                    members: [.init(memberID: "m1", groupInstanceID: nil, errorCode: 25)]))),
        Sample(
            apiKey: .offsetCommit,
            minimal: .offsetCommit(.init(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0)])])),
            full: .offsetCommit(
                .init(
                    throttleTimeMs: 1, topics: [.init(name: "t", partitions: [.init(partitionIndex: 2, errorCode: 22)])]
                ))),
        Sample(
            apiKey: .offsetFetch,
            minimal: .offsetFetch(
                .init(
                    topics: [
                        .init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: -1, metadata: nil)])
                    ])),
            full: .offsetFetch(
                .init(
                    throttleTimeMs: 1,
                    topics: [
                        .init(
                            name: "t",
                            partitions: [
                                .init(
                                    partitionIndex: 0, committedOffset: 12, committedLeaderEpoch: 3, metadata: "m",
                                    errorCode: 0)
                            ])
                    ], errorCode: 14))),
        Sample(
            apiKey: .describeGroups,
            minimal: .describeGroups(
                .init(
                    groups: [
                        .init(
                            groupID: "g", groupState: "Stable", protocolType: "consumer", protocolData: "range",
                            members: [
                                .init(
                                    memberID: "m1", clientID: "c", clientHost: "/h", memberMetadata: [1],
                                    memberAssignment: [2])
                            ])
                    ])),
            full: .describeGroups(
                .init(
                    throttleTimeMs: 1,
                    groups: [
                        .init(
                            errorCode: 16, groupID: "g", groupState: "Empty", protocolType: "consumer",
                            protocolData: "",
                            members: [
                                .init(
                                    memberID: "m1", groupInstanceID: "i", clientID: "c", clientHost: "/h",
                                    memberMetadata: [1], memberAssignment: [])
                            ], authorizedOperations: 7)
                    ]))),
        Sample(
            apiKey: .listGroups,
            minimal: .listGroups(.init(groups: [.init(groupID: "g", protocolType: "consumer")])),
            full: .listGroups(.init(throttleTimeMs: 1, errorCode: 15, groups: []))),
        Sample(
            apiKey: .createTopics,
            minimal: .createTopics(.init(topics: [.init(name: "t")])),
            full: .createTopics(
                .init(throttleTimeMs: 1, topics: [.init(name: "t", errorCode: 36, errorMessage: "exists")]))),
        Sample(
            apiKey: .initProducerId,
            minimal: .initProducerId(.init(producerID: 1000, producerEpoch: 0)),
            full: .initProducerId(.init(throttleTimeMs: 1, errorCode: 0, producerID: 1000, producerEpoch: 3))),
    ]
}
