import KafkaCore

/// What a destructive action will do, computed from the snapshot before it runs: the console's
/// preview, confirmed with `y`.
///
/// The rules are Kafka's: a partition whose leader is lost elects the first replica (in
/// assignment order) that is still in the ISR and alive; with none it goes offline, unless
/// `unclean.leader.election.enable` lets an out-of-sync replica lead (losing what it missed).
/// With fewer in-sync replicas than the effective minimum, `min(min.insync.replicas, RF)`,
/// `acks=all` produce fails with NOT_ENOUGH_REPLICAS. Losing the active controller moves it to
/// another voter, if a majority of voters is left. A group whose coordinator is lost finds a new
/// one; a group losing a member rebalances.
public struct BlastRadius: Hashable, Sendable {
    /// A partition that goes offline: no live in-sync replica left to lead.
    public struct Offline: Hashable, Sendable {
        public var partition: TopicPartition
        /// Whether `unclean.leader.election.enable` lets an out-of-sync replica take over.
        public var uncleanElectionEnabled: Bool
    }

    /// A partition whose leader moves (the lost broker led it).
    public struct LeaderMove: Hashable, Sendable {
        public var partition: TopicPartition
        public var from: BrokerID
        public var to: BrokerID
    }

    /// A partition left with fewer in-sync replicas than its effective minimum.
    public struct UnderMinISR: Hashable, Sendable {
        public var partition: TopicPartition
        public var inSync: Int
        public var effectiveMinISR: Int
    }

    /// The command as typed, for the overlay's title and for running it on `y`.
    public var command: String
    public var offline: [Offline] = []
    public var underMinISR: [UnderMinISR] = []
    public var leaderMoves: [LeaderMove] = []
    /// The active controller, when the action takes it; the voters left to take over, and
    /// whether they are a majority of the quorum.
    public var controllerLost: BrokerID?
    public var controllerCandidates: [BrokerID] = []
    public var quorumKeepsMajority = true
    /// Groups whose coordinator is lost (they find the new one and carry on).
    public var coordinatorMoves: [String] = []
    /// Groups that will rebalance, with when.
    public var rebalances: [String] = []
    public var producersLost: [String] = []
    public var notes: [String] = []

    public init(command: String) {
        self.command = command
    }

    public static func == (lhs: BlastRadius, rhs: BlastRadius) -> Bool { lhs.lines == rhs.lines }
    public func hash(into hasher: inout Hasher) { hasher.combine(lines) }

    /// Computes the preview of `disruption` in `snapshot`.
    public static func preview(
        of disruption: Disruption, command: String, in snapshot: ClusterSnapshot
    ) -> BlastRadius {
        var radius = BlastRadius(command: command)
        let lost = Set(disruption.brokersLost)
        let down = Set(snapshot.brokers.filter { $0.state != .running }.map(\.id))
        let topics = Dictionary(snapshot.topics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for partition in snapshot.partitions {
            guard let topic = topics[partition.topicPartition.topic], !topic.isInternal else { continue }
            let liveISR = partition.isr.filter { !lost.contains($0) && !down.contains($0) }
            let minISR = min(Int(topic.config("min.insync.replicas").flatMap(Int.init) ?? 1), topic.replicationFactor)
            let wasLed = partition.leader.map { !down.contains($0) } ?? false
            if let leader = partition.leader, lost.contains(leader) {
                let order = partition.replicas.map(\.broker)
                if let next = order.first(where: { liveISR.contains($0) }) {
                    radius.leaderMoves.append(LeaderMove(partition: partition.topicPartition, from: leader, to: next))
                } else {
                    radius.offline.append(
                        Offline(
                            partition: partition.topicPartition,
                            uncleanElectionEnabled: topic.config("unclean.leader.election.enable") == "true"))
                    continue
                }
            }
            guard wasLed, !liveISR.isEmpty, liveISR.count < minISR, partition.isr.count >= minISR else { continue }
            radius.underMinISR.append(
                UnderMinISR(partition: partition.topicPartition, inSync: liveISR.count, effectiveMinISR: minISR))
        }
        if let controller = snapshot.activeController, lost.contains(controller) {
            let voters = snapshot.brokers.filter(\.isQuorumVoter)
            let left = voters.filter { !lost.contains($0.id) && !down.contains($0.id) }.map(\.id)
            radius.controllerLost = controller
            radius.controllerCandidates = left
            radius.quorumKeepsMajority = left.count * 2 > voters.count
        }
        for group in snapshot.groups {
            if let coordinator = group.coordinator, lost.contains(coordinator) {
                radius.coordinatorMoves.append(group.groupID)
            }
            for loss in disruption.membersLost where loss.group == group.groupID {
                radius.rebalances.append(
                    loss.leavesCleanly
                        ? "\(group.groupID) rebalances at once (the member leaves the group)"
                        : "\(group.groupID) rebalances once the coordinator misses the member's heartbeats "
                            + "(session.timeout.ms)")
            }
        }
        radius.producersLost = disruption.producersLost
        radius.notes = disruption.notes
        if let lasts = disruption.lasts { radius.notes.append("it lasts \(lasts), then heals by itself") }
        return radius
    }

    /// The preview in plain words, one line each, worst first; "nothing else" when it is harmless.
    public var lines: [String] {
        var lines: [String] = []
        if !offline.isEmpty {
            let unclean = offline.filter(\.uncleanElectionEnabled).map(\.partition.description)
            lines.append(
                "OFFLINE \(Self.list(offline.map(\.partition))): no live in-sync replica left to lead"
                    + (unclean.isEmpty
                        ? " (unclean.leader.election.enable=false: they wait for one to come back)"
                        : "; unclean election allowed for \(unclean.joined(separator: ", ")): data loss"))
        }
        if !underMinISR.isEmpty {
            let minimum = underMinISR.map(\.effectiveMinISR).max() ?? 0
            lines.append(
                "UNDER MIN ISR \(Self.list(underMinISR.map(\.partition))): fewer than \(minimum) in sync, "
                    + "acks=all producers get NOT_ENOUGH_REPLICAS")
        }
        if let controllerLost {
            lines.append(
                quorumKeepsMajority
                    ? "controller failover: \(controllerLost) is the active controller; one of "
                        + "\(controllerCandidates.map(\.description).joined(separator: ", ")) takes over"
                    : "controller LOST: \(controllerLost) is the active controller and no majority of voters is left "
                        + "(no elections until one comes back)")
        }
        if !leaderMoves.isEmpty {
            let moves = leaderMoves.prefix(6).map { "\($0.partition) \($0.from.rawValue)→\($0.to.rawValue)" }.joined(
                separator: ", ")
            lines.append(
                "leader election for \(leaderMoves.count) partition(s): \(moves)"
                    + (leaderMoves.count > 6 ? ", …" : "") + " (next in ISR)")
        }
        if !coordinatorMoves.isEmpty {
            lines.append("group coordinator moves for \(coordinatorMoves.joined(separator: ", ")): members rejoin it")
        }
        lines += rebalances
        lines += producersLost.map { "producer \($0) stops: records it has not had acknowledged are lost to it" }
        lines += notes
        return lines.isEmpty ? ["no partition, group or producer is affected"] : lines
    }

    private static func list(_ partitions: [TopicPartition]) -> String {
        let names = partitions.prefix(6).map(\.description).joined(separator: ", ")
        return partitions.count > 6 ? "\(partitions.count) partitions (\(names), …)" : names
    }
}

extension TopicSnapshot {
    /// The value of the topic config `name`, if the snapshot lists it.
    public func config(_ name: String) -> String? { configs.first { $0.name == name }?.value }
}
