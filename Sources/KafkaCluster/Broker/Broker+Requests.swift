import KafkaCore
import KafkaLog

extension Broker {
    /// A client (or follower) request. Brokers that are not registered yet answer what they can
    /// from their image; the data plane needs partitions, which come with metadata.
    func handleRequest(_ request: ClientRequest, id: UInt64, from: NodeID, now: Instant) {
        switch request {
        case .produce(let produce): handleProduce(produce, id: id, from: from, now: now)
        case .fetch(let fetch): handleFetch(fetch, id: id, from: from, now: now)
        case .metadata(let metadata): reply(.metadata(describe(metadata)), id: id, to: from)
        case .listOffsets(let listOffsets): handleListOffsets(listOffsets, id: id, from: from, now: now)
        case .initProducerID: handleInitProducerID(id: id, from: from, now: now)
        case .createTopics(let create): handleCreateTopics(create, id: id, from: from, now: now)
        case .findCoordinator, .joinGroup, .syncGroup, .heartbeat, .leaveGroup, .offsetCommit, .offsetFetch,
            .describeGroups, .listGroups:
            handleGroupRequest(request, id: id, from: from, now: now)
        }
    }

    /// Metadata from this broker's image: live brokers, the controller it knows, and per
    /// partition the leader (`LEADER_NOT_AVAILABLE` when there is none) and offline replicas.
    func describe(_ request: MetadataRequest) -> MetadataResponse {
        let live = image.sortedBrokers.filter { !$0.fenced }.map(\.id)
        let names = request.topics ?? image.topics.keys.sorted()
        let topics = names.map { name -> TopicMetadata in
            guard let topic = image.topics[name] else {
                return TopicMetadata(name: name, error: .unknownTopicOrPartition)
            }
            let partitionsOut = (0..<topic.partitionCount).compactMap { number -> PartitionMetadata? in
                guard let registration = image.partitions[TopicPartition(name, number)] else { return nil }
                let offline = registration.replicas.filter { !live.contains($0) }
                return PartitionMetadata(
                    partition: number, error: registration.hasLeader ? .none : .leaderNotAvailable,
                    leader: registration.hasLeader ? registration.leader : nil, leaderEpoch: registration.leaderEpoch,
                    replicas: registration.replicas, isr: registration.isr, offlineReplicas: offline)
            }
            return TopicMetadata(name: name, error: .none, partitions: partitionsOut)
        }
        return MetadataResponse(brokers: live, controllerID: activeController, topics: topics)
    }

    /// InitProducerId for an idempotent producer: the next id of this broker's block, asking
    /// the controller for a new block when it runs out.
    func handleInitProducerID(id: UInt64, from: NodeID, now: Instant) {
        if let producerID = producerIDs.take() {
            reply(
                .initProducerID(InitProducerIDResponse(error: .none, producerID: producerID, producerEpoch: 0)), id: id,
                to: from)
            return
        }
        producerIDs.waiting.append(WaitingRequest(id: id, from: from))
        guard !producerIDs.requested, brokerEpoch >= 0 else { return }
        producerIDs.requested = true
        callController(
            .allocateProducerIDs(self.id, brokerEpoch: brokerEpoch), purpose: .allocateProducerIDs,
            controller: activeController, now: now)
    }

    func producerIDsAllocated(_ allocation: ProducerIDAllocation, now: Instant) {
        producerIDs.requested = false
        let waiting = producerIDs.waiting
        producerIDs.waiting = []
        guard allocation.error == .none else {
            for request in waiting {
                reply(
                    .initProducerID(InitProducerIDResponse(error: allocation.error)), id: request.id, to: request.from)
            }
            return
        }
        producerIDs.next = allocation.firstProducerID
        producerIDs.end = allocation.firstProducerID + Int64(allocation.count)
        for request in waiting { handleInitProducerID(id: request.id, from: request.from, now: now) }
    }

    /// CreateTopics: configs by Kafka's names become a `TopicConfig`; the controller decides.
    func handleCreateTopics(_ request: CreateTopicsRequest, id: UInt64, from: NodeID, now: Instant) {
        var valid: [CreateTopicRequest] = []
        var results: [CreatedTopic] = []
        for topic in request.topics {
            if let problem = TopicName.problem(with: topic.name) {
                results.append(CreatedTopic(name: topic.name, error: .invalidTopicException, message: problem))
                continue
            }
            switch TopicConfig.parse(topic.configs, defaults: topicDefaults) {
            case .success(let topicConfig):
                let partitionCount = topic.partitions < 0 ? config.numPartitions : topic.partitions
                let replicationFactor =
                    topic.replicationFactor < 0 ? config.defaultReplicationFactor : topic.replicationFactor
                valid.append(
                    CreateTopicRequest(
                        name: topic.name, partitions: partitionCount, replicationFactor: replicationFactor,
                        config: topicConfig))
            case .failure(let problem):
                results.append(CreatedTopic(name: topic.name, error: .invalidConfig, message: problem.description))
            }
        }
        guard !valid.isEmpty else {
            reply(.createTopics(CreateTopicsResponse(topics: results)), id: id, to: from)
            return
        }
        guard results.isEmpty else {
            // Kafka answers per topic; to keep one controller call per request, a request with a
            // bad config is refused whole, naming the culprit.
            let refused = valid.map {
                CreatedTopic(
                    name: $0.name, error: .invalidConfig, message: "another topic in the request has an invalid config")
            }
            reply(.createTopics(CreateTopicsResponse(topics: results + refused)), id: id, to: from)
            return
        }
        callController(
            .createTopics(valid), purpose: .createTopics(WaitingRequest(id: id, from: from), names: valid.map(\.name)),
            controller: activeController, now: now)
    }

    /// Forwards an operator's preferred leader election to the active controller; the
    /// controller moves leadership to each partition's first replica where it is in the ISR.
    func requestPreferredElection(_ partitions: [TopicPartition], now: Instant) {
        callController(
            .electPreferredLeaders(partitions), purpose: .electPreferredLeaders(nil), controller: activeController,
            now: now)
    }

    /// The broker's defaults for topic configs.
    var topicDefaults: TopicConfig {
        var defaults = TopicConfig(
            minInsyncReplicas: config.minInsyncReplicas, uncleanLeaderElectionEnable: config.uncleanLeaderElectionEnable
        )
        defaults.cleanupPolicy = config.log.cleanupPolicy
        defaults.retentionMilliseconds = config.log.retentionMilliseconds
        defaults.retentionBytes = config.log.retentionBytes
        defaults.segmentBytes = config.log.segmentBytes
        defaults.segmentMilliseconds = config.log.segmentMilliseconds
        defaults.maxMessageBytes = config.log.maxMessageBytes
        defaults.minCompactionLagMilliseconds = config.log.minCompactionLagMilliseconds
        defaults.deleteRetentionMilliseconds = config.log.deleteRetentionMilliseconds
        return defaults
    }
}
