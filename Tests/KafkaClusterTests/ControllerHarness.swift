import KafkaCluster
import KafkaCore

/// Drives a `QuorumController` in virtual time and keeps every record it commits, so tests can
/// replay the log into a fresh image and compare.
struct ControllerHarness {
    var controller: QuorumController
    var log: [MetadataRecord] = []
    var now = Instant.zero
    var epochs: [BrokerID: Int64] = [:]

    init(seed: UInt64 = 1, sessionTimeout: Duration = .milliseconds(9000)) {
        controller = QuorumController(generator: SeededGenerator(seed: seed), sessionTimeout: sessionTimeout)
    }

    var image: MetadataImage { controller.image }

    /// Keeps the records of one decision and hands back its response.
    mutating func record<R>(_ result: ControllerResult<R>) -> R {
        log += result.records
        return result.response
    }

    mutating func register(_ id: Int32, incarnation: UInt64 = 1) -> BrokerRegistrationResponse {
        let response = record(controller.registerBroker(BrokerID(id), incarnation: incarnation, now: now))
        if response.error == .none { epochs[BrokerID(id)] = response.brokerEpoch }
        return response
    }

    mutating func heartbeat(
        _ id: Int32, offset: Offset? = nil, wantFence: Bool = false, wantShutDown: Bool = false
    ) -> BrokerHeartbeatResponse {
        let broker = BrokerID(id)
        let request = BrokerHeartbeat(
            brokerID: broker, brokerEpoch: epochs[broker] ?? -1,
            currentMetadataOffset: offset ?? image.lastAppliedOffset, wantFence: wantFence, wantShutDown: wantShutDown)
        return record(controller.heartbeat(request, now: now))
    }

    /// Registers brokers `0..<count` and heartbeats each once, caught up, so all are unfenced.
    mutating func startBrokers(_ count: Int32) {
        for id in 0..<count { _ = register(id) }
        for id in 0..<count { _ = heartbeat(id) }
    }

    mutating func createTopic(
        _ name: String, partitions: Int32, replicationFactor: Int16, unclean: Bool = false
    ) -> KafkaError {
        createTopic(
            name, partitions: partitions, replicationFactor: replicationFactor,
            config: TopicConfig(uncleanLeaderElectionEnable: unclean))
    }

    mutating func createTopic(
        _ name: String, partitions: Int32, replicationFactor: Int16, config: TopicConfig
    ) -> KafkaError {
        record(
            controller.createTopic(
                CreateTopicRequest(
                    name: name, partitions: partitions, replicationFactor: replicationFactor, config: config)))
    }

    /// Fences `id` through a `wantFence` heartbeat.
    mutating func fence(_ id: Int32) {
        _ = heartbeat(id, wantFence: true)
    }

    func partition(_ topic: String, _ number: Int32) -> PartitionRegistration? {
        image.partitions[TopicPartition(topic, number)]
    }

    /// The image a fresh replay of every committed record builds.
    func replayed() -> MetadataImage {
        var fresh = MetadataImage()
        fresh.apply(log)
        return fresh
    }
}

/// A controller whose image is `records` replayed from offset 0, for hand-built situations the
/// operations would take many steps to reach.
func controller(replaying records: [MetadataRecord]) -> QuorumController {
    var controller = QuorumController(generator: SeededGenerator(seed: 1))
    controller.replay(records)
    return controller
}

/// Records registering brokers `0..<count` and unfencing each but `fenced`; broker `n`'s epoch
/// is `n`.
func brokerRecords(_ count: Int32, fenced: Set<Int32> = []) -> [MetadataRecord] {
    let ids = (0..<count).map(BrokerID.init)
    return ids.map { MetadataRecord.registerBroker(id: $0, incarnation: 1) }
        + ids.filter { !fenced.contains($0.rawValue) }.map {
            MetadataRecord.brokerRegistrationChange(
                id: $0, brokerEpoch: Int64($0.rawValue), fenced: false, inControlledShutdown: nil)
        }
}

/// Broker ids from raw numbers, for short expectations.
func ids(_ values: Int32...) -> [BrokerID] { values.map(BrokerID.init) }
