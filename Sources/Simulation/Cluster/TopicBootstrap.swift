import KafkaCore

/// Creates topics as soon as the cluster can: asks a running broker once there is an active
/// controller, and asks again when the answer is lost (a broker died) or some topics failed.
/// The wire server creates the default cluster's topics with it for the cluster it drives itself.
public struct TopicBootstrap: Sendable {
    public private(set) var waiting: [NewTopic]
    private var request: (id: UInt64, sentAt: Instant)?

    public init(_ topics: [NewTopic]) {
        waiting = topics
    }

    /// The default cluster's topics (as `ScenarioLibrary.consoleCluster` declares them): `orders` (6 partitions,
    /// `min.insync.replicas=2`) and the compacted `order-events` (3 partitions), replication
    /// factor min(3, brokers).
    public static func defaultTopics(brokers: Int) -> TopicBootstrap {
        let replication = Int16(min(3, brokers))
        return TopicBootstrap([
            NewTopic(
                name: "orders", partitions: 6, replicationFactor: replication,
                configs: [ConfigEntry("min.insync.replicas", "\(min(2, Int(replication)))")]),
            NewTopic(
                name: "order-events", partitions: 3, replicationFactor: replication,
                configs: [ConfigEntry("cleanup.policy", "compact")]),
        ])
    }

    public var isDone: Bool { waiting.isEmpty && request == nil }

    /// Sends or re-sends the CreateTopics request, or takes its answer.
    public mutating func advance(_ cluster: inout SimulatedCluster) {
        if let (id, sentAt) = request {
            guard let answer = cluster.takeAnswer(id) else {
                if cluster.now - sentAt > .seconds(10) { request = nil }
                return
            }
            request = nil
            if case .createTopics(let response) = answer.response {
                let done = Set(
                    response.topics.filter { $0.error == .none || $0.error == .topicAlreadyExists }.map(\.name))
                waiting.removeAll { done.contains($0.name) }
            }
            return
        }
        guard !waiting.isEmpty, cluster.activeController != nil, let broker = cluster.anyLiveBroker,
            cluster.server(broker)?.brokerState == .running
        else { return }
        request = (cluster.send(.createTopics(CreateTopicsRequest(topics: waiting)), to: broker), cluster.now)
    }
}
