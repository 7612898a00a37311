import KafkaCore
import KafkaLog

/// A read-only picture of one partition replica on one broker, for checkers, tests and the read
/// model. Taking it copies numbers only.
public struct ReplicaView: Hashable, Sendable {
    /// What the broker does for the partition.
    public enum Role: Hashable, Sendable {
        case leader
        case follower
        case none
    }

    public let topicPartition: TopicPartition
    public let broker: BrokerID
    public let role: Role
    public let leader: BrokerID?
    public let leaderEpoch: LeaderEpoch
    public let partitionEpoch: Int32
    public let replicas: [BrokerID]
    /// The ISR as the broker last learned it; on a leader, `maximalIsr` adds a pending expansion.
    public let isr: [BrokerID]
    public let maximalIsr: [BrokerID]
    public let hasPendingIsrChange: Bool
    public let highWatermark: Offset
    public let logEndOffset: Offset
    public let logStartOffset: Offset
    public let sizeInBytes: Int
    /// On a leader: what it knows of each follower's log end offset (from their fetches).
    public let followerLogEndOffsets: [BrokerID: Offset]
    /// The leader-epoch cache (epoch → start offset), oldest first.
    public let epochStartOffsets: [EpochEntry]
}

/// A broker process's state as the read model shows it.
public enum BrokerProcessState: String, Hashable, Sendable {
    case starting
    case registering
    case fenced
    case running
    case shuttingDown = "shutting down"
    case stopped
}

extension KafkaServer {
    /// Whether this server is the active controller (the leader of the metadata quorum).
    public var isActiveController: Bool { controller?.isActive == true && raft.isLeader }

    /// The metadata quorum epoch this server is in.
    public var quorumEpoch: LeaderEpoch { raft.election.epoch }

    /// The Raft role of this server's quorum member (`leader`, `follower`, `candidate`…).
    public var quorumRoleName: String { raft.role.name }

    /// The active controller's image, when this server is it.
    public var controllerImage: MetadataImage? { isActiveController ? controller?.controller.image : nil }

    /// What this server's broker has replayed of the metadata log.
    public var metadataImage: MetadataImage? { broker?.image }

    /// Where the metadata quorum's log ends on this server, and what it knows to be committed.
    public var metadataLogEndOffset: Offset { raft.log.endOffset }
    public var metadataHighWatermark: Offset { raft.highWatermark }

    public var brokerState: BrokerProcessState {
        guard let broker else { return .starting }
        switch broker.lifecycle {
        case .starting: return .starting
        case .registering: return .registering
        case .fenced: return .fenced
        case .running: return .running
        case .shuttingDown: return .shuttingDown
        case .stopped: return .stopped
        }
    }

    /// True once a controlled shutdown finished: the host may stop the process.
    public var hasStopped: Bool { broker?.hasStopped == true }

    public var brokerEpoch: Int64 { broker?.brokerEpoch ?? -1 }

    /// Notices for the operator (storage failures, recovery problems), oldest first.
    public var notices: [String] { broker?.notices ?? [] }

    /// Counters: bytes in from producers, bytes out to consumers, replication bytes in, and
    /// request counts.
    public var counters: BrokerCounters {
        let statistics = broker?.statistics ?? BrokerStatistics()
        return BrokerCounters(
            bytesIn: statistics.bytesIn, bytesOut: statistics.bytesOut, messagesIn: statistics.messagesIn,
            replicationBytesIn: statistics.replicationBytesIn, produceRequests: statistics.produceRequests,
            fetchRequests: statistics.fetchRequests, failedProduceRequests: statistics.failedProduceRequests,
            truncations: statistics.truncations)
    }

    /// Every replica on this broker, in partition order.
    public var replicas: [ReplicaView] {
        broker?.sortedPartitions.map { view(of: $0) } ?? []
    }

    public func replica(_ topicPartition: TopicPartition) -> ReplicaView? {
        broker?.partitions[topicPartition].map { view(of: $0) }
    }

    /// The replica's high watermark and log start offset: what `replica(_:)` would report,
    /// without building the view (its follower table and epoch entries), for a lag sample that
    /// reads them of every partition.
    public func offsets(_ topicPartition: TopicPartition) -> (highWatermark: Offset, logStartOffset: Offset)? {
        guard let partition = broker?.partitions[topicPartition] else { return nil }
        return (partition.highWatermark, partition.log.logStartOffset)
    }

    /// Whether this broker acts as the partition's leader: `replica(_:)?.role == .leader`
    /// without building the view (its follower table and epoch entries), for a caller that asks
    /// of every partition several times a second.
    public func leads(_ topicPartition: TopicPartition) -> Bool {
        broker?.partitions[topicPartition]?.isLeader ?? false
    }

    /// The replica's log, for checkers that read records (never to write).
    public func log(_ topicPartition: TopicPartition) -> PartitionLog? {
        broker?.partitions[topicPartition]?.log
    }

    private func view(of partition: Partition) -> ReplicaView {
        let role: ReplicaView.Role
        var followers: [BrokerID: Offset] = [:]
        switch partition.role {
        case .leader(let state):
            role = .leader
            for remote in state.remotes { followers[remote.broker] = remote.logEndOffset }
        case .follower: role = .follower
        case .none: role = .none
        }
        return ReplicaView(
            topicPartition: partition.topicPartition, broker: id, role: role,
            leader: partition.leader == .noLeader ? nil : partition.leader, leaderEpoch: partition.leaderEpoch,
            partitionEpoch: partition.partitionEpoch, replicas: partition.replicas, isr: partition.isr,
            maximalIsr: partition.maximalIsr, hasPendingIsrChange: partition.pendingIsr != nil,
            highWatermark: partition.highWatermark, logEndOffset: partition.logEndOffset,
            logStartOffset: partition.log.logStartOffset, sizeInBytes: partition.log.sizeInBytes,
            followerLogEndOffsets: followers, epochStartOffsets: partition.log.epochEntries)
    }

    /// The consumer groups this broker coordinates (it leads their `__consumer_offsets`
    /// partitions), sorted by id.
    public var coordinatedGroups: [ClassicGroup] {
        guard let broker else { return [] }
        var groups: [ClassicGroup] = []
        for partition in broker.coordinators.keys.sorted() {
            guard let coordinator = broker.coordinators[partition] else { continue }
            groups += coordinator.sortedGroupIDs.compactMap { coordinator.groups[$0] }
        }
        return groups.sorted { $0.groupID < $1.groupID }
    }

    /// Checks every replica's invariants and the controller's.
    public func checkInvariants() {
        raft.checkInvariants()
        if isActiveController { controller?.controller.checkInvariants() }
        for partition in broker?.sortedPartitions ?? [] { partition.checkInvariants() }
    }
}

/// A broker's running totals.
public struct BrokerCounters: Hashable, Sendable {
    public var bytesIn: Int
    public var bytesOut: Int
    public var messagesIn: Int
    public var replicationBytesIn: Int
    public var produceRequests: Int
    public var fetchRequests: Int
    public var failedProduceRequests: Int
    public var truncations: Int
}
