import KafkaCore
import KafkaWire

/// The classic group protocol: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
/// DescribeGroups and ListGroups. Protocol metadata and assignments stay opaque bytes.
extension WireTranslator {
    /// JoinGroup v0 has no rebalance timeout: Kafka uses the session timeout for it.
    func engineJoinGroup(_ join: KafkaWire.JoinGroupRequest, clientID: String?) -> KafkaCore.JoinGroupRequest {
        let sessionMs = max(0, join.sessionTimeoutMs)
        let rebalanceMs = join.rebalanceTimeoutMs < 0 ? sessionMs : join.rebalanceTimeoutMs
        return KafkaCore.JoinGroupRequest(
            groupID: join.groupID, sessionTimeout: .milliseconds(Int64(sessionMs)),
            rebalanceTimeout: .milliseconds(Int64(rebalanceMs)), memberID: join.memberID,
            groupInstanceID: join.groupInstanceID, protocolType: join.protocolType,
            protocols: join.protocols.map { JoinGroupProtocol(name: $0.name, metadata: $0.metadata) },
            clientID: clientID ?? "", clientHost: Self.clientHost)
    }

    func wireJoinGroup(_ response: KafkaCore.JoinGroupResponse) -> KafkaWire.JoinGroupResponse {
        KafkaWire.JoinGroupResponse(
            errorCode: response.error.rawValue, generationID: response.generationID,
            protocolName: response.protocolName ?? "", leader: response.leader, memberID: response.memberID,
            members: response.members.map {
                .init(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, metadata: $0.metadata)
            })
    }

    func engineSyncGroup(_ sync: KafkaWire.SyncGroupRequest) -> KafkaCore.SyncGroupRequest {
        KafkaCore.SyncGroupRequest(
            groupID: sync.groupID, generationID: sync.generationID, memberID: sync.memberID,
            groupInstanceID: sync.groupInstanceID,
            assignments: sync.assignments.map { SyncGroupAssignment(memberID: $0.memberID, assignment: $0.assignment) })
    }

    func engineHeartbeat(_ heartbeat: KafkaWire.HeartbeatRequest) -> KafkaCore.HeartbeatRequest {
        KafkaCore.HeartbeatRequest(
            groupID: heartbeat.groupID, generationID: heartbeat.generationID, memberID: heartbeat.memberID,
            groupInstanceID: heartbeat.groupInstanceID)
    }

    /// LeaveGroup v0–2 name one member; v3 a list.
    func engineLeaveGroup(_ leave: KafkaWire.LeaveGroupRequest) -> KafkaCore.LeaveGroupRequest {
        let members =
            leave.members.isEmpty
            ? [LeaveGroupMember(memberID: leave.memberID)]
            : leave.members.map { LeaveGroupMember(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID) }
        return KafkaCore.LeaveGroupRequest(groupID: leave.groupID, members: members)
    }

    func wireLeaveGroup(_ response: KafkaCore.LeaveGroupResponse) -> KafkaWire.LeaveGroupResponse {
        KafkaWire.LeaveGroupResponse(
            errorCode: response.error.rawValue,
            members: response.members.map {
                .init(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, errorCode: $0.error.rawValue)
            })
    }

    /// No coordinator, or one without a listener port: `COORDINATOR_NOT_AVAILABLE` (15).
    func wireFindCoordinator(_ response: KafkaCore.FindCoordinatorResponse) -> KafkaWire.FindCoordinatorResponse {
        guard response.error == .none, let coordinator = response.coordinator, port(of: coordinator) > 0 else {
            let error = response.error == .none ? KafkaError.coordinatorNotAvailable : response.error
            return KafkaWire.FindCoordinatorResponse(errorCode: error.rawValue, nodeID: -1, host: "", port: -1)
        }
        return KafkaWire.FindCoordinatorResponse(
            nodeID: coordinator.rawValue, host: ListenerPlan.host, port: port(of: coordinator))
    }

    func wireDescribeGroups(_ response: KafkaCore.DescribeGroupsResponse) -> KafkaWire.DescribeGroupsResponse {
        KafkaWire.DescribeGroupsResponse(
            groups: response.groups.map { group in
                .init(
                    errorCode: group.error.rawValue, groupID: group.groupID, groupState: group.groupState,
                    protocolType: group.protocolType, protocolData: group.protocolData,
                    members: group.members.map { member in
                        .init(
                            memberID: member.memberID, groupInstanceID: member.groupInstanceID,
                            clientID: member.clientID, clientHost: member.clientHost,
                            memberMetadata: member.memberMetadata, memberAssignment: member.memberAssignment)
                    })
            })
    }
}
