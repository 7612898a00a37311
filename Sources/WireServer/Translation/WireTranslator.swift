import KafkaCore
import KafkaWire

/// Translates between the Kafka wire protocol and the brokers' decoded requests: a frame's
/// `KafkaRequest` becomes a `ClientRequest` (or is answered here), and the broker's
/// `ClientResponse` becomes the `KafkaResponse` for the request's api version.
///
/// Pure: no sockets, no clock. Broker addresses come from the `ListenerPlan`, so Metadata and
/// FindCoordinator name `127.0.0.1:<portBase + id>`.
public struct WireTranslator: Hashable, Sendable {
    public let plan: ListenerPlan

    /// The cluster id Metadata v2+ reports: fixed, 22 characters like Kafka's.
    public static let clusterID = "flightdeck-simulated-1"

    /// Where `JoinGroup` says members connect from (Kafka's `/host` form).
    public static let clientHost = "/127.0.0.1"

    public init(plan: ListenerPlan) {
        self.plan = plan
    }

    /// Where the request goes, with what the answer will need.
    public func route(_ header: RequestHeader, _ request: KafkaRequest) -> RequestRoute {
        let call = WireCall(header: header, request: request)
        switch request {
        case .apiVersions:
            let answer = ApiVersionsTable.answer(to: header.apiVersion)
            return .answer(answer.response, version: answer.version)
        case .produce(let produce): return routeProduce(produce, call: call)
        case .fetch(let fetch): return .broker(.fetch(engineFetch(fetch)), call)
        case .metadata(let metadata):
            return .broker(.metadata(engineMetadata(metadata, version: header.apiVersion)), call)
        case .listOffsets(let listOffsets): return .broker(.listOffsets(engineListOffsets(listOffsets)), call)
        case .initProducerId(let initProducerId): return routeInitProducerID(initProducerId, call: call)
        case .createTopics(let createTopics): return routeCreateTopics(createTopics, call: call)
        case .findCoordinator(let find):
            let keyType = CoordinatorType(rawValue: find.keyType) ?? .group
            return .broker(.findCoordinator(FindCoordinatorRequest(key: find.key, keyType: keyType)), call)
        case .joinGroup(let join): return .broker(.joinGroup(engineJoinGroup(join, clientID: header.clientID)), call)
        case .syncGroup(let sync): return .broker(.syncGroup(engineSyncGroup(sync)), call)
        case .heartbeat(let heartbeat): return .broker(.heartbeat(engineHeartbeat(heartbeat)), call)
        case .leaveGroup(let leave): return .broker(.leaveGroup(engineLeaveGroup(leave)), call)
        case .offsetCommit(let commit): return .broker(.offsetCommit(engineOffsetCommit(commit)), call)
        case .offsetFetch(let fetch): return .broker(.offsetFetch(engineOffsetFetch(fetch)), call)
        case .describeGroups(let describe):
            return .broker(.describeGroups(DescribeGroupsRequest(groupIDs: describe.groups)), call)
        case .listGroups: return .broker(.listGroups(ListGroupsRequest()), call)
        }
    }

    /// The wire response to `call` from the broker's `answer`, or `nil` when the answer is of
    /// another kind than the request (a broker bug: the server closes the connection).
    public func response(to call: WireCall, answer: ClientResponse) -> KafkaResponse? {
        let version = call.header.apiVersion
        switch (call.request, answer) {
        case (.produce(let request), .produce(let response)):
            return .produce(wireProduce(response, request: request, refused: call.refusedPartitions))
        case (.fetch, .fetch(let response)): return .fetch(wireFetch(response))
        case (.metadata, .metadata(let response)): return .metadata(wireMetadata(response))
        case (.listOffsets, .listOffsets(let response)):
            return .listOffsets(wireListOffsets(response, version: version))
        case (.initProducerId, .initProducerID(let response)):
            return .initProducerId(
                InitProducerIdResponse(
                    errorCode: response.error.rawValue, producerID: response.producerID,
                    producerEpoch: response.producerEpoch))
        case (.createTopics, .createTopics(let response)):
            return .createTopics(wireCreateTopics(response, call: call))
        case (.findCoordinator, .findCoordinator(let response)): return .findCoordinator(wireFindCoordinator(response))
        case (.joinGroup, .joinGroup(let response)): return .joinGroup(wireJoinGroup(response))
        case (.syncGroup, .syncGroup(let response)):
            return .syncGroup(
                KafkaWire.SyncGroupResponse(errorCode: response.error.rawValue, assignment: response.assignment))
        case (.heartbeat, .heartbeat(let response)):
            return .heartbeat(KafkaWire.HeartbeatResponse(errorCode: response.error.rawValue))
        case (.leaveGroup, .leaveGroup(let response)): return .leaveGroup(wireLeaveGroup(response))
        case (.offsetCommit, .offsetCommit(let response)): return .offsetCommit(wireOffsetCommit(response))
        case (.offsetFetch(let request), .offsetFetch(let response)):
            return .offsetFetch(wireOffsetFetch(response, request: request, version: version))
        case (.describeGroups, .describeGroups(let response)): return .describeGroups(wireDescribeGroups(response))
        case (.listGroups, .listGroups(let response)):
            return .listGroups(
                KafkaWire.ListGroupsResponse(
                    errorCode: response.error.rawValue,
                    groups: response.groups.map { .init(groupID: $0.groupID, protocolType: $0.protocolType) }))
        default:
            return nil
        }
    }

    /// The port of `broker`'s listener, 0 when the plan puts it outside 1…65535.
    func port(of broker: BrokerID) -> Int32 {
        Int32(plan.port(for: broker) ?? 0)
    }
}
