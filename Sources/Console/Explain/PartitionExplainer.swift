import ClusterModel
import TerminalUI

/// Why a partition looks as it does: its leader and epoch, each replica's standing against the
/// high watermark, its health bucket under the effective minimum ISR and what that means for
/// `acks=all` producers, and the events that changed it.
enum PartitionExplainer {
    static func lines(_ partition: PartitionSnapshot, snapshot: ClusterSnapshot) -> [ExplainLine] {
        let name = partition.topicPartition.description
        let topic = partition.topicPartition.topic
        let replicationFactor = partition.replicas.count
        let minISR = Explainer.topicConfig("min.insync.replicas", of: topic, snapshot).flatMap { Int($0) } ?? 1
        let effective = min(minISR, replicationFactor)
        var lines: [ExplainLine] = [.heading("\(name) is \(partition.health.label)")]
        if let leader = partition.leader, partition.health != .offline {
            lines.append(
                .item(
                    "Leader: broker \(leader.rawValue), leader epoch \(partition.leaderEpoch.rawValue) (each election "
                        + "bumps it; requests from an older epoch are refused, so a deposed leader takes no writes)."))
        } else {
            lines.append(.item("No live leader (leader epoch \(partition.leaderEpoch.rawValue)).", .offline))
        }
        lines.append(
            .item(
                "Replicas \(Explainer.brokers(partition.replicas.map(\.broker.rawValue))), ISR "
                    + "\(Explainer.brokers(partition.isr.map(\.rawValue))): \(partition.isr.count) of \(replicationFactor) in sync."
            ))
        if let highWatermark = partition.highWatermark {
            let start = partition.logStartOffset.map { ", log start offset \($0.rawValue)" } ?? ""
            lines.append(
                .item(
                    "High watermark \(highWatermark.rawValue)\(start): the records below it are on every in-sync "
                        + "replica (committed); consumers read up to it."))
        }
        lines.append(.blank)
        lines.append(.heading("Replicas"))
        for replica in partition.replicas {
            lines.append(replicaLine(replica, partition: partition, snapshot: snapshot))
        }
        lines.append(.blank)
        lines.append(.heading("Health"))
        lines += health(partition, minISR: minISR, effective: effective, snapshot: snapshot)
        if !partition.committedOffsets.isEmpty, let highWatermark = partition.highWatermark {
            lines.append(.blank)
            lines.append(.heading("Consumer groups"))
            for offset in partition.committedOffsets {
                let lag = max(0, highWatermark.distance(from: offset.committedOffset))
                lines.append(
                    .item(
                        "\(offset.groupID): committed offset \(offset.committedOffset.rawValue), lag \(lag) "
                            + "(high watermark − committed offset)"))
            }
        }
        let history = Explainer.recentEvents(snapshot, limit: 4) { event in
            (event.kind == .isr || event.kind == .leadership || event.kind == .topic)
                && (event.text.hasPrefix(name + ":") || event.text.contains(" \(name) "))
        }
        if !history.isEmpty {
            lines.append(.blank)
            lines.append(.heading("What changed it (latest last)"))
            lines += history
        }
        return lines
    }

    private static func replicaLine(
        _ replica: ReplicaSnapshot, partition: PartitionSnapshot, snapshot: ClusterSnapshot
    ) -> ExplainLine {
        let id = replica.broker.rawValue
        let leo = replica.logEndOffset.map { "log end offset \($0.rawValue)" } ?? "log end offset unknown"
        switch replica.standing {
        case .leader:
            return .item("broker \(id): leader, \(leo).", .leader)
        case .inSync:
            return .item("broker \(id): in sync, \(leo); it fetches from the leader and keeps up.", .healthy)
        case .outOfSync:
            var text = "broker \(id): out of sync, \(leo)"
            if let highWatermark = partition.highWatermark, let end = replica.logEndOffset {
                let behind = highWatermark.distance(from: end)
                text += behind > 0 ? ", \(behind) behind the high watermark \(highWatermark.rawValue)" : ""
            }
            text +=
                ". A follower that has not caught up with the leader's log end within "
                + "\(Explainer.brokerConfig("replica.lag.time.max.ms", snapshot)) leaves the ISR; it comes back "
                + "once it reaches the high watermark."
            if let since = lastISRChange(partition, snapshot: snapshot) { text += " Left at \(since)." }
            return .item(text, .warning)
        case .offline:
            let state = snapshot.brokers.first { $0.id == replica.broker }?.state
            let why: String =
                switch state {
                case .stopped?: "is stopped (killed or shut down)"
                case .paused?: "is paused: alive but silent"
                case .isolated?: "is cut off from the other nodes"
                case .fenced?: "is fenced by the controller"
                case .starting?: "is starting and not yet unfenced"
                case .shuttingDown?: "is shutting down"
                case .running?, nil: "cannot be reached"
                }
            let inISR = partition.isr.contains(replica.broker)
            let text =
                "broker \(id): offline — broker \(id) \(why)"
                + (inISR
                    ? "; still listed in the ISR until the controller fences it "
                        + "(\(Explainer.brokerConfig("broker.session.timeout.ms", snapshot)))."
                    : "; it left the ISR.")
            return .item(text, .offline)
        }
    }

    private static func health(
        _ partition: PartitionSnapshot, minISR: Int, effective: Int, snapshot: ClusterSnapshot
    ) -> [ExplainLine] {
        let replicationFactor = partition.replicas.count
        let isr = partition.isr.count
        var lines = [
            ExplainLine.item(
                "Effective minimum ISR = min(min.insync.replicas=\(minISR), replication factor \(replicationFactor)) "
                    + "= \(effective).")
        ]
        switch partition.health {
        case .healthy:
            lines.append(
                .item(
                    "All \(replicationFactor) replicas are in sync: acks=all writes succeed, and up to "
                        + "\(max(0, isr - effective)) replica(s) may fail before they are refused.", .healthy))
        case .underReplicated:
            lines.append(
                .item(
                    "\(isr) in sync > \(effective): acks=all writes still succeed, with less redundancy; "
                        + "\(isr - effective) more replica(s) may drop out before they are refused.", .warning))
        case .atMinISR:
            lines.append(
                .item(
                    "\(isr) in sync = \(effective): acks=all writes still succeed, but one more replica out "
                        + "of sync and they fail with NOT_ENOUGH_REPLICAS.", .warning))
        case .underMinISR:
            lines.append(
                .item(
                    "\(isr) in sync < \(effective): the leader refuses acks=all writes with "
                        + "NOT_ENOUGH_REPLICAS (acks=1 and acks=0 writes are still taken, at the risk of losing them).",
                    .critical))
        case .offline:
            let topic = partition.topicPartition.topic
            let unclean =
                Explainer.topicConfig("unclean.leader.election.enable", of: topic, snapshot)
                ?? snapshot.brokerConfig("unclean.leader.election.enable") ?? "false"
            lines.append(
                .item("No live leader: nobody can produce to or consume from it.", .offline))
            lines.append(
                unclean == "true"
                    ? .item(
                        "unclean.leader.election.enable=true: the controller may elect an out-of-sync replica; "
                            + "records it lacks are lost.", .critical)
                    : .item(
                        "unclean.leader.election.enable=false: Kafka waits for an in-sync replica "
                            + "\(Explainer.brokers(partition.isr.map(\.rawValue))) to come back rather than lose acknowledged records."
                    ))
        }
        return lines
    }

    /// When the ISR last changed for this partition, from the events window.
    private static func lastISRChange(_ partition: PartitionSnapshot, snapshot: ClusterSnapshot) -> String? {
        let name = partition.topicPartition.description
        return snapshot.events.last { event in
            (event.kind == .isr || event.kind == .leadership) && event.text.hasPrefix(name + ":")
        }.map { "t=\($0.instant)" }
    }
}
