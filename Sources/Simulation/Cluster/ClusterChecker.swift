import KafkaCluster
import KafkaCore
import KafkaLog

/// Watches a simulated cluster for broken replication invariants (§6.1 of the reference) and
/// remembers every acknowledged write, to say afterwards which were lost.
///
/// `observe` runs after each event on the node it touched: each replica's own invariants
/// (`logStartOffset ≤ HW ≤ LEO`, leader ∈ ISR ⊆ replicas), a leader's high watermark never
/// decreasing within its epoch, one leader per partition epoch, epochs only growing in the
/// controller's image, no fenced leader, and every member of the controller's ISR holding the
/// leader's high watermark. Findings are kept as sentences; the run goes on.
public struct ClusterChecker: Sendable {
    /// Broken invariants, in the order found (at most `findingLimit`).
    public private(set) var findings: [String] = []
    public static let findingLimit = 200
    /// Acknowledged batches by partition, in acknowledgement order.
    public var acknowledged: [TopicPartition: [AcknowledgedBatch]] {
        Dictionary(uniqueKeysWithValues: acknowledgedByPartition.lazy.map { ($0.partition, $0.batches) })
    }
    /// `acknowledged`, sorted by partition: a producer's few partitions are found by their number
    /// or a binary search per acknowledged batch (`partitionPlace(of:key:)`) instead of hashing
    /// the `TopicPartition` (about 400 instructions a batch).
    private var acknowledgedByPartition: [(partition: TopicPartition, batches: [AcknowledgedBatch])] = []
    /// Whether an ISR member must hold the leader's high watermark; off once storage lost
    /// unflushed data (power loss), where Kafka itself gives no such promise.
    public var checksHighWatermarkCoverage = true
    private var highWatermarks: [ReplicaKey: (epoch: LeaderEpoch, highWatermark: Offset)] = [:]
    private var leaders: [EpochKey: BrokerID] = [:]
    private var committedEpochs: [IncarnationKey: LeaderEpoch] = [:]
    /// The metadata offset each server incarnation's replayed image was last checked at.
    private var replayedOffsets: [IncarnationImageKey: Offset] = [:]
    /// The controller image checked last.
    private var checkedControllerImage: ImageKey?
    /// Events observed.
    public private(set) var observed = 0

    public init() {}

    mutating func note(_ finding: String) {
        guard findings.count < Self.findingLimit else { return }
        findings.append(finding)
    }

    /// Records an acknowledged write: `batch` sits at `baseOffset` of `topicPartition`.
    public mutating func acknowledged(
        _ batch: RecordBatch, at baseOffset: Offset, in topicPartition: TopicPartition, acks: Int16
    ) {
        acknowledged(
            checksum: batch.crc, lastOffsetDelta: batch.lastOffsetDelta, at: baseOffset, in: topicPartition, acks: acks)
    }

    /// Records an acknowledged write by the fields of its batch the checks use: the batch's
    /// checksum and last offset delta.
    public mutating func acknowledged(
        checksum: UInt32, lastOffsetDelta: Int32, at baseOffset: Offset, in topicPartition: TopicPartition,
        acks: Int16
    ) {
        let (index, found) = acknowledgedByPartition.partitionPlace(of: topicPartition) { $0.partition }
        if !found { acknowledgedByPartition.insert((topicPartition, []), at: index) }
        acknowledgedByPartition[index].batches.append(
            AcknowledgedBatch(
                baseOffset: baseOffset, lastOffset: baseOffset.advanced(by: Int64(lastOffsetDelta)),
                checksum: checksum, acks: acks))
    }

    /// Checks the node `event` touched.
    public mutating func observe(_ event: WorldEvent<ClusterMessage>, in cluster: SimulatedCluster) {
        observed += 1
        let touched: NodeID?
        switch event.kind {
        case .delivered(let envelope, _): touched = envelope.to
        case .commanded(let envelope): touched = envelope.to
        case .ticked(let node), .restarted(let node), .resumed(let node): touched = node
        default: touched = nil
        }
        guard let touched, let broker = touched.brokerID, touched.role == .broker, cluster.isUp(broker),
            let server = cluster.server(broker)
        else { return }
        check(
            server, replicas: server.replicas,
            controllerImage: checksHighWatermarkCoverage ? cluster.controllerImage : nil, at: event.instant,
            follower: { member, topicPartition in
                cluster.isUp(member) ? cluster.server(member)?.replica(topicPartition) : nil
            })
    }

    /// Checks every live broker as it is now: the same invariants as `observe`, sampled (a
    /// scenario run calls it every quarter second of virtual time instead of after every event).
    /// Each server and replica is looked up once per call, not once per partition.
    public mutating func observeAll(in cluster: SimulatedCluster) {
        observed += 1
        let servers = SnapshotServers(cluster, allReplicas: true)
        let controllerImage = checksHighWatermarkCoverage ? cluster.controllerImage : nil
        for broker in cluster.brokerIDs where servers.isUp(broker) {
            guard let server = servers.server(broker) else { continue }
            check(
                server, replicas: servers.views(broker), controllerImage: controllerImage, at: cluster.now,
                follower: { member, topicPartition in
                    servers.isUp(member) ? servers.view(member, topicPartition) : nil
                })
        }
    }

    /// `replicas`: the server's replicas as it has them now; `follower`: a live broker's replica.
    private mutating func check(
        _ server: KafkaServer, replicas: [ReplicaView], controllerImage: MetadataImage?, at now: Instant,
        follower: (BrokerID, TopicPartition) -> ReplicaView?
    ) {
        server.checkInvariants()
        for view in replicas where view.role == .leader {
            checkLeader(view, at: now)
        }
        if let image = server.controllerImage {
            let key = ImageKey(
                broker: server.id, incarnation: server.incarnation, epoch: server.quorumEpoch,
                offset: image.lastAppliedOffset)
            // The same image (a controller only appends within its epoch) was checked already.
            if checkedControllerImage != key {
                checkedControllerImage = key
                checkControllerImage(image, at: now)
            }
        }
        if let image = server.metadataImage {
            let key = IncarnationImageKey(broker: server.id, incarnation: server.incarnation)
            // Replaying nothing new leaves every epoch where it was: nothing to compare again.
            if replayedOffsets[key] != image.lastAppliedOffset {
                replayedOffsets[key] = image.lastAppliedOffset
                checkCommittedEpochs(image, of: server, at: now)
            }
        }
        if checksHighWatermarkCoverage, let image = controllerImage {
            for view in replicas where view.role == .leader {
                checkCoverage(view, image: image, at: now, follower: follower)
            }
        }
    }

    private mutating func checkLeader(_ view: ReplicaView, at now: Instant) {
        let key = ReplicaKey(broker: view.broker, topicPartition: view.topicPartition)
        if let previous = highWatermarks[key], previous.epoch == view.leaderEpoch,
            view.highWatermark < previous.highWatermark
        {
            note(
                "\(now): \(view.topicPartition) leader \(view.broker) epoch \(view.leaderEpoch): high watermark went "
                    + "down from \(previous.highWatermark) to \(view.highWatermark)")
        }
        highWatermarks[key] = (view.leaderEpoch, view.highWatermark)
        let epochKey = EpochKey(topicPartition: view.topicPartition, epoch: view.leaderEpoch)
        if let other = leaders[epochKey], other != view.broker {
            note(
                "\(now): \(view.topicPartition) has two leaders in epoch \(view.leaderEpoch): \(other) and \(view.broker)"
            )
        }
        leaders[epochKey] = view.broker
    }

    /// No partition is led by a fenced or unregistered broker, in any controller's image.
    private mutating func checkControllerImage(_ image: MetadataImage, at now: Instant) {
        for (topicPartition, registration) in image.sortedPartitions where registration.hasLeader {
            if image.brokers[registration.leader]?.fenced != false {
                note("\(now): \(topicPartition) is led by \(registration.leader), which is fenced or unregistered")
            }
        }
    }

    /// Leader epochs only grow in the committed metadata a broker replays. (A controller's own
    /// image also holds records it has not committed yet, which a later controller may never
    /// see, so committed images are what must agree over time.)
    private mutating func checkCommittedEpochs(_ image: MetadataImage, of server: KafkaServer, at now: Instant) {
        for (topicPartition, registration) in image.sortedPartitions {
            let key = IncarnationKey(broker: server.id, incarnation: server.incarnation, topicPartition: topicPartition)
            if let previous = committedEpochs[key], registration.leaderEpoch < previous {
                note(
                    "\(now): \(topicPartition) leader epoch went back from \(previous) to "
                        + "\(registration.leaderEpoch) in the metadata \(server.id) replayed")
            }
            committedEpochs[key] = registration.leaderEpoch
        }
    }

    /// ValidHighWatermark: every live member of the controller's ISR has the leader's high
    /// watermark in its log.
    private mutating func checkCoverage(
        _ view: ReplicaView, image: MetadataImage, at now: Instant, follower: (BrokerID, TopicPartition) -> ReplicaView?
    ) {
        guard let registration = image.partitions[view.topicPartition], registration.leader == view.broker,
            registration.leaderEpoch == view.leaderEpoch
        else { return }
        for member in registration.isr where member != view.broker {
            guard let follower = follower(member, view.topicPartition) else { continue }
            if follower.logEndOffset < view.highWatermark {
                note(
                    "\(now): \(view.topicPartition) ISR member \(member) ends at \(follower.logEndOffset), below the "
                        + "high watermark \(view.highWatermark) of leader \(view.broker)")
            }
        }
    }

    // MARK: After the run

    /// Acknowledged writes the partition's current leader no longer has at their offset (same
    /// base offset and checksum), per partition; partitions without a live leader are skipped,
    /// and records that retention deleted (below the log start offset) or that compaction may
    /// have superseded (on compacted topics) do not count as lost.
    public func lostWrites(in cluster: SimulatedCluster, acks: Set<Int16> = [-1, 1]) -> [LostWrite] {
        var lost: [LostWrite] = []
        for (topicPartition, batches) in acknowledgedByPartition {
            guard let leader = cluster.leader(of: topicPartition), cluster.isUp(leader),
                let log = cluster.server(leader)?.log(topicPartition)
            else { continue }
            for batch in batches where acks.contains(batch.acks) {
                if !Self.holds(log, batch) {
                    lost.append(LostWrite(topicPartition: topicPartition, batch: batch, leader: leader))
                }
            }
        }
        return lost
    }

    /// Whether the log still has the batch at its offset, or legitimately no longer needs to:
    /// retention moved the log start past it, or compaction may have replaced it.
    static func holds(_ log: PartitionLog, _ batch: AcknowledgedBatch) -> Bool {
        if batch.lastOffset < log.logStartOffset { return true }
        if log.config.cleanupPolicy.compacts && batch.baseOffset < log.logEndOffset { return true }
        guard batch.baseOffset >= log.logStartOffset, batch.baseOffset < log.logEndOffset else { return false }
        do {
            let read = try log.read(
                from: batch.baseOffset, maxBytes: 1, upperBound: log.logEndOffset, minOneMessage: true)
            guard let stored = read.batches().first else { return false }
            return stored.baseOffset == batch.baseOffset && stored.crc == batch.checksum
        } catch {
            return false
        }
    }

    /// Replicas that disagree below the leader's high watermark: for every partition, each live
    /// ISR member must hold the same batches (offset, epoch, checksum) as the leader up to it.
    public func divergentReplicas(in cluster: SimulatedCluster) -> [String] {
        var problems: [String] = []
        guard let image = cluster.controllerImage else { return ["no active controller"] }
        for (topicPartition, registration) in image.sortedPartitions where registration.hasLeader {
            guard cluster.isUp(registration.leader), let leader = cluster.server(registration.leader),
                let leaderLog = leader.log(topicPartition), let view = leader.replica(topicPartition)
            else { continue }
            var reference: [BatchKey] = []
            var referenceStart: Offset?
            for member in registration.isr where member != registration.leader && cluster.isUp(member) {
                guard let log = cluster.server(member)?.log(topicPartition) else { continue }
                // Retention may have moved one log start further than the other's so far.
                let start = max(leaderLog.logStartOffset, log.logStartOffset)
                // The leader's keys are read once for the members that share a start.
                if referenceStart != start {
                    reference = Self.batchKeys(leaderLog, from: start, below: view.highWatermark)
                    referenceStart = start
                }
                let keys = Self.batchKeys(log, from: start, below: view.highWatermark)
                if keys != reference {
                    problems.append(
                        "\(topicPartition): \(member) disagrees with leader \(registration.leader) below offset "
                            + "\(view.highWatermark) (\(keys.count) batches against \(reference.count))")
                }
            }
        }
        return problems
    }

    static func batchKeys(_ log: PartitionLog, from start: Offset, below end: Offset) -> [BatchKey] {
        var keys: [BatchKey] = []
        var offset = start
        while offset < end {
            guard let read = try? log.read(from: offset, maxBytes: 1 << 20, upperBound: end, minOneMessage: true),
                !read.isEmpty
            else { break }
            // Headers read in place: no batch is copied out of the read.
            RecordBatch.forEachBatch(in: read.records) { batch in
                if batch.nextOffset.rawValue - 1 < end.rawValue && batch.baseOffset >= start {
                    keys.append(
                        BatchKey(baseOffset: batch.baseOffset, epoch: batch.partitionLeaderEpoch, checksum: batch.crc))
                }
                return true
            }
            offset = read.nextOffset
        }
        return keys
    }
}

/// An acknowledged batch: where it went and what it held.
public struct AcknowledgedBatch: Hashable, Sendable {
    public let baseOffset: Offset
    public let lastOffset: Offset
    public let checksum: UInt32
    public let acks: Int16
}

/// An acknowledged write the partition no longer has.
public struct LostWrite: Hashable, Sendable, CustomStringConvertible {
    public let topicPartition: TopicPartition
    public let batch: AcknowledgedBatch
    public let leader: BrokerID

    public var description: String {
        "\(topicPartition) offsets \(batch.baseOffset)...\(batch.lastOffset) (acks=\(batch.acks)) are not on leader "
            + "\(leader)"
    }
}

struct BatchKey: Hashable, Sendable {
    let baseOffset: Offset
    let epoch: LeaderEpoch
    let checksum: UInt32
}

struct ReplicaKey: Hashable, Sendable {
    let broker: BrokerID
    let topicPartition: TopicPartition
}

struct IncarnationKey: Hashable, Sendable {
    let broker: BrokerID
    let incarnation: UInt64
    let topicPartition: TopicPartition
}

struct EpochKey: Hashable, Sendable {
    let topicPartition: TopicPartition
    let epoch: LeaderEpoch
}

struct IncarnationImageKey: Hashable, Sendable {
    let broker: BrokerID
    let incarnation: UInt64
}

/// A controller's image at one offset: within one quorum epoch a controller's log only grows.
struct ImageKey: Hashable, Sendable {
    let broker: BrokerID
    let incarnation: UInt64
    let epoch: LeaderEpoch
    let offset: Offset
}
