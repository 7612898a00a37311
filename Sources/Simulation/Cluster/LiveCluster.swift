import ClusterModel
import KafkaClients
import KafkaCluster
import KafkaCore

/// A simulated cluster that follows a wall clock: the console advances it every frame to
/// `wall time × speed`, with bounded work per frame, and reads a snapshot.
///
/// The default cluster is the seed example's skeleton: brokers (the first three run the KRaft
/// quorum), topic `orders` (6 partitions, RF 3, `min.insync.replicas=2`) and the compacted
/// `order-events`; the topics are created as soon as the cluster has a controller. Then the
/// order service produces keyed orders to `orders` (`acks=all`, idempotent) at a steady rate
/// with gentle waves (70–130 % of `orderRate` over a minute), and two consumer groups read it:
/// `inventory` (3 members, fast enough) and `analytics` (2 members processing 30 records a second
/// each, slower than the orders arrive, so its lag builds up visibly).
public struct LiveCluster {
    public private(set) var cluster: SimulatedCluster
    /// Virtual seconds per wall second.
    public var speed: Double
    public let dataDirectory: String?
    /// How far virtual time lags the wall clock × speed after the last frame (zero when the
    /// world kept up).
    public private(set) var behind: Duration = .zero
    private var topics: TopicBootstrap
    /// Wall time already turned into virtual time.
    private var wallElapsed: Duration = .zero
    private var virtualTarget: Instant = .zero
    /// Orders per virtual second, before the wave.
    public var orderRate: Double = 100
    /// The order service's producer, once the topics exist.
    public private(set) var orderService: NodeID?
    /// The consumer group members, once the topics exist.
    public private(set) var consumers: [NodeID] = []
    private var ordersScheduledUntil: Instant = .zero
    private var ordersSent = 0
    private var random: SeededGenerator

    /// The default cluster on `storage`; `realClients` as in `ScenarioRun.init`.
    public init(
        brokers: Int = 3, seed: UInt64, storage: ClusterOptions.Storage, dataDirectory: String?, speed: Double = 1,
        realClients: Bool = false
    ) {
        var options = ClusterOptions(brokers: brokers, seed: seed, storage: storage)
        if realClients { options.server.log.messageTimestampAfterMaxMilliseconds = Int64.max }
        cluster = SimulatedCluster(options)
        self.speed = speed
        self.dataDirectory = dataDirectory
        random = SeededGenerator(seed: seed).stream("order-service")
        topics = TopicBootstrap.defaultTopics(brokers: brokers)
    }

    /// Advances virtual time by `wall × speed`, processing at most `eventBudget` events; then
    /// asks for the default topics once the cluster can create them.
    public mutating func advance(wall: Duration, eventBudget: Int = 200_000) {
        wallElapsed = wallElapsed + wall
        let step = Int64((Double(wall.microseconds) * speed).rounded())
        virtualTarget = virtualTarget + .microseconds(max(0, step))
        scheduleOrders(until: virtualTarget)
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
        // The console keeps no per-record history (memory stays flat overnight); the producer's
        // counters carry what the views show.
        if let orderService { _ = cluster.producerMailbox(orderService)?.takeReports() }
        for consumer in consumers {
            guard let mailbox = cluster.consumerMailbox(consumer) else { continue }
            _ = mailbox.takeConsumed()
            _ = mailbox.takeCommitResults()
            _ = mailbox.takeErrors()
        }
    }

    /// The order service and the two consumer groups.
    private mutating func startClients() {
        var config = ProducerConfig(bootstrap: cluster.brokerIDs)
        config.seed = random.next()
        orderService = cluster.addProducerClient(config, client: 2)
        ordersScheduledUntil = cluster.now
        let groups: [(group: String, members: Int, rate: Int?)] = [("inventory", 3, nil), ("analytics", 2, 30)]
        var number: Int32 = 10
        for (group, members, rate) in groups {
            for member in 0..<members {
                var consumerConfig = ConsumerConfig(bootstrap: cluster.brokerIDs, groupID: group)
                consumerConfig.clientID = "\(group)-\(member + 1)"
                consumerConfig.autoOffsetReset = .earliest
                consumers.append(
                    cluster.addConsumerClient(
                        consumerConfig, client: number, subscribe: ["orders"], recordsPerSecond: rate))
                number += 1
            }
        }
    }

    /// The order service's records for `(ordersScheduledUntil, end]`: evenly spaced at the
    /// current rate, each keyed by one of 1,000 customers.
    private mutating func scheduleOrders(until end: Instant) {
        guard let orderService, end > ordersScheduledUntil else { return }
        var instant = ordersScheduledUntil
        while true {
            let rate = max(1, orderRate * wave(at: instant))
            instant = instant + .microseconds(Int64(1_000_000 / rate))
            guard instant <= end else { break }
            ordersSent += 1
            let customer = random.next(below: 1000)
            let amount = random.next(below: 50_000)
            let value =
                "{\"order\":\(ordersSent),\"customer\":\(customer),\"amount_cents\":\(amount),\"items\":[\"sku-\(amount % 97)\"]}"
            cluster.sendRecord(
                via: orderService, topic: "orders", key: Array("customer-\(customer)".utf8), value: Array(value.utf8),
                at: instant)
            ordersScheduledUntil = instant
        }
    }

    /// A triangle wave between 0.7 and 1.3 with a one-minute period.
    private func wave(at instant: Instant) -> Double {
        let period: Int64 = 60_000_000
        let phase = Double(instant.microseconds % period) / Double(period)
        let triangle = phase < 0.5 ? phase * 2 : (1 - phase) * 2
        return 0.7 + 0.6 * triangle
    }

    /// Creates the default topics as soon as the cluster can, and starts the clients once
    /// `orders` exists.
    private mutating func createTopicsIfReady() {
        topics.advance(&cluster)
        if orderService == nil && !topics.waiting.contains(where: { $0.name == "orders" }) { startClients() }
    }

    public var lagThreshold: Int64? {
        get { cluster.groupTracker.lagThreshold }
        set { cluster.groupTracker.lagThreshold = newValue }
    }

    public mutating func snapshot() -> ClusterSnapshot {
        cluster.snapshot(speed: speed, dataDirectory: dataDirectory)
    }

    /// Lends the simulated cluster to `body` (`ConsoleCluster`).
    public mutating func withSimulatedCluster<Result>(
        _ body: (inout SimulatedCluster) throws -> Result
    ) rethrows -> Result {
        try body(&cluster)
    }
}
