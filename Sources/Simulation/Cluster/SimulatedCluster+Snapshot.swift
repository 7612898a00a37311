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
        let states = brokerIDs.map { brokerState($0, servers: servers) }
        var hosting = ReplicaTotals(brokers: brokerIDs, states: states)
        let sortedPartitions = image?.sortedPartitions ?? []
        var partitions: [PartitionSnapshot] = []
        var leaderSizes: [Int] = []
        partitions.reserveCapacity(sortedPartitions.count)
        leaderSizes.reserveCapacity(sortedPartitions.count)
        for (topicPartition, registration) in sortedPartitions {
            let (partition, leaderSize) = partitionSnapshot(
                topicPartition, registration, image: image, servers: servers, hosting: &hosting)
            partitions.append(partition)
            leaderSizes.append(leaderSize)
        }
        var healthCounts: [PartitionHealth: Int] = [:]
        for partition in partitions where !partition.topicPartition.topic.hasPrefix("__") {
            healthCounts[partition.health, default: 0] += 1
        }
        // Partitions come sorted by topic, so each topic's are one contiguous run.
        var byTopic: [String: Range<Int>] = [:]
        var start = 0
        while start < partitions.count {
            let name = partitions[start].topicPartition.topic
            var end = start + 1
            while end < partitions.count, partitions[end].topicPartition.topic == name { end += 1 }
            byTopic[name] = start..<end
            start = end
        }
        let topics = (image?.topics.keys.sorted() ?? []).compactMap { name -> TopicSnapshot? in
            guard let topic = image?.topics[name] else { return nil }
            let own = byTopic[name] ?? 0..<0
            var counts: [PartitionHealth: Int] = [:]
            for index in own { counts[partitions[index].health, default: 0] += 1 }
            return TopicSnapshot(
                name: name, partitionCount: Int(topic.partitionCount),
                replicationFactor: image?.partitions[TopicPartition(name, 0)]?.replicas.count ?? 0,
                configs: Self.configEntries(topic.config), isInternal: name.hasPrefix("__"),
                sizeBytes: leaderSizes[own].reduce(0, +), healthCounts: counts)
        }
        let brokers = brokerIDs.indices.map { index in
            brokerSnapshot(
                brokerIDs[index], state: states[index], controller: controller, servers: servers,
                totals: hosting.totals[index])
        }
        let progress = partitions.map(PartitionProgress.init)
        return ClusterSnapshot(
            now: now, seed: options.seed, speed: speed, healthCounts: healthCounts, dataDirectory: dataDirectory,
            activeController: controller, brokers: brokers, topics: topics, partitions: partitions,
            groups: groupTracker.observe(groupSnapshots(partitions: progress), partitions: progress, now: now),
            events: narrator.events, brokerConfigs: Self.brokerConfigEntries(options.server))
    }

    /// The groups of `snapshot()` and its partitions' progress, with the same effects (the narrator
    /// caught up, the group tracker fed the same groups and high watermarks), without the rest of
    /// the read model: a scenario samples its groups' lag every second, and building every
    /// replica's view, the topics and the brokers for it cost several times what it reads.
    mutating func groupProgress() -> ClusterProgress {
        narrator.catchUp(with: self)
        let servers = SnapshotServers(self)
        let image = controllerImage(servers) ?? freshestBrokerImage(servers)
        var partitions = (image?.sortedPartitions ?? []).map { topicPartition, registration in
            PartitionProgress(
                topicPartition: topicPartition, leader: registration.hasLeader ? registration.leader : nil,
                highWatermark: nil, logStartOffset: nil)
        }
        // What `partitionSnapshot` reads: the high watermark and log start of a live leader. Each
        // live server is taken once and read for the partitions it leads: reading the leader's
        // server per partition copied it (retaining all it holds) each time.
        for broker in brokerIDs where servers.isUp(broker) {
            guard let server = servers.server(broker) else { continue }
            for index in partitions.indices where partitions[index].leader == broker {
                let offsets = server.offsets(partitions[index].topicPartition)
                partitions[index] = PartitionProgress(
                    topicPartition: partitions[index].topicPartition, leader: broker,
                    highWatermark: offsets?.highWatermark, logStartOffset: offsets?.logStartOffset)
            }
        }
        let groups = groupTracker.observe(groupSnapshots(partitions: partitions), partitions: partitions, now: now)
        return ClusterProgress(groups: groups, partitions: partitions)
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
    func groupSnapshots(partitions: [PartitionProgress]) -> [GroupSnapshot] {
        var index: [TopicPartition: Int] = [:]
        index.reserveCapacity(partitions.count)
        for (position, partition) in partitions.enumerated() { index[partition.topicPartition] = position }
        let leaders = { (topicPartition: TopicPartition) in index[topicPartition].flatMap { partitions[$0].leader } }
        let highWatermarks = { (topicPartition: TopicPartition) in
            index[topicPartition].flatMap { partitions[$0].highWatermark }
        }
        let positions = consumerPositions()
        var seen: Set<String> = []
        var groups: [GroupSnapshot] = []
        for broker in brokerIDs where isUp(broker) {
            guard let server = server(broker) else { continue }
            for group in server.coordinatedGroups where !seen.contains(group.groupID) {
                let offsetsPartition = TopicPartition(
                    "__consumer_offsets",
                    coordinatorPartition(
                        for: group.groupID, partitionCount: options.server.groupCoordinator.offsetsTopicPartitionCount))
                // The leader per the snapshot's own image: while the quorum elects a controller
                // there is no controller image, and the groups must not vanish from the read
                // model then (their lag would read as "nothing committed").
                guard leaders(offsetsPartition) == broker else { continue }
                seen.insert(group.groupID)
                let lags = group.offsets.keys.sorted().compactMap { topicPartition -> GroupPartitionLag? in
                    guard let value = group.offsets[topicPartition] else { return nil }
                    let owner = group.members.first { positions[$0.memberID]?[topicPartition] != nil }
                    return GroupPartitionLag(
                        topicPartition: topicPartition, committedOffset: value.committedOffset,
                        highWatermark: highWatermarks(topicPartition),
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

    /// The broker's state as the read model shows it (nil: no server).
    private func brokerState(_ broker: BrokerID, servers: SnapshotServers) -> BrokerSnapshot.State? {
        guard let server = servers.server(broker) else { return nil }
        var status = world.status(of: .broker(broker))
        // A slow disk keeps the process busy, not stopped: the operator sees it running.
        if case .paused? = status, hasSlowDisk(broker) { status = .up }
        switch status {
        case .down?, nil: return .stopped
        case .paused?: return .paused
        case .up?:
            if servers.isIsolated(broker) { return .isolated }
            switch server.brokerState {
            case .starting, .registering: return .starting
            case .fenced: return .fenced
            case .running: return .running
            case .shuttingDown: return .shuttingDown
            case .stopped: return .stopped
            }
        }
    }

    private func brokerSnapshot(
        _ broker: BrokerID, state: BrokerSnapshot.State?, controller: BrokerID?, servers: SnapshotServers,
        totals: ReplicaTotals.Totals
    ) -> BrokerSnapshot {
        let voter = options.server.controllerQuorumVoters.contains(broker)
        guard let server = servers.server(broker), let state else { return BrokerSnapshot(id: broker, state: .stopped) }
        let counters = server.counters
        return BrokerSnapshot(
            id: broker, state: state, isQuorumVoter: voter, isActiveController: controller == broker,
            partitionsLed: totals.led, partitionsFollowed: totals.followed, logSizeBytes: totals.sizeInBytes,
            bytesIn: counters.bytesIn, bytesOut: counters.bytesOut, messagesIn: counters.messagesIn,
            notices: server.notices)
    }

    /// The partition as the read model shows it, and the size of its leader's replica (the
    /// leader per the image, live or not). Each replica's view is taken once, and counted into
    /// `hosting` for its broker's totals.
    private func partitionSnapshot(
        _ topicPartition: TopicPartition, _ registration: PartitionRegistration, image: MetadataImage?,
        servers: SnapshotServers, hosting: inout ReplicaTotals
    ) -> (PartitionSnapshot, leaderSize: Int) {
        let liveLeader = registration.hasLeader && servers.isUp(registration.leader) ? registration.leader : nil
        var leaderView: ReplicaView?
        var leaderSize: Int?
        let replicas = registration.replicas.map { broker -> ReplicaSnapshot in
            let isUp = servers.isUp(broker)
            let up = isUp && !servers.isIsolated(broker)
            let view = isUp || hosting.counts(broker) ? servers.server(broker)?.replica(topicPartition) : nil
            if let view { hosting.add(view, of: broker) }
            if broker == registration.leader { leaderSize = view?.sizeInBytes }
            if broker == liveLeader { leaderView = view }
            let standing: ReplicaSnapshot.Standing =
                !up || image?.isActive(broker) == false
                ? .offline
                : broker == liveLeader ? .leader : registration.isr.contains(broker) ? .inSync : .outOfSync
            return ReplicaSnapshot(broker: broker, standing: standing, logEndOffset: isUp ? view?.logEndOffset : nil)
        }
        if registration.hasLeader, leaderSize == nil || (liveLeader != nil && leaderView == nil) {
            // A leader outside its own replica list, or a stopped one whose view was not taken.
            let view = servers.server(registration.leader)?.replica(topicPartition)
            leaderSize = view?.sizeInBytes
            if liveLeader != nil { leaderView = view }
        }
        let minInsync = Int(image?.topics[topicPartition.topic]?.config.minInsyncReplicas ?? 1)
        let health = PartitionHealth.classify(
            hasLeader: liveLeader != nil, isrCount: registration.isr.count,
            replicationFactor: registration.replicas.count,
            minInsyncReplicas: minInsync)
        let partition = PartitionSnapshot(
            topicPartition: topicPartition, leader: registration.hasLeader ? registration.leader : nil,
            leaderEpoch: registration.leaderEpoch, replicas: replicas, isr: registration.isr,
            highWatermark: leaderView?.highWatermark, logStartOffset: leaderView?.logStartOffset, health: health)
        return (partition, registration.hasLeader ? leaderSize ?? 0 : 0)
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

/// What the group lag reads of a partition in the read model (`PartitionSnapshot`): its leader
/// per the image, and its live leader's high watermark and log start offset (nil without one).
struct PartitionProgress: Equatable {
    let topicPartition: TopicPartition
    let leader: BrokerID?
    let highWatermark: Offset?
    let logStartOffset: Offset?
}

extension PartitionProgress {
    init(_ partition: PartitionSnapshot) {
        self.init(
            topicPartition: partition.topicPartition, leader: partition.leader, highWatermark: partition.highWatermark,
            logStartOffset: partition.logStartOffset)
    }
}

/// The groups of the read model and its partitions' progress (`SimulatedCluster.groupProgress()`).
struct ClusterProgress: Equatable {
    let groups: [GroupSnapshot]
    let partitions: [PartitionProgress]
}

extension ClusterProgress {
    /// The part of `snapshot` a lag sample reads.
    init(_ snapshot: ClusterSnapshot) {
        self.init(groups: snapshot.groups, partitions: snapshot.partitions.map(PartitionProgress.init))
    }
}

/// Each broker's server and status, looked up once for a snapshot or a check: a server lookup
/// copies the server out of the world, so they are taken once each instead of once per
/// partition that mentions the broker. With `allReplicas`, each server's replicas too
/// (`KafkaServer.replicas`, for the checker, which looks at every replica a server has).
struct SnapshotServers {
    private var servers: [BrokerID: KafkaServer] = [:]
    private var up: Set<BrokerID> = []
    private var isolated: Set<BrokerID> = []
    private var sortedViews: [BrokerID: [ReplicaView]] = [:]
    private var viewIndex: [BrokerID: [TopicPartition: Int]] = [:]

    init(_ cluster: SimulatedCluster, allReplicas: Bool = false) {
        for broker in cluster.brokerIDs {
            if cluster.isUp(broker) { up.insert(broker) }
            if cluster.world.network.isIsolated(.broker(broker)) { isolated.insert(broker) }
            guard let server = cluster.server(broker) else { continue }
            servers[broker] = server
            guard allReplicas, up.contains(broker) else { continue }
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
    /// A live broker's replicas, in partition order (`KafkaServer.replicas`; `allReplicas` only).
    func views(_ broker: BrokerID) -> [ReplicaView] { sortedViews[broker] ?? [] }

    /// A live broker's replica of `topicPartition` (`allReplicas` only).
    func view(_ broker: BrokerID, _ topicPartition: TopicPartition) -> ReplicaView? {
        guard let position = viewIndex[broker]?[topicPartition] else { return nil }
        return sortedViews[broker]?[position]
    }
}

/// Per broker, the replicas it hosts of the image's partitions: how many it leads and follows,
/// and their size on disk (brokers the read model shows as stopped count none).
struct ReplicaTotals {
    struct Totals {
        var led = 0
        var followed = 0
        var sizeInBytes = 0
    }

    private(set) var totals: [Totals]
    private let brokers: [BrokerID]
    private let counted: [Bool]

    init(brokers: [BrokerID], states: [BrokerSnapshot.State?]) {
        self.brokers = brokers
        totals = brokers.map { _ in Totals() }
        counted = states.map { $0 != nil && $0 != .stopped }
    }

    /// Whether `broker`'s replicas count.
    func counts(_ broker: BrokerID) -> Bool {
        brokers.firstIndex(of: broker).map { counted[$0] } ?? false
    }

    mutating func add(_ view: ReplicaView, of broker: BrokerID) {
        guard let index = brokers.firstIndex(of: broker), counted[index] else { return }
        switch view.role {
        case .leader: totals[index].led += 1
        case .follower: totals[index].followed += 1
        case .none: break
        }
        totals[index].sizeInBytes += view.sizeInBytes
    }
}
