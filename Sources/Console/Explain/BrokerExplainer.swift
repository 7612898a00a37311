import ClusterModel
import TerminalUI

/// Why a broker is in its state (and which timeout put it there), what it leads and follows,
/// and its latest events.
enum BrokerExplainer {
    static func lines(_ broker: BrokerSnapshot, snapshot: ClusterSnapshot) -> [ExplainLine] {
        let id = broker.id.rawValue
        var lines: [ExplainLine] = [.heading("broker \(id) is \(broker.state.rawValue)")]
        lines.append(.item(why(broker, snapshot: snapshot), OverviewRows.role(for: broker.state)))
        if broker.isActiveController {
            lines.append(
                .item(
                    "It is the active KRaft controller: it keeps the metadata log, fences brokers that stop "
                        + "heartbeating and elects partition leaders.", .accent))
        } else if broker.isQuorumVoter {
            lines.append(
                .item(
                    "It is a KRaft controller quorum voter (standby): it takes over if the active controller "
                        + "fails and a majority of voters elects it."))
        }
        let led = snapshot.partitions.filter { $0.leader == broker.id && $0.health != .offline }
        let followed = snapshot.partitions.filter { partition in
            partition.leader != broker.id && partition.replicas.contains { $0.broker == broker.id }
        }
        func names(_ partitions: [PartitionSnapshot]) -> [String] {
            partitions.filter { !$0.topicPartition.topic.hasPrefix("__") }.map(\.topicPartition.description)
        }
        /// `3: orders-0, orders-1, orders-4 (and 26 of __consumer_offsets)`.
        func summary(_ partitions: [PartitionSnapshot]) -> String {
            let shown = names(partitions)
            let offsets = partitions.count - shown.count
            return "\(shown.count): \(Explainer.list(shown))"
                + (offsets > 0 ? " (and \(offsets) of __consumer_offsets)" : "")
        }
        lines.append(.blank)
        lines.append(.heading("Partitions"))
        lines.append(.item("Leads \(summary(led))", .leader))
        lines.append(.item("Follows \(summary(followed))", .follower))
        let outOfSync = followed.filter { partition in
            partition.replicas.contains { $0.broker == broker.id && $0.standing != .inSync }
        }
        if !outOfSync.isEmpty {
            lines.append(
                .item(
                    "Not in sync on \(outOfSync.count): \(Explainer.list(names(outOfSync))) — these partitions "
                        + "have one replica fewer until it catches up.", .warning))
        }
        lines.append(
            .item(
                "Log on disk: \(OverviewRows.bytes(broker.logSizeBytes)); since it started it took "
                    + "\(broker.messagesIn) messages (\(OverviewRows.bytes(broker.bytesIn)) in, "
                    + "\(OverviewRows.bytes(broker.bytesOut)) out).", .muted))
        for notice in broker.notices.suffix(3) { lines.append(.item(notice, .warning)) }
        let history = Explainer.recentEvents(snapshot, limit: 4) { event in
            (event.kind == .broker || event.kind == .fault || event.kind == .controller)
                && event.brokers.contains(broker.id)
        }
        if !history.isEmpty {
            lines.append(.blank)
            lines.append(.heading("What happened to it (latest last)"))
            lines += history
        }
        return lines
    }

    static func why(_ broker: BrokerSnapshot, snapshot: ClusterSnapshot) -> String {
        let session = Explainer.brokerConfig("broker.session.timeout.ms", snapshot)
        let heartbeat = Explainer.brokerConfig("broker.heartbeat.interval.ms", snapshot)
        let lag = Explainer.brokerConfig("replica.lag.time.max.ms", snapshot)
        switch broker.state {
        case .running:
            return "Registered and unfenced: it heartbeats to the controller every \(heartbeat), and the "
                + "controller keeps it in the cluster while a heartbeat arrives within \(session)."
        case .fenced:
            return "The controller fenced it: it missed heartbeats for \(session), or it has just started and is "
                + "still replaying the metadata log. A fenced broker leads nothing, drops out of every ISR, and "
                + "clients are sent elsewhere."
        case .starting:
            return "Starting: recovering its logs and registering with the controller; it stays fenced until it "
                + "has caught up with the metadata log."
        case .shuttingDown:
            return "Controlled shutdown: the controller moves its leaderships to other in-sync replicas first, "
                + "so clients see no unavailability."
        case .stopped:
            return "The process is not running (killed or shut down). Its heartbeats stopped, so after \(session) "
                + "the controller fenced it and elected new leaders from the remaining in-sync replicas."
        case .paused:
            return "The process is frozen (like SIGSTOP or a long GC pause): alive but silent. Past \(session) "
                + "the controller fences it; its followers' fetches stop, so its replicas leave the ISR after \(lag)."
        case .isolated:
            return "It runs, but the network cuts it off from every other node: no heartbeat reaches the "
                + "controller, so it is fenced after \(session); leaders elsewhere drop it from their ISR after \(lag)."
        }
    }
}
