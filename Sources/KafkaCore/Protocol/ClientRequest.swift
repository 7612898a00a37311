/// Every request a broker serves to clients and to other brokers' replica fetchers, decoded:
/// the one entry point that simulated clients and the wire server share.
///
/// Payloads larger than a produce request's are `indirect` (boxed): an enum is as large as its
/// largest case, and every message of a simulated cluster is copied and moved several times on
/// its way (event queue, envelope, receiver). Inline, a JoinGroup request made every message
/// 145 bytes; boxed, a Fetch (72 bytes, the commonest request) is one reference.
public enum ClientRequest: Hashable, Sendable {
    case produce(ProduceRequest)
    indirect case fetch(FetchRequest)
    case metadata(MetadataRequest)
    case listOffsets(ListOffsetsRequest)
    case initProducerID(InitProducerIDRequest)
    case createTopics(CreateTopicsRequest)
    case findCoordinator(FindCoordinatorRequest)
    indirect case joinGroup(JoinGroupRequest)
    indirect case syncGroup(SyncGroupRequest)
    indirect case heartbeat(HeartbeatRequest)
    case leaveGroup(LeaveGroupRequest)
    indirect case offsetCommit(OffsetCommitRequest)
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

/// A broker's answer to a `ClientRequest` of the same kind. As for requests, payloads larger
/// than a Metadata answer's are `indirect`.
public enum ClientResponse: Hashable, Sendable {
    case produce(ProduceResponse)
    case fetch(FetchResponse)
    case metadata(MetadataResponse)
    case listOffsets(ListOffsetsResponse)
    case initProducerID(InitProducerIDResponse)
    case createTopics(CreateTopicsResponse)
    case findCoordinator(FindCoordinatorResponse)
    indirect case joinGroup(JoinGroupResponse)
    indirect case syncGroup(SyncGroupResponse)
    case heartbeat(HeartbeatResponse)
    case leaveGroup(LeaveGroupResponse)
    case offsetCommit(OffsetCommitResponse)
    case offsetFetch(OffsetFetchResponse)
    case describeGroups(DescribeGroupsResponse)
    case listGroups(ListGroupsResponse)
}
