import KafkaCore

/// Everything that travels between the nodes of a simulated cluster: the controller quorum's
/// Raft traffic, the broker-to-controller channel, and the client API (which follower replicas
/// use too, as in Kafka: replication is a Fetch). Requests carry an id their response repeats.
///
/// The quorum's and the broker-to-controller messages are rare (a few a second) and larger than
/// a client request (41 and about 60 bytes): `indirect`, so that they do not make every message
/// larger (see `ClientRequest`).
public enum ClusterMessage: Hashable, Sendable {
    indirect case raft(RaftMessage)
    indirect case controllerRequest(id: UInt64, ControllerRequest)
    indirect case controllerResponse(id: UInt64, ControllerResponse)
    case request(id: UInt64, ClientRequest)
    case response(id: UInt64, ClientResponse)
    /// An operator command, handed to a server by the host, never sent over the network.
    case command(ServerCommand)
}

/// What an operator (or a client's application) can ask a process to do.
public enum ServerCommand: Hashable, Sendable {
    /// Stop gracefully: controlled shutdown first (leadership moves away), then stop.
    case controlledShutdown
    /// Look at your inputs now: a client's application queued work for it (records to send).
    case wake
    /// Ask the active controller for a preferred leader election of these partitions (what
    /// `kafka-leader-election.sh --election-type preferred` does through a broker).
    case electPreferredLeaders([TopicPartition])
    /// To a client: the host reset the client's connection to this broker (its process died).
    case connectionClosed(BrokerID)
}

extension ClusterMessage: WireSized {
    public var sizeInBytes: Int {
        switch self {
        case .raft(let message): message.sizeInBytes
        case .controllerRequest(_, let request):
            switch request {
            case .createTopics(let topics): 32 + 48 * topics.count
            case .electPreferredLeaders(let partitions): 32 + 24 * partitions.count
            case .alterPartition(let alter): 48 + 4 * alter.newIsr.count
            case .registerBroker, .heartbeat, .allocateProducerIDs: 48
            }
        case .controllerResponse(_, let response):
            switch response {
            case .createTopics(let errors): 24 + 8 * errors.count
            case .electPreferredLeaders(let results): 24 + 24 * results.count
            case .alterPartition, .registerBroker, .heartbeat, .allocateProducerIDs, .notController: 40
            }
        case .request(_, let request): 8 + request.sizeInBytes
        case .response(_, let response): 8 + response.sizeInBytes
        case .command: 0
        }
    }
}

extension ClusterMessage: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        switch self {
        case .raft(let message):
            digest.combine(1)
            digest.combine(message)
        case .controllerRequest(let id, let request):
            digest.combine(2)
            digest.combine(id)
            digest.combine(request.apiName)
        case .controllerResponse(let id, let response):
            digest.combine(3)
            digest.combine(id)
            response.digest(into: &digest)
        case .request(let id, let request):
            digest.combine(4)
            digest.combine(id)
            digest.combine(request)
        case .response(let id, let response):
            digest.combine(5)
            digest.combine(id)
            digest.combine(response)
        case .command(let command):
            digest.combine(6)
            switch command {
            case .controlledShutdown: digest.combine(1)
            case .wake: digest.combine(2)
            case .electPreferredLeaders(let partitions):
                digest.combine(3)
                for partition in partitions { digest.combine(partition) }
            case .connectionClosed(let broker):
                digest.combine(4)
                digest.combine(broker)
            }
        }
    }
}

extension ControllerResponse: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        switch self {
        case .registerBroker(let response):
            digest.combine(1)
            digest.combine(response.error.rawValue)
            digest.combine(response.brokerEpoch)
        case .heartbeat(let response):
            digest.combine(2)
            digest.combine(response.error.rawValue)
            digest.combine(response.isFenced)
            digest.combine(response.shouldShutDown)
        case .alterPartition(let topicPartition, let response):
            digest.combine(3)
            digest.combine(topicPartition)
            digest.combine(response.error.rawValue)
            digest.combine(response.partition?.partitionEpoch)
        case .createTopics(let errors):
            digest.combine(4)
            digest.combine(errors.map(\.rawValue))
        case .allocateProducerIDs(let allocation):
            digest.combine(5)
            digest.combine(allocation.error.rawValue)
            digest.combine(allocation.firstProducerID)
        case .electPreferredLeaders(let results):
            digest.combine(6)
            for result in results {
                digest.combine(result.topicPartition)
                digest.combine(result.error.rawValue)
            }
        case .notController(let hint):
            digest.combine(7)
            digest.combine(hint?.rawValue)
        }
    }
}
