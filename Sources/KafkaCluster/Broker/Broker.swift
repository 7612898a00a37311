import KafkaCore
import KafkaLog

/// The broker half of a server (Kafka's `BrokerServer` with its `ReplicaManager`, fetchers and
/// lifecycle manager), as a deterministic state machine driven by `KafkaServer`.
///
/// Lifecycle (`BrokerLifecycle`):
///
/// | from | event | to |
/// |---|---|---|
/// | starting | first tick: logs recovered from disk | registering |
/// | registering | controller accepts the registration (new broker epoch) | fenced |
/// | fenced | heartbeat answer says unfenced (metadata caught up to the registration) | running |
/// | running | heartbeat answer says fenced (session expired, zombie) | fenced, then re-registers |
/// | fenced, running | operator asks for a controlled shutdown | shuttingDown |
/// | shuttingDown | heartbeat answer says shut down now (it leads nothing) | stopped |
///
/// Everything the broker sends goes into `outbox`; the server returns it to the world.
final class Broker {
    let id: BrokerID
    let config: ServerConfig
    let logs: LogManager
    /// This process's incarnation: a registration with a new one is a restart.
    let incarnation: UInt64
    var lifecycle: BrokerLifecycle = .starting
    /// The active controller as this server's quorum member knows it.
    var activeController: BrokerID?
    var brokerEpoch: Int64 = -1
    /// The metadata this broker has replayed (committed records only).
    var image = MetadataImage()
    /// The image the replica manager last acted on; `nil` until metadata caught up with this
    /// incarnation's registration.
    var publishedImage: MetadataImage?
    var partitions = PartitionTable()
    /// Per leader this broker fetched from (sorted by leader): the partitions it follows there,
    /// its side of their fetch session and the fetch in flight.
    var replicaFetchers: [ReplicaFetcher] = []
    /// The fetch sessions this broker keeps as a leader, in memory only (KIP-227).
    var fetchSessionCache: FetchSessionCache
    var delayedProduces: [DelayedProduce] = []
    /// Empty storage for the next produce's waits (`DelayedProduce.waiting`): an answered
    /// acks=all produce's, emptied as it completed, so that every request does not allocate and
    /// free a list of them.
    var spareProduceWaits: [DelayedProduceWait] = []
    var delayedFetches: [DelayedFetch] = []
    /// The storage of the last fetch's reads, kept for the next one's (`serveFetch`): a
    /// follower's session of a few dozen partitions reads into more than a kilobyte, which
    /// malloc's per-thread cache does not keep, on every fetch and every completion.
    var spareFetchReads = FetchReads()
    /// Group coordinators, by the `__consumer_offsets` partition this broker leads.
    var coordinators: [Int32: GroupCoordinator] = [:] {
        didSet { coordinatorDeadline = nil }
    }
    /// The earliest of the coordinators' deadlines, `.some(nil)` when none has one; `nil` until
    /// computed again after any change to `coordinators` (a deadline depends on nothing else).
    var coordinatorDeadline: Instant??
    /// Who asked each group request still waiting for an answer, by token.
    var groupRequests: [UInt64: WaitingRequest] = [:]
    var nextGroupToken: UInt64 = 1
    var coordinatorWrites: [CoordinatorWrite] = []
    var controllerChannel = ControllerChannel()
    var producerIDs = ProducerIDBlock()
    var nextHeartbeatAt: Instant?
    var nextIsrShrinkAt: Instant?
    var nextMaintenanceAt: Instant?
    var nextCheckpointAt: Instant?
    var nextRetentionAt: Instant?
    var nextHighWatermarkCheckpointAt: Instant?
    /// The high watermarks found in `replication-offset-checkpoint` at startup.
    var checkpointedHighWatermarks: [TopicPartition: Offset] = [:]
    /// What this process last wrote to `replication-offset-checkpoint`.
    var lastCheckpointedHighWatermarks: [TopicPartition: Offset]?
    var nextRequestID: UInt64 = 1
    var outbox: [Outgoing<ClusterMessage>] = []
    /// Counters for the read model.
    var statistics = BrokerStatistics()
    /// Problems worth an operator's attention (storage failures, recovery reports), newest last.
    var notices: [String] = []

    init(id: BrokerID, config: ServerConfig, logs: LogManager, incarnation: UInt64) {
        self.id = id
        self.config = config
        self.logs = logs
        self.incarnation = incarnation
        fetchSessionCache = FetchSessionCache(
            maxEntries: config.maxIncrementalFetchSessionCacheSlots,
            evictionTime: config.minIncrementalFetchSessionEviction,
            seed: UInt64(UInt32(bitPattern: id.rawValue)) &* 0x9E37_79B9_7F4A_7C15 ^ incarnation)
    }

    var node: NodeID { .broker(id) }

    func send(_ message: ClusterMessage, to broker: BrokerID) {
        post(Outgoing(to: .broker(broker), message: message))
    }

    func reply(_ response: ClientResponse, id: UInt64, to node: NodeID) {
        post(Outgoing(to: node, message: .response(id: id, response)))
    }

    /// Appends to `outbox`, which the server takes whole after every message handled: the
    /// first message of a new one makes room for a few, so that the next (the second parked
    /// fetch one append completes) does not grow it again.
    @inline(__always)
    private func post(_ message: Outgoing<ClusterMessage>) {
        if outbox.capacity == 0 { outbox.reserveCapacity(4) }
        outbox.append(message)
    }

    func takeRequestID() -> UInt64 {
        defer { nextRequestID &+= 1 }
        return nextRequestID
    }

    func notice(_ text: String) {
        notices.append(text)
        if notices.count > 64 { notices.removeFirst(notices.count - 64) }
    }

    /// Partitions in order, for anything whose order could show.
    var sortedPartitions: [Partition] { partitions.sorted }
}

/// Where a broker is in its life (see `Broker`).
enum BrokerLifecycle: Hashable, Sendable {
    case starting
    case registering
    case fenced
    case running
    case shuttingDown
    case stopped
}

/// What a broker counts, for throughput and the console.
struct BrokerStatistics: Hashable, Sendable {
    var bytesIn = 0
    var bytesOut = 0
    var messagesIn = 0
    var replicationBytesIn = 0
    var produceRequests = 0
    var fetchRequests = 0
    var failedProduceRequests = 0
    var truncations = 0
}

/// The block of producer ids the controller gave this broker, and the InitProducerId requests
/// waiting for one.
struct ProducerIDBlock: Hashable, Sendable {
    var next: Int64 = 0
    var end: Int64 = 0
    var waiting: [WaitingRequest] = []
    var requested = false

    /// Takes the next id, `nil` when the block is used up.
    mutating func take() -> Int64? {
        guard next < end else { return nil }
        defer { next += 1 }
        return next
    }
}

/// A client request waiting for something (a producer id block, a controller answer).
struct WaitingRequest: Hashable, Sendable {
    var id: UInt64
    var from: NodeID
}
