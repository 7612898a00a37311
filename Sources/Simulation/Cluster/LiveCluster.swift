import ClusterModel
import KafkaCluster
import KafkaCore

/// A simulated cluster that follows a wall clock: the console advances it every frame to
/// `wall time × speed`, with bounded work per frame, and reads a snapshot.
///
/// The default cluster is the seed example's skeleton: brokers (the first three run the KRaft
/// quorum), topic `orders` (6 partitions, RF 3, `min.insync.replicas=2`) and the compacted
/// `order-events`; the topics are created as soon as the cluster has a controller. Producers and
/// consumer groups arrive with the clients.
public struct LiveCluster {
    public private(set) var cluster: SimulatedCluster
    /// Virtual seconds per wall second.
    public var speed: Double
    public let dataDirectory: String?
    /// How far virtual time lags the wall clock × speed after the last frame (zero when the
    /// world kept up).
    public private(set) var behind: Duration = .zero
    private var topicsToCreate: [NewTopic]
    private var createRequest: (id: UInt64, sentAt: Instant)?
    /// Wall time already turned into virtual time.
    private var wallElapsed: Duration = .zero
    private var virtualTarget: Instant = .zero

    /// The default cluster on `storage`.
    public init(
        brokers: Int = 3, seed: UInt64, storage: ClusterOptions.Storage, dataDirectory: String?, speed: Double = 1
    ) {
        cluster = SimulatedCluster(ClusterOptions(brokers: brokers, seed: seed, storage: storage))
        self.speed = speed
        self.dataDirectory = dataDirectory
        let replication = Int16(min(3, brokers))
        topicsToCreate = [
            NewTopic(
                name: "orders", partitions: 6, replicationFactor: replication,
                configs: [ConfigEntry("min.insync.replicas", "\(min(2, Int(replication)))")]),
            NewTopic(
                name: "order-events", partitions: 3, replicationFactor: replication,
                configs: [ConfigEntry("cleanup.policy", "compact")]),
        ]
    }

    /// Advances virtual time by `wall × speed`, processing at most `eventBudget` events; then
    /// asks for the default topics once the cluster can create them.
    public mutating func advance(wall: Duration, eventBudget: Int = 200_000) {
        wallElapsed = wallElapsed + wall
        let step = Int64((Double(wall.microseconds) * speed).rounded())
        virtualTarget = virtualTarget + .microseconds(max(0, step))
        var processed = 0
        while processed < eventBudget, let next = cluster.world.nextEventInstant, next <= virtualTarget {
            cluster.step()
            processed += 1
        }
        if cluster.world.nextEventInstant.map({ $0 > virtualTarget }) ?? true, cluster.now < virtualTarget {
            cluster.world.run(until: virtualTarget, eventLimit: 0)
        }
        behind = virtualTarget > cluster.now ? virtualTarget - cluster.now : .zero
        createTopicsIfReady()
    }

    private mutating func createTopicsIfReady() {
        if let (id, sentAt) = createRequest {
            guard let answer = cluster.takeAnswer(id) else {
                // Lost with a broker that died: ask again.
                if cluster.now - sentAt > .seconds(10) { createRequest = nil }
                return
            }
            createRequest = nil
            if case .createTopics(let response) = answer.response {
                let done = Set(
                    response.topics.filter { $0.error == .none || $0.error == .topicAlreadyExists }.map(\.name))
                topicsToCreate.removeAll { done.contains($0.name) }
            }
            return
        }
        guard !topicsToCreate.isEmpty, cluster.activeController != nil, let broker = cluster.anyLiveBroker,
            cluster.server(broker)?.brokerState == .running
        else { return }
        createRequest = (
            cluster.send(.createTopics(CreateTopicsRequest(topics: topicsToCreate)), to: broker), cluster.now
        )
    }

    public mutating func snapshot() -> ClusterSnapshot {
        cluster.snapshot(speed: speed, dataDirectory: dataDirectory)
    }
}
