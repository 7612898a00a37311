/// Kafka's protocol error codes (`org.apache.kafka.common.protocol.Errors`), by their wire value.
///
/// Every partition in a response carries one of these; `.none` (0) means success. The names are
/// Kafka's, Swift-cased (`NOT_LEADER_OR_FOLLOWER` is `.notLeaderOrFollower`); `name` gives
/// Kafka's spelling for logs and the console. Codes never change meaning once assigned, so an
/// unknown code from a newer peer decodes as `nil` from `init(rawValue:)` and callers treat it as
/// `.unknownServerError`, as Kafka's own clients do.
///
/// Beware `.none` next to optionals: with a `KafkaError?`, write `KafkaError.none` in full.
public enum KafkaError: Int16, Error, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case unknownServerError = -1
    case none = 0
    case offsetOutOfRange = 1
    case corruptMessage = 2
    case unknownTopicOrPartition = 3
    case invalidFetchSize = 4
    case leaderNotAvailable = 5
    case notLeaderOrFollower = 6
    case requestTimedOut = 7
    case brokerNotAvailable = 8
    case replicaNotAvailable = 9
    case messageTooLarge = 10
    case staleControllerEpoch = 11
    case offsetMetadataTooLarge = 12
    case networkException = 13
    case coordinatorLoadInProgress = 14
    case coordinatorNotAvailable = 15
    case notCoordinator = 16
    case invalidTopicException = 17
    case recordListTooLarge = 18
    case notEnoughReplicas = 19
    case notEnoughReplicasAfterAppend = 20
    case invalidRequiredAcks = 21
    case illegalGeneration = 22
    case inconsistentGroupProtocol = 23
    case invalidGroupID = 24
    case unknownMemberID = 25
    case invalidSessionTimeout = 26
    case rebalanceInProgress = 27
    case invalidCommitOffsetSize = 28
    case topicAuthorizationFailed = 29
    case groupAuthorizationFailed = 30
    case clusterAuthorizationFailed = 31
    case invalidTimestamp = 32
    case unsupportedSASLMechanism = 33
    case illegalSASLState = 34
    case unsupportedVersion = 35
    case topicAlreadyExists = 36
    case invalidPartitions = 37
    case invalidReplicationFactor = 38
    case invalidReplicaAssignment = 39
    case invalidConfig = 40
    case notController = 41
    case invalidRequest = 42
    case unsupportedForMessageFormat = 43
    case policyViolation = 44
    case outOfOrderSequenceNumber = 45
    case duplicateSequenceNumber = 46
    case invalidProducerEpoch = 47
    case invalidTxnState = 48
    case invalidProducerIDMapping = 49
    case invalidTransactionTimeout = 50
    case concurrentTransactions = 51
    case transactionCoordinatorFenced = 52
    case transactionalIDAuthorizationFailed = 53
    case securityDisabled = 54
    case operationNotAttempted = 55
    case kafkaStorageError = 56
    case logDirNotFound = 57
    case saslAuthenticationFailed = 58
    case unknownProducerID = 59
    case reassignmentInProgress = 60
    case delegationTokenAuthDisabled = 61
    case delegationTokenNotFound = 62
    case delegationTokenOwnerMismatch = 63
    case delegationTokenRequestNotAllowed = 64
    case delegationTokenAuthorizationFailed = 65
    case delegationTokenExpired = 66
    case invalidPrincipalType = 67
    case nonEmptyGroup = 68
    case groupIDNotFound = 69
    case fetchSessionIDNotFound = 70
    case invalidFetchSessionEpoch = 71
    case listenerNotFound = 72
    case topicDeletionDisabled = 73
    case fencedLeaderEpoch = 74
    case unknownLeaderEpoch = 75
    case unsupportedCompressionType = 76
    case staleBrokerEpoch = 77
    case offsetNotAvailable = 78
    case memberIDRequired = 79
    case preferredLeaderNotAvailable = 80
    case groupMaxSizeReached = 81
    case fencedInstanceID = 82
    case eligibleLeadersNotAvailable = 83
    case electionNotNeeded = 84
    case noReassignmentInProgress = 85
    case groupSubscribedToTopic = 86
    case invalidRecord = 87
    case unstableOffsetCommit = 88
    case throttlingQuotaExceeded = 89
    case producerFenced = 90
    case resourceNotFound = 91
    case duplicateResource = 92
    case unacceptableCredential = 93
    case inconsistentVoterSet = 94
    case invalidUpdateVersion = 95
    case featureUpdateFailed = 96
    case principalDeserializationFailure = 97
    case snapshotNotFound = 98
    case positionOutOfRange = 99
    case unknownTopicID = 100
    case duplicateBrokerRegistration = 101
    case brokerIDNotRegistered = 102
    case inconsistentTopicID = 103
    case inconsistentClusterID = 104
    case transactionalIDNotFound = 105
    case fetchSessionTopicIDError = 106
    case ineligibleReplica = 107
    case newLeaderElected = 108
    case offsetMovedToTieredStorage = 109
    case fencedMemberEpoch = 110
    case unreleasedInstanceID = 111
    case unsupportedAssignor = 112
    case staleMemberEpoch = 113
    case mismatchedEndpointType = 114
    case unsupportedEndpointType = 115
    case unknownControllerID = 116

    /// The error for a wire code, with codes this build does not know read as
    /// `.unknownServerError`, as Kafka's `Errors.forCode` does.
    public init(code: Int16) {
        self = KafkaError(rawValue: code) ?? .unknownServerError
    }

    /// Kafka's name for the code, as in `Errors.java` and the protocol guide (`CORRUPT_MESSAGE`).
    public var name: String { properties.name }

    /// Whether a client may retry the request unchanged and expect it to succeed later (the
    /// exception extends Kafka's `RetriableException`; the "retriable" column of the protocol guide).
    public var isRetriable: Bool { properties.isRetriable }

    /// `CORRUPT_MESSAGE (2)`.
    public var description: String { "\(name) (\(rawValue))" }

    private var properties: (name: String, isRetriable: Bool) {
        switch self {
        case .unknownServerError: ("UNKNOWN_SERVER_ERROR", false)
        case .none: ("NONE", false)
        case .offsetOutOfRange: ("OFFSET_OUT_OF_RANGE", false)
        case .corruptMessage: ("CORRUPT_MESSAGE", true)
        case .unknownTopicOrPartition: ("UNKNOWN_TOPIC_OR_PARTITION", true)
        case .invalidFetchSize: ("INVALID_FETCH_SIZE", false)
        case .leaderNotAvailable: ("LEADER_NOT_AVAILABLE", true)
        case .notLeaderOrFollower: ("NOT_LEADER_OR_FOLLOWER", true)
        case .requestTimedOut: ("REQUEST_TIMED_OUT", true)
        case .brokerNotAvailable: ("BROKER_NOT_AVAILABLE", false)
        case .replicaNotAvailable: ("REPLICA_NOT_AVAILABLE", true)
        case .messageTooLarge: ("MESSAGE_TOO_LARGE", false)
        case .staleControllerEpoch: ("STALE_CONTROLLER_EPOCH", false)
        case .offsetMetadataTooLarge: ("OFFSET_METADATA_TOO_LARGE", false)
        case .networkException: ("NETWORK_EXCEPTION", true)
        case .coordinatorLoadInProgress: ("COORDINATOR_LOAD_IN_PROGRESS", true)
        case .coordinatorNotAvailable: ("COORDINATOR_NOT_AVAILABLE", true)
        case .notCoordinator: ("NOT_COORDINATOR", true)
        case .invalidTopicException: ("INVALID_TOPIC_EXCEPTION", false)
        case .recordListTooLarge: ("RECORD_LIST_TOO_LARGE", false)
        case .notEnoughReplicas: ("NOT_ENOUGH_REPLICAS", true)
        case .notEnoughReplicasAfterAppend: ("NOT_ENOUGH_REPLICAS_AFTER_APPEND", true)
        case .invalidRequiredAcks: ("INVALID_REQUIRED_ACKS", false)
        case .illegalGeneration: ("ILLEGAL_GENERATION", false)
        case .inconsistentGroupProtocol: ("INCONSISTENT_GROUP_PROTOCOL", false)
        case .invalidGroupID: ("INVALID_GROUP_ID", false)
        case .unknownMemberID: ("UNKNOWN_MEMBER_ID", false)
        case .invalidSessionTimeout: ("INVALID_SESSION_TIMEOUT", false)
        case .rebalanceInProgress: ("REBALANCE_IN_PROGRESS", false)
        case .invalidCommitOffsetSize: ("INVALID_COMMIT_OFFSET_SIZE", false)
        case .topicAuthorizationFailed: ("TOPIC_AUTHORIZATION_FAILED", false)
        case .groupAuthorizationFailed: ("GROUP_AUTHORIZATION_FAILED", false)
        case .clusterAuthorizationFailed: ("CLUSTER_AUTHORIZATION_FAILED", false)
        case .invalidTimestamp: ("INVALID_TIMESTAMP", false)
        case .unsupportedSASLMechanism: ("UNSUPPORTED_SASL_MECHANISM", false)
        case .illegalSASLState: ("ILLEGAL_SASL_STATE", false)
        case .unsupportedVersion: ("UNSUPPORTED_VERSION", false)
        case .topicAlreadyExists: ("TOPIC_ALREADY_EXISTS", false)
        case .invalidPartitions: ("INVALID_PARTITIONS", false)
        case .invalidReplicationFactor: ("INVALID_REPLICATION_FACTOR", false)
        case .invalidReplicaAssignment: ("INVALID_REPLICA_ASSIGNMENT", false)
        case .invalidConfig: ("INVALID_CONFIG", false)
        case .notController: ("NOT_CONTROLLER", true)
        case .invalidRequest: ("INVALID_REQUEST", false)
        case .unsupportedForMessageFormat: ("UNSUPPORTED_FOR_MESSAGE_FORMAT", false)
        case .policyViolation: ("POLICY_VIOLATION", false)
        case .outOfOrderSequenceNumber: ("OUT_OF_ORDER_SEQUENCE_NUMBER", false)
        case .duplicateSequenceNumber: ("DUPLICATE_SEQUENCE_NUMBER", false)
        case .invalidProducerEpoch: ("INVALID_PRODUCER_EPOCH", false)
        case .invalidTxnState: ("INVALID_TXN_STATE", false)
        case .invalidProducerIDMapping: ("INVALID_PRODUCER_ID_MAPPING", false)
        case .invalidTransactionTimeout: ("INVALID_TRANSACTION_TIMEOUT", false)
        case .concurrentTransactions: ("CONCURRENT_TRANSACTIONS", true)
        case .transactionCoordinatorFenced: ("TRANSACTION_COORDINATOR_FENCED", false)
        case .transactionalIDAuthorizationFailed: ("TRANSACTIONAL_ID_AUTHORIZATION_FAILED", false)
        case .securityDisabled: ("SECURITY_DISABLED", false)
        case .operationNotAttempted: ("OPERATION_NOT_ATTEMPTED", false)
        case .kafkaStorageError: ("KAFKA_STORAGE_ERROR", true)
        case .logDirNotFound: ("LOG_DIR_NOT_FOUND", false)
        case .saslAuthenticationFailed: ("SASL_AUTHENTICATION_FAILED", false)
        case .unknownProducerID: ("UNKNOWN_PRODUCER_ID", false)
        case .reassignmentInProgress: ("REASSIGNMENT_IN_PROGRESS", false)
        case .delegationTokenAuthDisabled: ("DELEGATION_TOKEN_AUTH_DISABLED", false)
        case .delegationTokenNotFound: ("DELEGATION_TOKEN_NOT_FOUND", false)
        case .delegationTokenOwnerMismatch: ("DELEGATION_TOKEN_OWNER_MISMATCH", false)
        case .delegationTokenRequestNotAllowed: ("DELEGATION_TOKEN_REQUEST_NOT_ALLOWED", false)
        case .delegationTokenAuthorizationFailed: ("DELEGATION_TOKEN_AUTHORIZATION_FAILED", false)
        case .delegationTokenExpired: ("DELEGATION_TOKEN_EXPIRED", false)
        case .invalidPrincipalType: ("INVALID_PRINCIPAL_TYPE", false)
        case .nonEmptyGroup: ("NON_EMPTY_GROUP", false)
        case .groupIDNotFound: ("GROUP_ID_NOT_FOUND", false)
        case .fetchSessionIDNotFound: ("FETCH_SESSION_ID_NOT_FOUND", true)
        case .invalidFetchSessionEpoch: ("INVALID_FETCH_SESSION_EPOCH", true)
        case .listenerNotFound: ("LISTENER_NOT_FOUND", true)
        case .topicDeletionDisabled: ("TOPIC_DELETION_DISABLED", false)
        case .fencedLeaderEpoch: ("FENCED_LEADER_EPOCH", true)
        case .unknownLeaderEpoch: ("UNKNOWN_LEADER_EPOCH", true)
        case .unsupportedCompressionType: ("UNSUPPORTED_COMPRESSION_TYPE", false)
        case .staleBrokerEpoch: ("STALE_BROKER_EPOCH", false)
        case .offsetNotAvailable: ("OFFSET_NOT_AVAILABLE", true)
        case .memberIDRequired: ("MEMBER_ID_REQUIRED", false)
        case .preferredLeaderNotAvailable: ("PREFERRED_LEADER_NOT_AVAILABLE", true)
        case .groupMaxSizeReached: ("GROUP_MAX_SIZE_REACHED", false)
        case .fencedInstanceID: ("FENCED_INSTANCE_ID", false)
        case .eligibleLeadersNotAvailable: ("ELIGIBLE_LEADERS_NOT_AVAILABLE", true)
        case .electionNotNeeded: ("ELECTION_NOT_NEEDED", true)
        case .noReassignmentInProgress: ("NO_REASSIGNMENT_IN_PROGRESS", false)
        case .groupSubscribedToTopic: ("GROUP_SUBSCRIBED_TO_TOPIC", false)
        case .invalidRecord: ("INVALID_RECORD", false)
        case .unstableOffsetCommit: ("UNSTABLE_OFFSET_COMMIT", true)
        case .throttlingQuotaExceeded: ("THROTTLING_QUOTA_EXCEEDED", true)
        case .producerFenced: ("PRODUCER_FENCED", false)
        case .resourceNotFound: ("RESOURCE_NOT_FOUND", false)
        case .duplicateResource: ("DUPLICATE_RESOURCE", false)
        case .unacceptableCredential: ("UNACCEPTABLE_CREDENTIAL", false)
        case .inconsistentVoterSet: ("INCONSISTENT_VOTER_SET", false)
        case .invalidUpdateVersion: ("INVALID_UPDATE_VERSION", false)
        case .featureUpdateFailed: ("FEATURE_UPDATE_FAILED", false)
        case .principalDeserializationFailure: ("PRINCIPAL_DESERIALIZATION_FAILURE", false)
        case .snapshotNotFound: ("SNAPSHOT_NOT_FOUND", false)
        case .positionOutOfRange: ("POSITION_OUT_OF_RANGE", false)
        case .unknownTopicID: ("UNKNOWN_TOPIC_ID", true)
        case .duplicateBrokerRegistration: ("DUPLICATE_BROKER_REGISTRATION", false)
        case .brokerIDNotRegistered: ("BROKER_ID_NOT_REGISTERED", false)
        case .inconsistentTopicID: ("INCONSISTENT_TOPIC_ID", true)
        case .inconsistentClusterID: ("INCONSISTENT_CLUSTER_ID", false)
        case .transactionalIDNotFound: ("TRANSACTIONAL_ID_NOT_FOUND", false)
        case .fetchSessionTopicIDError: ("FETCH_SESSION_TOPIC_ID_ERROR", true)
        case .ineligibleReplica: ("INELIGIBLE_REPLICA", false)
        case .newLeaderElected: ("NEW_LEADER_ELECTED", false)
        case .offsetMovedToTieredStorage: ("OFFSET_MOVED_TO_TIERED_STORAGE", false)
        case .fencedMemberEpoch: ("FENCED_MEMBER_EPOCH", false)
        case .unreleasedInstanceID: ("UNRELEASED_INSTANCE_ID", false)
        case .unsupportedAssignor: ("UNSUPPORTED_ASSIGNOR", false)
        case .staleMemberEpoch: ("STALE_MEMBER_EPOCH", false)
        case .mismatchedEndpointType: ("MISMATCHED_ENDPOINT_TYPE", false)
        case .unsupportedEndpointType: ("UNSUPPORTED_ENDPOINT_TYPE", false)
        case .unknownControllerID: ("UNKNOWN_CONTROLLER_ID", false)
        }
    }
}
