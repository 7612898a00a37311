/// Every request a broker serves to clients and to other brokers' replica fetchers, decoded:
/// the one entry point that simulated clients and the wire server share.
public enum ClientRequest: Hashable, Sendable {
    case produce(ProduceRequest)
    case fetch(FetchRequest)
    case metadata(MetadataRequest)
    case listOffsets(ListOffsetsRequest)
    case initProducerID(InitProducerIDRequest)
    case createTopics(CreateTopicsRequest)
    case findCoordinator(FindCoordinatorRequest)
    case joinGroup(JoinGroupRequest)
    case syncGroup(SyncGroupRequest)
    case heartbeat(HeartbeatRequest)
    case leaveGroup(LeaveGroupRequest)
    case offsetCommit(OffsetCommitRequest)
    case offsetFetch(OffsetFetchRequest)
    case describeGroups(DescribeGroupsRequest)
    case listGroups(ListGroupsRequest)

    /// Kafka's API name, for traces and counters.
    public var apiName: String {
        switch self {
        case .produce: "Produce"
        case .fetch: "Fetch"
        case .metadata: "Metadata"
        case .listOffsets: "ListOffsets"
        case .initProducerID: "InitProducerId"
        case .createTopics: "CreateTopics"
        case .findCoordinator: "FindCoordinator"
        case .joinGroup: "JoinGroup"
        case .syncGroup: "SyncGroup"
        case .heartbeat: "Heartbeat"
        case .leaveGroup: "LeaveGroup"
        case .offsetCommit: "OffsetCommit"
        case .offsetFetch: "OffsetFetch"
        case .describeGroups: "DescribeGroups"
        case .listGroups: "ListGroups"
        }
    }
}

/// A broker's answer to a `ClientRequest` of the same kind.
public enum ClientResponse: Hashable, Sendable {
    case produce(ProduceResponse)
    case fetch(FetchResponse)
    case metadata(MetadataResponse)
    case listOffsets(ListOffsetsResponse)
    case initProducerID(InitProducerIDResponse)
    case createTopics(CreateTopicsResponse)
    case findCoordinator(FindCoordinatorResponse)
    case joinGroup(JoinGroupResponse)
    case syncGroup(SyncGroupResponse)
    case heartbeat(HeartbeatResponse)
    case leaveGroup(LeaveGroupResponse)
    case offsetCommit(OffsetCommitResponse)
    case offsetFetch(OffsetFetchResponse)
    case describeGroups(DescribeGroupsResponse)
    case listGroups(ListGroupsResponse)
}
