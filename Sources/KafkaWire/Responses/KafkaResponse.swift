/// Every response body Flightdeck encodes, one case per api.
public enum KafkaResponse: Hashable, Sendable {
    case apiVersions(ApiVersionsResponse)
    case metadata(MetadataResponse)
    case produce(ProduceResponse)
    case fetch(FetchResponse)
    case listOffsets(ListOffsetsResponse)
    case findCoordinator(FindCoordinatorResponse)
    case joinGroup(JoinGroupResponse)
    case syncGroup(SyncGroupResponse)
    case heartbeat(HeartbeatResponse)
    case leaveGroup(LeaveGroupResponse)
    case offsetCommit(OffsetCommitResponse)
    case offsetFetch(OffsetFetchResponse)
    case describeGroups(DescribeGroupsResponse)
    case listGroups(ListGroupsResponse)
    case createTopics(CreateTopicsResponse)
    case initProducerId(InitProducerIdResponse)

    /// The api of the body.
    public var apiKey: ApiKey { type(of: body).apiKey }

    /// The body, as its codec.
    public var body: any ResponseBody {
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

    /// The versions Flightdeck encodes for `apiKey`.
    public static func versions(for apiKey: ApiKey) -> ClosedRange<Int16> {
        codec(for: apiKey).versions
    }

    /// Reads the body of `apiKey` at `version`, throwing `unsupportedVersion` outside the codec's
    /// range before reading anything.
    public static func decode(
        _ reader: inout WireReader, apiKey: ApiKey, version: Int16
    ) throws(WireError) -> KafkaResponse {
        guard codec(for: apiKey).versions.contains(version) else {
            throw .unsupportedVersion(api: apiKey, version: version)
        }
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

    private static func codec(for apiKey: ApiKey) -> any ResponseBody.Type {
        switch apiKey {
        case .apiVersions: ApiVersionsResponse.self
        case .metadata: MetadataResponse.self
        case .produce: ProduceResponse.self
        case .fetch: FetchResponse.self
        case .listOffsets: ListOffsetsResponse.self
        case .findCoordinator: FindCoordinatorResponse.self
        case .joinGroup: JoinGroupResponse.self
        case .syncGroup: SyncGroupResponse.self
        case .heartbeat: HeartbeatResponse.self
        case .leaveGroup: LeaveGroupResponse.self
        case .offsetCommit: OffsetCommitResponse.self
        case .offsetFetch: OffsetFetchResponse.self
        case .describeGroups: DescribeGroupsResponse.self
        case .listGroups: ListGroupsResponse.self
        case .createTopics: CreateTopicsResponse.self
        case .initProducerId: InitProducerIdResponse.self
        }
    }
}
