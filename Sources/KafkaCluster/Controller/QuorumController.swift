import KafkaCore

/// The active controller's facade (Kafka's `QuorumController`, minus Raft): each operation
/// decides against the current image, returns the records it appended and the response, and
/// commits by replaying those records into its own image.
///
/// Standby controllers and brokers `replay` the same records; a controller that becomes active
/// calls `activate(now:)` to give every broker a fresh session, since heartbeat times are soft
/// state that no log carries.
public struct QuorumController: Sendable {
    public private(set) var image = MetadataImage()
    public private(set) var heartbeats: BrokerHeartbeatManager
    private var generator: SeededGenerator

    /// A controller whose placement draws and topic ids come from `generator`.
    public init(generator: SeededGenerator, sessionTimeout: Duration = .milliseconds(9000)) {
        self.generator = generator
        self.heartbeats = BrokerHeartbeatManager(sessionTimeout: sessionTimeout)
    }

    /// Replays records another controller committed.
    public mutating func replay(_ records: [MetadataRecord]) {
        image.apply(records)
    }

    /// Replays one record that sits at `offset` in the metadata log.
    public mutating func replay(_ record: MetadataRecord, at offset: Offset) {
        image.apply(record, offset: offset)
    }

    /// Moves the image's next offset to `offset`, the metadata log's end, before deciding: the
    /// records a decision returns land from there (broker epochs are their offsets).
    public mutating func advance(to offset: Offset) {
        image.skip(to: offset)
    }

    /// Becomes the active controller at `now`: every registered broker's session restarts.
    public mutating func activate(now: Instant) {
        heartbeats.resetSessions(image.sortedBrokers.map(\.id), now: now)
    }

    /// A broker registration; its session starts now.
    public mutating func registerBroker(
        _ broker: BrokerID, incarnation: UInt64, now: Instant
    ) -> ControllerResult<BrokerRegistrationResponse> {
        let valid = heartbeats.hasValidSession(broker, now: now)
        let result = ClusterControl(image: image).register(broker, incarnation: incarnation, hasValidSession: valid)
        if result.response.error == .none { heartbeats.touch(broker, now: now) }
        return commit(result)
    }

    /// A broker heartbeat; a heartbeat with the current epoch renews the session.
    public mutating func heartbeat(
        _ request: BrokerHeartbeat, now: Instant
    ) -> ControllerResult<BrokerHeartbeatResponse> {
        let result = ClusterControl(image: image).heartbeat(request)
        if result.response.error == .none { heartbeats.touch(request.brokerID, now: now) }
        return commit(result)
    }

    /// Fences the one unfenced broker whose session expired longest ago, if any.
    public mutating func fenceStaleBroker(now: Instant) -> ControllerResult<BrokerID?> {
        let candidates = image.sortedBrokers.filter { !$0.fenced }.map(\.id)
        guard let stale = heartbeats.staleBroker(among: candidates, now: now), let broker = image.brokers[stale] else {
            return ControllerResult(records: [], response: nil)
        }
        return commit(ControllerResult(records: ClusterControl(image: image).fencing(broker), response: stale))
    }

    /// Removes a broker from the cluster.
    public mutating func unregisterBroker(_ broker: BrokerID) -> ControllerResult<KafkaError> {
        let result = commit(ClusterControl(image: image).unregister(broker))
        if result.response == .none { heartbeats.remove(broker) }
        return result
    }

    /// Creates a topic: placement, then one topic record and one record per partition, or an
    /// error and no records.
    public mutating func createTopic(_ request: CreateTopicRequest) -> ControllerResult<KafkaError> {
        commit(ReplicationControl(image: image).createTopic(request, generator: &generator))
    }

    public mutating func alterPartition(_ request: AlterPartitionRequest) -> ControllerResult<AlterPartitionResponse> {
        commit(ReplicationControl(image: image).alterPartition(request))
    }

    public mutating func electPreferredLeaders(
        _ topicPartitions: [TopicPartition]
    ) -> ControllerResult<[TopicPartition: KafkaError]> {
        commit(ReplicationControl(image: image).electPreferredLeaders(topicPartitions))
    }

    /// Hands `broker` the next block of `ProducerIDAllocation.blockSize` producer ids
    /// (AllocateProducerIds); fenced brokers may ask, unknown brokers and stale epochs may not.
    public mutating func allocateProducerIDs(
        _ broker: BrokerID, brokerEpoch: Int64
    ) -> ControllerResult<ProducerIDAllocation> {
        commit(ProducerIDControl(image: image).allocate(broker, brokerEpoch: brokerEpoch))
    }

    /// The periodic preferred-leader election (`auto.leader.rebalance.enable`): moves up to
    /// `maxPartitions` partitions back to an active, in-sync `replicas[0]`; lists those moved.
    public mutating func balancePartitionLeaders(maxPartitions: Int = 1000) -> ControllerResult<[TopicPartition]> {
        commit(ReplicationControl(image: image).balancePartitionLeaders(maxPartitions: maxPartitions))
    }

    /// The periodic unclean election (`unclean.leader.election.interval.ms`): gives up to
    /// `maxPartitions` leaderless partitions of unclean-enabled topics a live leader; lists them.
    public mutating func electUncleanLeaders(maxPartitions: Int = 1000) -> ControllerResult<[TopicPartition]> {
        commit(ReplicationControl(image: image).electUncleanLeaders(maxPartitions: maxPartitions))
    }

    /// Partitions not led by their preferred replica, in order (for display).
    public var imbalancedPartitions: [TopicPartition] { image.imbalancedPartitions }

    /// Checks the image's cross-record invariants: every partition is well formed and led by an
    /// active broker or by nobody.
    public func checkInvariants() {
        for (topicPartition, partition) in image.sortedPartitions {
            partition.checkInvariants(topicPartition)
            precondition(
                !partition.hasLeader || image.isActive(partition.leader),
                "\(topicPartition) led by inactive \(partition.leader): \(String(describing: image.brokers[partition.leader]))"
            )
        }
    }

    private mutating func commit<Response>(_ result: ControllerResult<Response>) -> ControllerResult<Response> {
        image.apply(result.records)
        return result
    }
}
