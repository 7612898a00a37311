import ClusterModel
import KafkaCluster
import KafkaCore

/// Turns what the cluster did into sentences for the events view: committed metadata records
/// (registrations, fencing, leader and ISR changes, new topics), each with the config that
/// governed it, and the operator's faults. Keeps a bounded window of the latest events.
public struct ClusterNarrator: Sendable {
    /// The most events kept.
    public static let capacity = 500
    public private(set) var events: [ClusterEvent] = []
    /// The metadata as replayed so far, to say what changed.
    private var image = MetadataImage()
    private var nextOffset = Offset(0)

    public init() {}

    /// Records an operator action (a fault, a restart) as it happens.
    public mutating func append(_ event: ClusterEvent) {
        events.append(event)
        if events.count > Self.capacity { events.removeFirst(events.count - Self.capacity) }
    }

    /// Reads the metadata committed since the last call from the live server that has
    /// committed the most, and narrates each record.
    mutating func catchUp(with cluster: SimulatedCluster) {
        let servers = cluster.brokerIDs.filter(cluster.isUp).compactMap { cluster.server($0) }
        guard let source = servers.max(by: { $0.metadataHighWatermark < $1.metadataHighWatermark }),
            source.metadataHighWatermark > nextOffset
        else { return }
        let config = cluster.options.server
        for entry in source.metadataRecords(from: nextOffset, to: source.metadataHighWatermark) {
            narrate(entry.record, config: config, cluster: cluster)
            image.apply(entry.record, offset: entry.offset)
        }
        nextOffset = source.metadataHighWatermark
    }

    private mutating func narrate(_ record: MetadataRecord, config: ServerConfig, cluster: SimulatedCluster) {
        let now = cluster.now
        switch record {
        case .registerBroker(let id, _):
            append(
                ClusterEvent(
                    instant: now, kind: .broker, brokers: [id],
                    text: "\(id) registered; fenced until it has replayed the metadata log up to its registration"))
        case .brokerRegistrationChange(let id, _, let fenced, let inControlledShutdown):
            if inControlledShutdown == true {
                append(
                    ClusterEvent(
                        instant: now, kind: .broker, brokers: [id],
                        text: "\(id) asked to shut down → controlled shutdown: its leaderships move away first"))
            }
            if fenced == true {
                let why =
                    cluster.isUp(id)
                    ? "fenced"
                    : "missed heartbeats for broker.session.timeout.ms=\(config.brokerSessionTimeout.milliseconds)ms → fenced"
                append(ClusterEvent(instant: now, kind: .broker, brokers: [id], text: "\(id) \(why)"))
            } else if fenced == false {
                append(
                    ClusterEvent(
                        instant: now, kind: .broker, brokers: [id], text: "\(id) caught up with the metadata → unfenced"
                    ))
            }
        case .unregisterBroker(let id, _):
            append(ClusterEvent(instant: now, kind: .broker, brokers: [id], text: "\(id) unregistered"))
        case .topic(let name, _, let topicConfig):
            append(
                ClusterEvent(
                    instant: now, kind: .topic, topics: [name],
                    text: "topic \(name) created (min.insync.replicas=\(topicConfig.minInsyncReplicas), "
                        + "cleanup.policy=\(topicConfig.cleanupPolicy.rawValue))"))
        case .partition(let topicPartition, let registration):
            guard topicPartition.partition == 0 else { return }
            append(
                ClusterEvent(
                    instant: now, kind: .topic, brokers: registration.replicas, topics: [topicPartition.topic],
                    text: "\(topicPartition.topic): replicas placed, \(topicPartition) led by "
                        + "\(registration.leader) with ISR \(Self.list(registration.isr))"))
        case .partitionChange(let change):
            guard let before = image.partitions[change.topicPartition] else { return }
            let after = before.applying(change)
            append(describe(change.topicPartition, before: before, after: after, config: config, at: now))
        case .producerIDs:
            return
        }
    }

    private func describe(
        _ topicPartition: TopicPartition, before: PartitionRegistration, after: PartitionRegistration,
        config: ServerConfig, at now: Instant
    ) -> ClusterEvent {
        let subjects = Array(Set(before.replicas + after.replicas)).sorted()
        if before.leader != after.leader {
            let from = before.hasLeader ? "\(before.leader.rawValue)" : "none"
            let to = after.hasLeader ? "\(after.leader.rawValue)" : "none"
            var text =
                "\(topicPartition): leader \(from) → \(to) (epoch \(after.leaderEpoch)), ISR \(Self.list(after.isr))"
            if !after.hasLeader {
                text += ": no live in-sync replica (unclean.leader.election.enable=false keeps it offline)"
            } else if after.leaderRecoveryState == .recovering {
                text += ": unclean election, records the new leader lacks are lost"
            } else if after.hasLeader && after.leader == after.replicas.first && before.hasLeader {
                text += ": preferred leader back"
            }
            return ClusterEvent(
                instant: now, kind: .leadership, brokers: subjects, topics: [topicPartition.topic], text: text)
        }
        let removed = before.isr.filter { !after.isr.contains($0) }
        let added = after.isr.filter { !before.isr.contains($0) }
        var text = "\(topicPartition): ISR \(Self.list(before.isr)) → \(Self.list(after.isr))"
        if !removed.isEmpty {
            text +=
                " (shrink: \(Self.list(removed)) fell behind for replica.lag.time.max.ms="
                + "\(config.replicaLagTimeMax.milliseconds)ms or was fenced)"
        } else if !added.isEmpty {
            text += " (expand: \(Self.list(added)) caught up with the high watermark)"
        }
        return ClusterEvent(instant: now, kind: .isr, brokers: subjects, topics: [topicPartition.topic], text: text)
    }

    static func list(_ brokers: [BrokerID]) -> String {
        "[" + brokers.map { String($0.rawValue) }.joined(separator: ",") + "]"
    }
}
