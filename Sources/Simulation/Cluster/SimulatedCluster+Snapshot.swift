import ClusterModel
import KafkaClients
import KafkaCluster
import KafkaCore
import KafkaLog

extension SimulatedCluster {
    /// The read model at this instant: brokers, topics, partitions with each replica's offsets,
    /// health buckets, and the narrated events (brought up to date first).
    public mutating func snapshot(speed: Double = 1, dataDirectory: String? = nil) -> ClusterSnapshot {
        narrator.catchUp(with: self)
        let servers = SnapshotServers(self)
        let image = controllerImage(servers) ?? freshestBrokerImage(servers)
        let controller = activeController(servers)
        let sortedPartitions = image?.sortedPartitions ?? []
        var partitions: [PartitionSnapshot] = []
        partitions.reserveCapacity(sortedPartitions.count)
        for (topicPartition, registration) in sortedPartitions {
            partitions.append(partitionSnapshot(topicPartition, registration, image: image, servers: servers))
        }
        var healthCounts: [PartitionHealth: Int] = [:]
        for partition in partitions where !partition.topicPartition.topic.hasPrefix("__") {
            healthCounts[partition.health, default: 0] += 1
        }
        // Partitions come sorted by topic, so each topic's are one contiguous run.
        var byTopic: [String: ArraySlice<PartitionSnapshot>] = [:]
        var start = 0
        while start < partitions.count {
            let name = partitions[start].topicPartition.topic
            var end = start + 1
            while end < partitions.count, partitions[end].topicPartition.topic == name { end += 1 }
            byTopic[name] = partitions[start..<end]
            start = end
        }
        let topics = (image?.topics.keys.sorted() ?? []).compactMap { name -> TopicSnapshot? in
            guard let topic = image?.topics[name] else { return nil }
            let own = byTopic[name] ?? []
            var counts: [PartitionHealth: Int] = [:]
            for partition in own { counts[partition.health, default: 0] += 1 }
            let size = own.reduce(0) { total, partition in
                total
                    + (partition.leader.flatMap { servers.view($0, partition.topicPartition)?.sizeInBytes } ?? 0)
            }
            return TopicSnapshot(
                name: name, partitionCount: Int(topic.partitionCount),
                replicationFactor: image?.partitions[TopicPartition(name, 0)]?.replicas.count ?? 0,
                configs: Self.configEntries(topic.config), isInternal: name.hasPrefix("__"), sizeBytes: size,
                healthCounts: counts)
        }
        return ClusterSnapshot(
            now: now, seed: options.seed, speed: speed, healthCounts: healthCounts, dataDirectory: dataDirectory,
            activeController: controller,
            brokers: brokerIDs.map { brokerSnapshot($0, controller: controller, servers: servers) },
            topics: topics, partitions: partitions,
            groups: groupTracker.observe(groupSnapshots(partitions: partitions), partitions: partitions, now: now),
            events: narrator.events, brokerConfigs: Self.brokerConfigEntries(options.server))
    }

    /// The broker configs the console's explanations quote.
    static func brokerConfigEntries(_ config: ServerConfig) -> [ConfigEntry] {
        [
            ConfigEntry("broker.session.timeout.ms", String(config.brokerSessionTimeout.milliseconds)),
            ConfigEntry("broker.heartbeat.interval.ms", String(config.brokerHeartbeatInterval.milliseconds)),
            ConfigEntry("replica.lag.time.max.ms", String(config.replicaLagTimeMax.milliseconds)),
            ConfigEntry("unclean.leader.election.enable", String(config.uncleanLeaderElectionEnable)),
        ]
    }

    /// Every group a live broker coordinates (a deposed coordinator that has not heard yet is
    /// skipped when another broker now leads the group's partition), with lag per partition.
    func groupSnapshots(partitions: [PartitionSnapshot]) -> [GroupSnapshot] {
        var highWatermarks: [TopicPartition: Offset] = [:]
        var leaders: [TopicPartition: BrokerID] = [:]
        for partition in partitions {
            highWatermarks[partition.topicPartition] = partition.highWatermark
            leaders[partition.topicPartition] = partition.leader
        }
        let positions = consumerPositions()
        var seen: Set<String> = []
        var groups: [GroupSnapshot] = []
        for broker in brokerIDs where isUp(broker) {
            guard let server = server(broker) else { continue }
            for group in server.coordinatedGroups where !seen.contains(group.groupID) {
                let offsetsPartition = TopicPartition(
                    "__consumer_offsets", coordinatorPartition(for: group.groupID, partitionCount: 50))
                // The leader per the snapshot's own image: while the quorum elects a controller
                // there is no controller image, and the groups must not vanish from the read
                // model then (their lag would read as "nothing committed").
                guard leaders[offsetsPartition] == broker else { continue }
                seen.insert(group.groupID)
                let lags = group.offsets.keys.sorted().compactMap { topicPartition -> GroupPartitionLag? in
                    guard let value = group.offsets[topicPartition] else { return nil }
                    let owner = group.members.first { positions[$0.memberID]?[topicPartition] != nil }
                    return GroupPartitionLag(
                        topicPartition: topicPartition, committedOffset: value.committedOffset,
                        highWatermark: highWatermarks[topicPartition] ?? nil,
                        commitTimestampMilliseconds: value.commitTimestampMilliseconds,
                        position: owner.flatMap { positions[$0.memberID]?[topicPartition] })
                }
                groups.append(
                    GroupSnapshot(
                        groupID: group.groupID, state: group.state.description, generation: group.generation,
                        protocolName: group.protocolName, coordinator: broker,
                        members: group.members.map {
                            GroupMemberSnapshot(
                                memberID: $0.memberID, clientID: $0.clientID, groupInstanceID: $0.groupInstanceID,
                                assignment: Self.decodedAssignment($0.assignment))
                        }, partitions: lags, rebalanceCause: group.rebalanceCause,
                        rebalanceStartedAt: group.rebalanceStartedAt, stateEnteredAt: group.stateEnteredAt))
            }
        }
        return groups.sorted { $0.groupID < $1.groupID }
    }

    /// The positions of every running consumer client that is a member of a group, by member
    /// id: what its next `poll()` returns from, per assigned partition.
    private func consumerPositions() -> [String: [TopicPartition: Offset]] {
        var positions: [String: [TopicPartition: Offset]] = [:]
        for id in world.nodeIDs where world.status(of: id) == .up {
            guard let client = consumerClient(id), !client.memberID.isEmpty, client.generationID >= 0 else { continue }
            var owned: [TopicPartition: Offset] = [:]
            for topicPartition in client.assignment {
                if let position = client.position(of: topicPartition) { owned[topicPartition] = position }
            }
            positions[client.memberID] = owned
        }
        return positions
    }

    /// The partitions in a member's assignment bytes (Kafka's consumer protocol), sorted; none
    /// when the bytes are empty or not the consumer protocol (a Connect group, say).
    static func decodedAssignment(_ bytes: [UInt8]) -> [TopicPartition] {
        guard !bytes.isEmpty else { return [] }
        do {
            return try Assignment(decoding: bytes).partitions.sorted()
        } catch {
            return []
        }
    }

    /// Without an active controller, the most up-to-date image a live broker replayed.
    private func freshestBrokerImage(_ servers: SnapshotServers) -> MetadataImage? {
        brokerIDs.filter { servers.isUp($0) }.compactMap { servers.server($0)?.metadataImage }.max {
            $0.lastAppliedOffset < $1.lastAppliedOffset
        }
    }

    /// `activeController`, from servers already looked up.
    private func activeController(_ servers: SnapshotServers) -> BrokerID? {
        brokerIDs.filter { servers.isUp($0) }.compactMap { broker -> (LeaderEpoch, BrokerID)? in
            guard let server = servers.server(broker), server.isActiveController else { return nil }
            return (server.quorumEpoch, broker)
        }.max { $0.0 < $1.0 }?.1
    }

    /// `controllerImage`, from servers already looked up.
    private func controllerImage(_ servers: SnapshotServers) -> MetadataImage? {
        activeController(servers).flatMap { servers.server($0)?.controllerImage }
    }

    private func brokerSnapshot(
        _ broker: BrokerID, controller: BrokerID?, servers: SnapshotServers
    ) -> BrokerSnapshot {
        let voter = options.server.controllerQuorumVoters.contains(broker)
        guard let server = servers.server(broker) else { return BrokerSnapshot(id: broker, state: .stopped) }
        let state: BrokerSnapshot.State
        var status = world.status(of: .broker(broker))
        // A slow disk keeps the process busy, not stopped: the operator sees it running.
        if case .paused? = status, hasSlowDisk(broker) { status = .up }
        switch status {
        case .down?, nil: state = .stopped
        case .paused?: state = .paused
        case .up?:
            if world.network.isIsolated(.broker(broker)) {
                state = .isolated
            } else {
                switch server.brokerState {
                case .starting, .registering: state = .starting
                case .fenced: state = .fenced
                case .running: state = .running
                case .shuttingDown: state = .shuttingDown
                case .stopped: state = .stopped
                }
            }
        }
        let replicas = state == .stopped ? [] : servers.views(broker)
        let counters = server.counters
        return BrokerSnapshot(
            id: broker, state: state, isQuorumVoter: voter, isActiveController: controller == broker,
            partitionsLed: replicas.filter { $0.role == .leader }.count,
            partitionsFollowed: replicas.filter { $0.role == .follower }.count,
            logSizeBytes: replicas.reduce(0) { $0 + $1.sizeInBytes }, bytesIn: counters.bytesIn,
            bytesOut: counters.bytesOut, messagesIn: counters.messagesIn, notices: server.notices)
    }

    private func partitionSnapshot(
        _ topicPartition: TopicPartition, _ registration: PartitionRegistration, image: MetadataImage?,
        servers: SnapshotServers
    ) -> PartitionSnapshot {
        let liveLeader = registration.hasLeader && servers.isUp(registration.leader) ? registration.leader : nil
        let leaderView = liveLeader.flatMap { servers.view($0, topicPartition) }
        let replicas = registration.replicas.map { broker -> ReplicaSnapshot in
            let isUp = servers.isUp(broker)
            let up = isUp && !servers.isIsolated(broker)
            let view = isUp ? servers.view(broker, topicPartition) : nil
            let standing: ReplicaSnapshot.Standing =
                !up || image?.isActive(broker) == false
                ? .offline
                : broker == liveLeader ? .leader : registration.isr.contains(broker) ? .inSync : .outOfSync
            return ReplicaSnapshot(broker: broker, standing: standing, logEndOffset: view?.logEndOffset)
        }
        let minInsync = Int(image?.topics[topicPartition.topic]?.config.minInsyncReplicas ?? 1)
        let health = PartitionHealth.classify(
            hasLeader: liveLeader != nil, isrCount: registration.isr.count,
            replicationFactor: registration.replicas.count,
            minInsyncReplicas: minInsync)
        return PartitionSnapshot(
            topicPartition: topicPartition, leader: registration.hasLeader ? registration.leader : nil,
            leaderEpoch: registration.leaderEpoch, replicas: replicas, isr: registration.isr,
            highWatermark: leaderView?.highWatermark, logStartOffset: leaderView?.logStartOffset, health: health)
    }

    static func configEntries(_ config: TopicConfig) -> [ConfigEntry] {
        [
            ConfigEntry("cleanup.policy", config.cleanupPolicy.rawValue),
            ConfigEntry("min.insync.replicas", String(config.minInsyncReplicas)),
            ConfigEntry("unclean.leader.election.enable", String(config.uncleanLeaderElectionEnable)),
            ConfigEntry("retention.ms", String(config.retentionMilliseconds)),
            ConfigEntry("retention.bytes", String(config.retentionBytes)),
            ConfigEntry("segment.bytes", String(config.segmentBytes)),
        ]
    }
}

/// Each broker's server, status and replicas, looked up once for a snapshot: a server lookup
/// copies the server out of the world, and a replica view copies its numbers, so a snapshot
/// takes each once instead of once per partition that mentions the broker.
struct SnapshotServers {
    private var servers: [BrokerID: KafkaServer] = [:]
    private var up: Set<BrokerID> = []
    private var isolated: Set<BrokerID> = []
    private var sortedViews: [BrokerID: [ReplicaView]] = [:]
    private var viewIndex: [BrokerID: [TopicPartition: Int]] = [:]

    init(_ cluster: SimulatedCluster) {
        for broker in cluster.brokerIDs {
            if cluster.isUp(broker) { up.insert(broker) }
            if cluster.world.network.isIsolated(.broker(broker)) { isolated.insert(broker) }
            guard let server = cluster.server(broker) else { continue }
            servers[broker] = server
            let views = server.replicas
            sortedViews[broker] = views
            var index: [TopicPartition: Int] = [:]
            index.reserveCapacity(views.count)
            for (position, view) in views.enumerated() { index[view.topicPartition] = position }
            viewIndex[broker] = index
        }
    }

    func server(_ broker: BrokerID) -> KafkaServer? { servers[broker] }
    func isUp(_ broker: BrokerID) -> Bool { up.contains(broker) }
    func isIsolated(_ broker: BrokerID) -> Bool { isolated.contains(broker) }
    /// The broker's replicas, in partition order (`KafkaServer.replicas`).
    func views(_ broker: BrokerID) -> [ReplicaView] { sortedViews[broker] ?? [] }

    /// `server(broker)?.replica(topicPartition)`.
    func view(_ broker: BrokerID, _ topicPartition: TopicPartition) -> ReplicaView? {
        guard let position = viewIndex[broker]?[topicPartition] else { return nil }
        return sortedViews[broker]?[position]
    }
}
