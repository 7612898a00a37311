/// Every request body Flightdeck decodes, one case per api.
public enum KafkaRequest: Hashable, Sendable {
    case apiVersions(ApiVersionsRequest)
    case metadata(MetadataRequest)
    case produce(ProduceRequest)
    case fetch(FetchRequest)
    case listOffsets(ListOffsetsRequest)
    case findCoordinator(FindCoordinatorRequest)
    case joinGroup(JoinGroupRequest)
    case syncGroup(SyncGroupRequest)
    case heartbeat(HeartbeatRequest)
    case leaveGroup(LeaveGroupRequest)
    case offsetCommit(OffsetCommitRequest)
    case offsetFetch(OffsetFetchRequest)
    case describeGroups(DescribeGroupsRequest)
    case listGroups(ListGroupsRequest)
    case createTopics(CreateTopicsRequest)
    case initProducerId(InitProducerIdRequest)

    /// The api of the body.
    public var apiKey: ApiKey { type(of: body).apiKey }

    /// The body, as its codec.
    public var body: any RequestBody {
        switch self {
        case .apiVersions(let body): body
        case .metadata(let body): body
        case .produce(let body): body
        case .fetch(let body): body
        case .listOffsets(let body): body
        case .findCoordinator(let body): body
        case .joinGroup(let body): body
        case .syncGroup(let body): body
        case .heartbeat(let body): body
        case .leaveGroup(let body): body
        case .offsetCommit(let body): body
        case .offsetFetch(let body): body
        case .describeGroups(let body): body
        case .listGroups(let body): body
        case .createTopics(let body): body
        case .initProducerId(let body): body
        }
    }

    /// The versions Flightdeck decodes for `apiKey`.
    public static func versions(for apiKey: ApiKey) -> ClosedRange<Int16> {
        codec(for: apiKey).versions
    }

    /// Reads the body of `apiKey` at `version`, throwing `unsupportedVersion` outside the codec's
    /// range before reading anything.
    public static func decode(
        _ reader: inout WireReader, apiKey: ApiKey, version: Int16
    ) throws(WireError) -> KafkaRequest {
        let codec = codec(for: apiKey)
        guard codec.versions.contains(version) else { throw .unsupportedVersion(api: apiKey, version: version) }
        switch apiKey {
        case .apiVersions: return .apiVersions(try .decode(&reader, version: version))
        case .metadata: return .metadata(try .decode(&reader, version: version))
        case .produce: return .produce(try .decode(&reader, version: version))
        case .fetch: return .fetch(try .decode(&reader, version: version))
        case .listOffsets: return .listOffsets(try .decode(&reader, version: version))
        case .findCoordinator: return .findCoordinator(try .decode(&reader, version: version))
        case .joinGroup: return .joinGroup(try .decode(&reader, version: version))
        case .syncGroup: return .syncGroup(try .decode(&reader, version: version))
        case .heartbeat: return .heartbeat(try .decode(&reader, version: version))
        case .leaveGroup: return .leaveGroup(try .decode(&reader, version: version))
        case .offsetCommit: return .offsetCommit(try .decode(&reader, version: version))
        case .offsetFetch: return .offsetFetch(try .decode(&reader, version: version))
        case .describeGroups: return .describeGroups(try .decode(&reader, version: version))
        case .listGroups: return .listGroups(try .decode(&reader, version: version))
        case .createTopics: return .createTopics(try .decode(&reader, version: version))
        case .initProducerId: return .initProducerId(try .decode(&reader, version: version))
        }
    }

    /// Writes the body at `version`.
    public func encode(into writer: inout WireWriter, version: Int16) {
        body.encode(into: &writer, version: version)
    }

    private static func codec(for apiKey: ApiKey) -> any RequestBody.Type {
        switch apiKey {
        case .apiVersions: ApiVersionsRequest.self
        case .metadata: MetadataRequest.self
        case .produce: ProduceRequest.self
        case .fetch: FetchRequest.self
        case .listOffsets: ListOffsetsRequest.self
        case .findCoordinator: FindCoordinatorRequest.self
        case .joinGroup: JoinGroupRequest.self
        case .syncGroup: SyncGroupRequest.self
        case .heartbeat: HeartbeatRequest.self
        case .leaveGroup: LeaveGroupRequest.self
        case .offsetCommit: OffsetCommitRequest.self
        case .offsetFetch: OffsetFetchRequest.self
        case .describeGroups: DescribeGroupsRequest.self
        case .listGroups: ListGroupsRequest.self
        case .createTopics: CreateTopicsRequest.self
        case .initProducerId: InitProducerIdRequest.self
        }
    }
}
