import KafkaWire
import Testing

/// Each version-dependent field of the `full` samples survives a round trip at the version where
/// it appears and is dropped (read back as its default) one version earlier.
@Suite struct ResponseFieldVersionTests {
    struct Field: Sendable, CustomStringConvertible {
        var apiKey: ApiKey
        var version: Int16
        var name: String
        var isSet: @Sendable (KafkaResponse) -> Bool
        var description: String { "\(apiKey) v\(version) \(name)" }
    }

    static let fields: [Field] = [
        Field(apiKey: .apiVersions, version: 1, name: "throttleTimeMs") { apiVersions($0)?.throttleTimeMs == 5 },
        Field(apiKey: .apiVersions, version: 3, name: "taggedFields") {
            apiVersions($0)?.taggedFields.isEmpty == false
        },
        Field(apiKey: .metadata, version: 1, name: "rack") { metadata($0)?.brokers.first?.rack == "r1" },
        Field(apiKey: .metadata, version: 1, name: "controllerID") { metadata($0)?.controllerID == 2 },
        Field(apiKey: .metadata, version: 2, name: "clusterID") { metadata($0)?.clusterID == "c" },
        Field(apiKey: .metadata, version: 3, name: "throttleTimeMs") { metadata($0)?.throttleTimeMs == 3 },
        Field(apiKey: .metadata, version: 5, name: "offlineReplicas") {
            metadata($0)?.topics.first?.partitions.first?.offlineReplicas == [2]
        },
        Field(apiKey: .metadata, version: 7, name: "leaderEpoch") {
            metadata($0)?.topics.first?.partitions.first?.leaderEpoch == 4
        },
        Field(apiKey: .metadata, version: 8, name: "clusterAuthorizedOperations") {
            metadata($0)?.clusterAuthorizedOperations == 9
        },
        Field(apiKey: .produce, version: 5, name: "logStartOffset") {
            produce($0)?.responses.first?.partitionResponses.first?.logStartOffset == 2
        },
        Field(apiKey: .produce, version: 8, name: "errorMessage") {
            produce($0)?.responses.first?.partitionResponses.first?.errorMessage == "invalid record"
        },
        Field(apiKey: .fetch, version: 5, name: "logStartOffset") {
            fetch($0)?.responses.first?.partitions.first?.logStartOffset == 2
        },
        Field(apiKey: .fetch, version: 7, name: "sessionID") { fetch($0)?.sessionID == 3 },
        Field(apiKey: .fetch, version: 11, name: "preferredReadReplica") {
            fetch($0)?.responses.first?.partitions.first?.preferredReadReplica == 3
        },
        Field(apiKey: .listOffsets, version: 1, name: "offset") {
            listOffsets($0)?.topics.first?.partitions.first?.offset == 42
        },
        Field(apiKey: .listOffsets, version: 2, name: "throttleTimeMs") { listOffsets($0)?.throttleTimeMs == 2 },
        Field(apiKey: .listOffsets, version: 4, name: "leaderEpoch") {
            listOffsets($0)?.topics.first?.partitions.first?.leaderEpoch == 5
        },
        Field(apiKey: .findCoordinator, version: 1, name: "errorMessage") {
            if case .findCoordinator(let body) = $0 { body.errorMessage != nil } else { false }
        },
        Field(apiKey: .joinGroup, version: 2, name: "throttleTimeMs") {
            if case .joinGroup(let body) = $0 { body.throttleTimeMs == 2 } else { false }
        },
        Field(apiKey: .joinGroup, version: 5, name: "groupInstanceID") {
            if case .joinGroup(let body) = $0 { body.members.first?.groupInstanceID == "i1" } else { false }
        },
        Field(apiKey: .syncGroup, version: 1, name: "throttleTimeMs") {
            if case .syncGroup(let body) = $0 { body.throttleTimeMs == 1 } else { false }
        },
        Field(apiKey: .heartbeat, version: 1, name: "throttleTimeMs") {
            if case .heartbeat(let body) = $0 { body.throttleTimeMs == 1 } else { false }
        },
        Field(apiKey: .leaveGroup, version: 1, name: "throttleTimeMs") {
            if case .leaveGroup(let body) = $0 { body.throttleTimeMs == 1 } else { false }
        },
        Field(apiKey: .leaveGroup, version: 3, name: "members") {
            if case .leaveGroup(let body) = $0 { !body.members.isEmpty } else { false }
        },
        Field(apiKey: .offsetCommit, version: 3, name: "throttleTimeMs") {
            if case .offsetCommit(let body) = $0 { body.throttleTimeMs == 1 } else { false }
        },
        Field(apiKey: .offsetFetch, version: 2, name: "errorCode") { offsetFetch($0)?.errorCode == 14 },
        Field(apiKey: .offsetFetch, version: 3, name: "throttleTimeMs") { offsetFetch($0)?.throttleTimeMs == 1 },
        Field(apiKey: .offsetFetch, version: 5, name: "committedLeaderEpoch") {
            offsetFetch($0)?.topics.first?.partitions.first?.committedLeaderEpoch == 3
        },
        Field(apiKey: .describeGroups, version: 1, name: "throttleTimeMs") { describeGroups($0)?.throttleTimeMs == 1 },
        Field(apiKey: .describeGroups, version: 3, name: "authorizedOperations") {
            describeGroups($0)?.groups.first?.authorizedOperations == 7
        },
        Field(apiKey: .describeGroups, version: 4, name: "groupInstanceID") {
            describeGroups($0)?.groups.first?.members.first?.groupInstanceID == "i"
        },
        Field(apiKey: .listGroups, version: 1, name: "throttleTimeMs") {
            if case .listGroups(let body) = $0 { body.throttleTimeMs == 1 } else { false }
        },
    ]

    @Test("a field is kept from the version it appears in and dropped before it", arguments: fields)
    func fieldAppears(field: Field) throws {
        let sample = try #require(ResponseSamples.all.first { $0.apiKey == field.apiKey })
        #expect(field.isSet(try roundTrip(sample.full, version: field.version)))
        if KafkaResponse.versions(for: field.apiKey).contains(field.version - 1) {
            #expect(!field.isSet(try roundTrip(sample.full, version: field.version - 1)))
        }
    }

    private func roundTrip(_ body: KafkaResponse, version: Int16) throws -> KafkaResponse {
        let frame = encodeResponse(correlationID: 1, apiKey: body.apiKey, version: version, response: body)
        return try decodeResponse(frame: frame, apiKey: body.apiKey, version: version).1
    }

    private static func apiVersions(_ response: KafkaResponse) -> ApiVersionsResponse? {
        if case .apiVersions(let body) = response { body } else { nil }
    }
    private static func metadata(_ response: KafkaResponse) -> MetadataResponse? {
        if case .metadata(let body) = response { body } else { nil }
    }
    private static func produce(_ response: KafkaResponse) -> ProduceResponse? {
        if case .produce(let body) = response { body } else { nil }
    }
    private static func fetch(_ response: KafkaResponse) -> FetchResponse? {
        if case .fetch(let body) = response { body } else { nil }
    }
    private static func listOffsets(_ response: KafkaResponse) -> ListOffsetsResponse? {
        if case .listOffsets(let body) = response { body } else { nil }
    }
    private static func offsetFetch(_ response: KafkaResponse) -> OffsetFetchResponse? {
        if case .offsetFetch(let body) = response { body } else { nil }
    }
    private static func describeGroups(_ response: KafkaResponse) -> DescribeGroupsResponse? {
        if case .describeGroups(let body) = response { body } else { nil }
    }
}
