import KafkaCore

/// What a broker asks the active controller (Kafka's broker-to-controller channel).
public enum ControllerRequest: Hashable, Sendable {
    /// BrokerRegistration: a starting broker announces its new incarnation.
    case registerBroker(BrokerID, incarnation: UInt64)
    case heartbeat(BrokerHeartbeat)
    case alterPartition(AlterPartitionRequest)
    /// CreateTopics forwarded by the broker a client asked.
    case createTopics([CreateTopicRequest])
    /// AllocateProducerIds: a block of producer ids for InitProducerId.
    case allocateProducerIDs(BrokerID, brokerEpoch: Int64)
    /// ElectLeaders (preferred).
    case electPreferredLeaders([TopicPartition])

    public var apiName: String {
        switch self {
        case .registerBroker: "BrokerRegistration"
        case .heartbeat: "BrokerHeartbeat"
        case .alterPartition: "AlterPartition"
        case .createTopics: "CreateTopics"
        case .allocateProducerIDs: "AllocateProducerIds"
        case .electPreferredLeaders: "ElectLeaders"
        }
    }
}

/// The active controller's answer, sent once the records it wrote are committed; or
/// `notController` from a member that is not active (with the leader it knows, if any).
public enum ControllerResponse: Hashable, Sendable {
    case registerBroker(BrokerRegistrationResponse)
    case heartbeat(BrokerHeartbeatResponse)
    case alterPartition(TopicPartition, AlterPartitionResponse)
    case createTopics([KafkaError])
    case allocateProducerIDs(ProducerIDAllocation)
    case electPreferredLeaders([ElectionResult])
    case notController(leaderHint: BrokerID?)
}

/// One partition's outcome of an ElectLeaders request.
public struct ElectionResult: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var error: KafkaError

    public init(_ topicPartition: TopicPartition, error: KafkaError) {
        self.topicPartition = topicPartition
        self.error = error
    }
}
