import KafkaCluster
import KafkaCore

/// A randomized failure drill: a cluster under a steady `acks=all` load while seeded faults
/// (kills, restarts, network partitions, pauses) come and go, then everything heals and the
/// cluster must recover completely with nothing acknowledged lost.
///
/// The seed decides everything: the same seed gives the same faults, the same run and the same
/// `digest`, in any process.
public struct ChaosDrill: Sendable {
    public var seed: UInt64
    public var brokers = 4
    public var partitions: Int32 = 3
    /// How long faults are injected, and how long the healed cluster then has to recover.
    public var chaos: Duration = .seconds(60)
    public var recovery: Duration = .seconds(60)
    /// The mean time between faults.
    public var faultInterval: Duration = .seconds(4)
    /// Run the checker after every event (slower; tests do).
    public var checking = true
    /// At most this many brokers down (killed or paused) at once.
    public var maxDown = 2

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// What happened and what the checks found.
    public struct Report: Sendable {
        public var seed: UInt64
        public var digest: TraceDigest
        public var events: Int
        public var faults: [String]
        public var acknowledged: Int
        public var failedProduces: Int
        public var lost: [LostWrite]
        public var findings: [String]
        public var divergent: [String]
        /// Partitions without a leader or with a short ISR at the end.
        public var unhealthy: [String]

        public var passed: Bool { lost.isEmpty && findings.isEmpty && divergent.isEmpty && unhealthy.isEmpty }
    }

    public func run() -> Report {
        var cluster = SimulatedCluster(ClusterOptions(brokers: brokers, seed: seed))
        var random = SeededGenerator(seed: seed).stream("chaos")
        var report = Report(
            seed: seed, digest: TraceDigest(), events: 0, faults: [], acknowledged: 0, failedProduces: 0, lost: [],
            findings: [], divergent: [], unhealthy: [])
        let created = cluster.createTopic(
            "chaos", partitions: partitions, replicationFactor: 3, configs: [ConfigEntry("min.insync.replicas", "2")],
            checking: checking)
        guard created.error == .none else {
            report.unhealthy.append("topic not created: \(created)")
            return report
        }
        var load = Load()
        let chaosEnd = cluster.now + chaos
        var nextFault = cluster.now + draw(faultInterval, &random)
        var down: [BrokerID] = []
        while cluster.now < chaosEnd {
            cluster.run(for: .milliseconds(100), checking: checking)
            load.collect(from: &cluster, report: &report)
            load.send(on: &cluster, partitions: partitions, random: &random)
            guard cluster.now >= nextFault else { continue }
            nextFault = cluster.now + draw(faultInterval, &random)
            report.faults.append("\(cluster.now): " + injectFault(into: &cluster, down: &down, random: &random))
        }
        cluster.healNetwork()
        for broker in down where !cluster.isUp(broker) { cluster.restart(broker) }
        report.faults.append("\(cluster.now): healed the network, restarted \(down)")
        let recoveryEnd = cluster.now + recovery
        while cluster.now < recoveryEnd {
            cluster.run(for: .milliseconds(100), checking: checking)
            load.collect(from: &cluster, report: &report)
            if recoveryEnd - cluster.now > .seconds(20) {
                load.send(on: &cluster, partitions: partitions, random: &random)
            }
        }
        report.lost = cluster.checker.lostWrites(in: cluster, acks: [-1])
        report.findings = cluster.checker.findings
        report.divergent = cluster.checker.divergentReplicas(in: cluster)
        for number in 0..<partitions {
            let topicPartition = TopicPartition("chaos", number)
            guard let registration = cluster.registration(topicPartition) else {
                report.unhealthy.append("\(topicPartition): no controller")
                continue
            }
            if !registration.hasLeader || registration.isr.count < registration.replicas.count {
                report.unhealthy.append("\(topicPartition): leader \(registration.leader), ISR \(registration.isr)")
            } else if let view = cluster.server(registration.leader)?.replica(topicPartition),
                view.highWatermark < view.logEndOffset
            {
                // Quiet for the last 20 s with a full ISR: every record must be committed.
                report.unhealthy.append(
                    "\(topicPartition): high watermark \(view.highWatermark) stuck below the log end \(view.logEndOffset) "
                        + "on leader \(registration.leader) with ISR \(registration.isr)")
            }
        }
        report.digest = cluster.world.digest
        report.events = cluster.world.statistics.eventsProcessed
        return report
    }

    private func draw(_ mean: Duration, _ random: inout SeededGenerator) -> Duration {
        let span = UInt64(max(1, mean.microseconds * 2))
        return .microseconds(Int64(random.next(below: span)) + 1)
    }

    private func injectFault(
        into cluster: inout SimulatedCluster, down: inout [BrokerID], random: inout SeededGenerator
    ) -> String {
        let brokers = cluster.brokerIDs
        let pick = brokers[Int(random.next(below: UInt64(brokers.count)))]
        switch random.next(below: 6) {
        case 0 where down.count < maxDown && !down.contains(pick):
            cluster.kill(pick)
            down.append(pick)
            return "killed \(pick)"
        case 1 where !down.isEmpty:
            let back = down.removeFirst()
            cluster.restart(back)
            return "restarted \(back)"
        case 2:
            let other = brokers[Int(random.next(below: UInt64(brokers.count)))]
            guard other != pick else { return "nothing" }
            let oneWay = random.chance(0.3)
            cluster.partition(pick, other, oneWay: oneWay)
            return "partitioned \(pick) from \(other)\(oneWay ? " one way" : "")"
        case 3:
            cluster.healNetwork()
            return "healed the network"
        case 4 where cluster.isUp(pick) && down.count < maxDown:
            let seconds = Int64(random.next(below: 12)) + 1
            cluster.pause(pick, for: .seconds(seconds))
            return "paused \(pick) for \(seconds)s"
        default:
            cluster.isolate(pick)
            return "isolated \(pick)"
        }
    }

    /// The drill's producer: one `acks=all` record every 100 ms to a random partition's leader,
    /// answers collected as they come.
    private struct Load {
        var pending: [(id: UInt64, batch: RecordBatch, topicPartition: TopicPartition, sentAt: Instant)] = []
        var sequence = 0

        mutating func send(on cluster: inout SimulatedCluster, partitions: Int32, random: inout SeededGenerator) {
            let topicPartition = TopicPartition("chaos", Int32(random.next(below: UInt64(partitions))))
            guard let leader = cluster.leader(of: topicPartition), pending.count < 1000 else { return }
            sequence += 1
            let batch = cluster.batch(values: [Array("record-\(sequence)".utf8)])
            let request = ProduceRequest(
                acks: ProduceRequest.acksAll, timeout: .seconds(10),
                partitions: [ProducePartitionData(topicPartition, batch: batch)])
            pending.append((cluster.send(.produce(request), to: leader), batch, topicPartition, cluster.now))
        }

        mutating func collect(from cluster: inout SimulatedCluster, report: inout Report) {
            var still: [(id: UInt64, batch: RecordBatch, topicPartition: TopicPartition, sentAt: Instant)] = []
            for entry in pending {
                guard let answer = cluster.takeAnswer(entry.id) else {
                    // A request to a broker that died goes unanswered: the client gives up.
                    if cluster.now - entry.sentAt > .seconds(15) {
                        report.failedProduces += 1
                    } else {
                        still.append(entry)
                    }
                    continue
                }
                guard case .produce(let response) = answer.response, let result = response.partitions.first,
                    result.error == .none
                else {
                    report.failedProduces += 1
                    continue
                }
                report.acknowledged += 1
                cluster.checker.acknowledged(
                    entry.batch, at: result.baseOffset, in: entry.topicPartition, acks: ProduceRequest.acksAll)
            }
            pending = still
        }
    }
}
