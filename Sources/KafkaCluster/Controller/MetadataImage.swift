import KafkaCore

/// The cluster's metadata as of one offset of the metadata log: Kafka's `ClusterImage` (brokers),
/// `TopicsImage` (topics and partitions) and `ProducerIdsImage`, built only by replaying records
/// in order.
///
/// The controller and, later, every broker hold one. Replaying a record the controller could not
/// have written (a change for an unknown partition, an offset that goes backwards) is a
/// programmer error and stops with the values.
public struct MetadataImage: Hashable, Sendable {
    public private(set) var brokers: [BrokerID: BrokerRegistration] = [:]
    public private(set) var topics: [String: TopicImage] = [:]
    public private(set) var partitions: [TopicPartition: PartitionRegistration] = [:]
    /// The first producer id no broker has been handed yet (Kafka's `ProducerIdsImage`); it
    /// only grows, so blocks never overlap or come back.
    public private(set) var nextProducerID: Int64 = 0
    /// The offset of the last replayed record, or `.none` before the first.
    public private(set) var lastAppliedOffset: Offset = .none

    public init() {}

    /// Where the next record will land.
    public var nextOffset: Offset { lastAppliedOffset.advanced(by: 1) }

    /// Registered brokers in id order.
    public var sortedBrokers: [BrokerRegistration] { brokers.keys.sorted().compactMap { brokers[$0] } }

    /// Partitions in topic-then-number order.
    public var sortedPartitions: [(TopicPartition, PartitionRegistration)] {
        partitions.keys.sorted().compactMap { key in partitions[key].map { (key, $0) } }
    }

    /// Whether `broker` is registered, unfenced and not shutting down.
    public func isActive(_ broker: BrokerID) -> Bool { brokers[broker]?.isActive ?? false }

    /// Replays `record`, which sits at `offset` in the log.
    public mutating func apply(_ record: MetadataRecord, offset: Offset) {
        precondition(offset > lastAppliedOffset, "record at \(offset) replayed after \(lastAppliedOffset)")
        lastAppliedOffset = offset
        switch record {
        case .registerBroker(let id, let incarnation):
            brokers[id] = BrokerRegistration(id: id, epoch: offset.rawValue, incarnation: incarnation)
        case .brokerRegistrationChange(let id, let brokerEpoch, let fenced, let inControlledShutdown):
            guard var broker = brokers[id], broker.epoch == brokerEpoch else {
                preconditionFailure(
                    "registration change for \(id) epoch \(brokerEpoch), have \(String(describing: brokers[id]))")
            }
            if let fenced { broker.fenced = fenced }
            if let inControlledShutdown { broker.inControlledShutdown = inControlledShutdown }
            brokers[id] = broker
        case .unregisterBroker(let id, let brokerEpoch):
            precondition(brokers[id]?.epoch == brokerEpoch, "unregister \(id) epoch \(brokerEpoch), not registered so")
            brokers[id] = nil
        case .topic(let name, let id, let config):
            precondition(topics[name] == nil, "topic \(name) created twice")
            topics[name] = TopicImage(name: name, id: id, config: config)
        case .partition(let topicPartition, let partition):
            guard var topic = topics[topicPartition.topic], topic.partitionCount == topicPartition.partition else {
                preconditionFailure(
                    "partition \(topicPartition) out of order in \(String(describing: topics[topicPartition.topic]))")
            }
            partition.checkInvariants(topicPartition)
            topic.partitionCount += 1
            topics[topicPartition.topic] = topic
            partitions[topicPartition] = partition
        case .partitionChange(let change):
            guard let partition = partitions[change.topicPartition] else {
                preconditionFailure("change for unknown partition \(change.topicPartition)")
            }
            let changed = partition.applying(change)
            changed.checkInvariants(change.topicPartition)
            partitions[change.topicPartition] = changed
        case .producerIDs(let brokerID, _, let next):
            precondition(
                next > nextProducerID, "producer ids for \(brokerID) end at \(next), not past \(nextProducerID)")
            nextProducerID = next
        }
    }

    /// Moves `nextOffset` up to `offset` without a record: the metadata log's control records
    /// (Raft's leader-change records) take offsets too, and the next record lands after them.
    public mutating func skip(to offset: Offset) {
        let last = offset.advanced(by: -1)
        if last > lastAppliedOffset { lastAppliedOffset = last }
    }

    /// Replays `records` from `nextOffset` on.
    public mutating func apply(_ records: [MetadataRecord]) {
        for record in records { apply(record, offset: nextOffset) }
    }

    /// The partitions `broker` leads, in order.
    public func partitionsLed(by broker: BrokerID) -> [TopicPartition] {
        sortedPartitions.filter { $0.1.leader == broker }.map(\.0)
    }

    /// Partitions not led by their preferred replica, `replicas[0]` (leaderless ones included),
    /// in order: the "preferred-leader imbalance" of §2.8 (Kafka's `imbalancedPartitions`).
    public var imbalancedPartitions: [TopicPartition] {
        sortedPartitions.filter { $0.1.leader != $0.1.replicas.first }.map(\.0)
    }
}
