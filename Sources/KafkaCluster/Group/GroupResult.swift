import KafkaCore

/// The caller's handle for one request, so that answers to parked requests (joins waiting for the
/// join phase, syncs waiting for the leader) can be routed back to the right connection later.
public struct GroupRequestToken: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public var description: String { "request \(rawValue)" }
}

/// A coordinator's answer to one of the group requests.
public enum GroupResponse: Hashable, Sendable {
    case joinGroup(JoinGroupResponse)
    case syncGroup(SyncGroupResponse)
    case heartbeat(HeartbeatResponse)
    case leaveGroup(LeaveGroupResponse)
    case offsetCommit(OffsetCommitResponse)

    /// The same answer with `error` everywhere: for durable answers whose records could not be
    /// appended (see `GroupResult.durableResponses` and `GroupResponse.error(forAppendError:)`).
    public func failed(with error: KafkaError) -> GroupResponse {
        switch self {
        case .joinGroup(let response): .joinGroup(JoinGroupResponse(error: error, memberID: response.memberID))
        case .syncGroup: .syncGroup(SyncGroupResponse(error: error))
        case .heartbeat: .heartbeat(HeartbeatResponse(error: error))
        case .leaveGroup(let response): .leaveGroup(LeaveGroupResponse(error: error, members: response.members))
        case .offsetCommit(let response):
            .offsetCommit(
                OffsetCommitResponse(
                    partitions: response.partitions.map {
                        OffsetCommitPartitionResponse($0.topicPartition, error: error)
                    }))
        }
    }

    /// The error a client gets when the append to `__consumer_offsets` failed with `appendError`
    /// (Kafka's `CoordinatorRuntime`/`GroupMetadataManager.appendErrorToResponseError`).
    public static func error(forAppendError appendError: KafkaError) -> KafkaError {
        switch appendError {
        case .unknownTopicOrPartition, .notEnoughReplicas, .notEnoughReplicasAfterAppend, .requestTimedOut:
            .coordinatorNotAvailable
        case .notLeaderOrFollower, .kafkaStorageError: .notCoordinator
        case .messageTooLarge, .recordListTooLarge, .invalidFetchSize: .unknownServerError
        default: appendError
        }
    }
}

/// An answer and the request it belongs to.
public struct GroupReply: Hashable, Sendable {
    public var token: GroupRequestToken
    public var response: GroupResponse

    public init(_ token: GroupRequestToken, _ response: GroupResponse) {
        self.token = token
        self.response = response
    }
}

/// What a coordinator operation yields.
///
/// - `responses`: send now (including answers to requests parked earlier).
/// - `records`: append to the coordinator's `__consumer_offsets` partition, in order, as one
///   batch (`acks=all`).
/// - `durableResponses`: send only once every record in `records` is committed (the partition's
///   high watermark passed the batch). If the append fails, send
///   `response.failed(with: GroupResponse.error(forAppendError:))` instead, and rebuild the
///   coordinator from the log (its memory already includes the records).
///
/// `durableResponses` is never non-empty while `records` is empty.
public struct GroupResult: Hashable, Sendable {
    public var responses: [GroupReply] = []
    public var records: [GroupCoordinatorRecord] = []
    public var durableResponses: [GroupReply] = []

    public init() {}

    mutating func respond(_ token: GroupRequestToken, _ response: GroupResponse) {
        responses.append(GroupReply(token, response))
    }

    mutating func respondWhenDurable(_ token: GroupRequestToken, _ response: GroupResponse) {
        precondition(!records.isEmpty, "a durable answer for \(token) with no record to wait for")
        durableResponses.append(GroupReply(token, response))
    }

    mutating func append(_ other: GroupResult) {
        responses += other.responses
        records += other.records
        durableResponses += other.durableResponses
    }
}
