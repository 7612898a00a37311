import KafkaCluster
import KafkaCore
import KafkaLog

/// A whole Kafka cluster in one deterministic world: KRaft servers over per-broker storage, and
/// an in-process client to drive it. Faults go through the world (crash, pause, network) or
/// the storage (power loss, I/O errors); `checker` watches every step when asked to.
///
/// Same options and the same calls give the same run, in any process: see `world.digest`.
public struct SimulatedCluster {
    public let options: ClusterOptions
    public internal(set) var world: World<ClusterMessage>
    public let disks: [BrokerID: ServerDisk]
    /// The simulated storages, by broker (empty for file-backed clusters).
    public let simulatedStorage: [BrokerID: SimulatedLogStorage]
    let mailbox = ClientMailbox()
    var nextRequestID: UInt64 = 1
    /// Brokers asked to stop gracefully, crashed by the run loop once they have.
    var stopping: [BrokerID] = []
    /// Disk faults in force, and which brokers' processes to watch for a halt after each event.
    var diskFaults = DiskFaults()
    /// Invariant and durability checks; `run(…, checking: true)` calls them after every event.
    public var checker = ClusterChecker()
    /// The events view's sentences; `snapshot()` brings it up to date.
    public var narrator = ClusterNarrator()
    /// Groups over time (commit windows, rates, rebalances) for `snapshot()`.
    public var groupTracker = GroupTracker()

    /// The in-process client's node.
    public static let client = NodeID.client(0)

    public init(_ options: ClusterOptions) {
        self.options = options
        world = World(
            seed: options.seed, defaultLink: options.link, limits: WorldLimits(traceCapacity: options.traceCapacity))
        world.traceRedaction = { $0.redactingRecords }
        // A client connecting to a broker whose process died is refused at once by its machine.
        world.refusal = { envelope in
            guard envelope.from.role == .client, let broker = envelope.to.brokerID, envelope.to.role == .broker else {
                return nil
            }
            return .command(.connectionClosed(broker))
        }
        var disks: [BrokerID: ServerDisk] = [:]
        var simulated: [BrokerID: SimulatedLogStorage] = [:]
        for broker in options.brokerIDs {
            let directory = StoragePath("broker-\(broker.rawValue)")
            switch options.storage {
            case .simulated:
                let storage = SimulatedLogStorage()
                simulated[broker] = storage
                disks[broker] = ServerDisk(storage: storage, dataDirectory: directory)
            case .files(let root):
                disks[broker] = ServerDisk(storage: FileLogStorage(rootDirectory: root), dataDirectory: directory)
            }
        }
        self.disks = disks
        simulatedStorage = simulated
        if case .files = options.storage { diskFaults.watched = options.brokerIDs }
        for broker in options.brokerIDs {
            guard let disk = disks[broker] else { continue }
            let config = options.server
            var generator = world.stream("server-\(broker.rawValue)")
            let seed = generator.next()
            world.add(.broker(broker)) { KafkaServer(id: broker, config: config, disk: disk, seed: seed) }
        }
        let mailbox = mailbox
        world.add(Self.client) { ClientEndpoint(mailbox: mailbox) }
    }

    public var now: Instant { world.now }
    public var brokerIDs: [BrokerID] { options.brokerIDs }

    /// The server's state machine (its last state if it is down).
    public func server(_ broker: BrokerID) -> KafkaServer? {
        world.node(.broker(broker)) as? KafkaServer
    }

    /// Whether the broker's process runs (a broker waiting on its slow disk does).
    public func isUp(_ broker: BrokerID) -> Bool {
        let status = world.status(of: .broker(broker))
        if status == .up { return true }
        guard !diskFaults.slow.isEmpty, case .paused? = status else { return false }
        return hasSlowDisk(broker)
    }

    /// The live server that is the active controller (the highest quorum epoch wins, should a
    /// deposed one not know yet).
    public var activeController: BrokerID? {
        brokerIDs.filter(isUp).compactMap { broker -> (LeaderEpoch, BrokerID)? in
            guard let server = server(broker), server.isActiveController else { return nil }
            return (server.quorumEpoch, broker)
        }.max { $0.0 < $1.0 }?.1
    }

    /// The active controller's metadata image.
    public var controllerImage: MetadataImage? {
        activeController.flatMap { server($0)?.controllerImage }
    }

    /// The partition's registration in the active controller's image.
    public func registration(_ topicPartition: TopicPartition) -> PartitionRegistration? {
        controllerImage?.partitions[topicPartition]
    }

    /// The leader of the partition per the active controller.
    public func leader(of topicPartition: TopicPartition) -> BrokerID? {
        guard let registration = registration(topicPartition), registration.hasLeader else { return nil }
        return registration.leader
    }
}
