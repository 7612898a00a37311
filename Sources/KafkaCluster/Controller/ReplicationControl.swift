import KafkaCore

/// The controller's partition decisions over one image (Kafka's `ReplicationControlManager`):
/// creating topics, moving leadership off brokers that leave, back onto brokers that return,
/// validating leaders' ISR proposals, and the periodic preferred and unclean elections
/// (`ReplicationControl+Balance.swift`). Every method returns records; none changes state.
struct ReplicationControl {
    /// The most partitions one CreateTopics entry may ask for.
    static let maxPartitionsPerTopic: Int32 = 10_000

    let image: MetadataImage

    /// Places the topic over the unfenced brokers with Kafka's rack-unaware assignment, the
    /// start index and shift drawn from `generator` (one draw each, below the broker count),
    /// then the topic id. Every replica starts in the ISR, the first one leading.
    ///
    /// Checks run in this order: name, partition count, replication factor, then configs
    /// (`INVALID_CONFIG` for anything `TopicConfig.invalidReason` names). A refused request draws
    /// nothing from `generator`.
    /// The name with '.' read as '_': two topics with the same key collide.
    static func collisionKey(_ name: String) -> String { String(name.map { $0 == "." ? "_" : $0 }) }

    func createTopic(
        _ request: CreateTopicRequest, generator: inout SeededGenerator
    ) -> ControllerResult<KafkaError> {
        if TopicName.problem(with: request.name) != nil {
            return ControllerResult(records: [], response: .invalidTopicException)
        }
        if image.topics[request.name] != nil { return ControllerResult(records: [], response: .topicAlreadyExists) }
        // Kafka refuses a name that differs from an existing one only in '.' versus '_' (they
        // share metric names): INVALID_TOPIC_EXCEPTION, "collides with existing topic".
        let collisionKey = Self.collisionKey(request.name)
        if image.topics.keys.contains(where: { Self.collisionKey($0) == collisionKey }) {
            return ControllerResult(records: [], response: .invalidTopicException)
        }
        guard request.partitions > 0, request.partitions <= Self.maxPartitionsPerTopic else {
            return ControllerResult(records: [], response: .invalidPartitions)
        }
        let usable = image.sortedBrokers.filter(\.isActive).map(\.id)
        guard request.replicationFactor > 0, Int(request.replicationFactor) <= usable.count else {
            return ControllerResult(records: [], response: .invalidReplicationFactor)
        }
        guard request.config.invalidReason == nil else {
            return ControllerResult(records: [], response: .invalidConfig)
        }
        let startIndex = Int(generator.next(below: UInt64(usable.count)))
        let shift = Int(generator.next(below: UInt64(usable.count)))
        let assignment: ReplicaAssignment
        do {
            assignment = try ReplicaAssignment(
                partitions: Int(request.partitions), replicationFactor: Int(request.replicationFactor),
                brokers: usable, startIndex: startIndex, shift: shift)
        } catch {
            // The guards above rule every failure out; keep the error a value all the same.
            return ControllerResult(records: [], response: .invalidReplicationFactor)
        }
        var records: [MetadataRecord] = [
            .topic(name: request.name, id: TopicID.draw(using: &generator), config: request.config)
        ]
        for (number, replicas) in assignment.replicas.enumerated() {
            let partition = PartitionRegistration(replicas: replicas, isr: replicas, leader: replicas[0])
            records.append(.partition(TopicPartition(request.name, Int32(number)), partition))
        }
        return ControllerResult(records: records, response: .none)
    }

    /// Takes `broker` out of every ISR and leadership (fence, unregister, controlled shutdown;
    /// Kafka's `generateLeaderAndIsrUpdates` with the broker to remove), electing new leaders
    /// cleanly, or uncleanly where the topic allows it.
    func removing(_ broker: BrokerID) -> [MetadataRecord] {
        image.sortedPartitions.compactMap { topicPartition, partition in
            guard partition.isr.contains(broker) || partition.leader == broker else { return nil }
            var builder = PartitionChangeBuilder(
                topicPartition, partition, election: election(for: topicPartition),
                isAcceptableLeader: { $0 != broker && image.isActive($0) })
            builder.targetIsr = partition.isr.filter { $0 != broker }
            return builder.build().map(MetadataRecord.partitionChange)
        }
    }

    /// Lets leaderless partitions that have `broker` as a replica try to elect it, now that it
    /// is being unfenced in the same batch (Kafka's `handleBrokerUnfenced`).
    func unfencing(_ broker: BrokerID) -> [MetadataRecord] {
        image.sortedPartitions.compactMap { topicPartition, partition in
            guard !partition.hasLeader, partition.replicas.contains(broker) else { return nil }
            let builder = PartitionChangeBuilder(
                topicPartition, partition, election: election(for: topicPartition),
                isAcceptableLeader: { $0 == broker || image.isActive($0) })
            return builder.build().map(MetadataRecord.partitionChange)
        }
    }

    /// Moves leadership back to each partition's preferred replica where it is in the ISR and
    /// alive; the response holds one error per partition (`ELECTION_NOT_NEEDED`,
    /// `PREFERRED_LEADER_NOT_AVAILABLE`, `UNKNOWN_TOPIC_OR_PARTITION`).
    func electPreferredLeaders(_ topicPartitions: [TopicPartition]) -> ControllerResult<[TopicPartition: KafkaError]> {
        var result = ControllerResult<[TopicPartition: KafkaError]>(records: [], response: [:])
        for topicPartition in topicPartitions.sorted() {
            guard let partition = image.partitions[topicPartition], let preferred = partition.replicas.first else {
                result.response[topicPartition] = .unknownTopicOrPartition
                continue
            }
            if partition.leader == preferred {
                result.response[topicPartition] = .electionNotNeeded
                continue
            }
            let builder = PartitionChangeBuilder(
                topicPartition, partition, election: .preferred, isAcceptableLeader: image.isActive)
            guard let change = builder.build(), change.leader == preferred else {
                result.response[topicPartition] = .preferredLeaderNotAvailable
                continue
            }
            result.records.append(.partitionChange(change))
            result.response[topicPartition] = KafkaError.none
        }
        return result
    }

    private func election(for topicPartition: TopicPartition) -> Election {
        image.topics[topicPartition.topic]?.config.uncleanLeaderElectionEnable == true ? .unclean : .clean
    }
}
