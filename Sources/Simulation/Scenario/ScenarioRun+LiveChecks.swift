import ClusterModel
import KafkaCluster
import KafkaCore
import KafkaLog

/// The checkers while the run goes (the console turns them on with `ScenarioRun.checksLive`):
/// once every `interval` of virtual time, what they found since the last look goes into
/// `summary`, and each finding into the events. They only read the cluster, so a run checked
/// live is the same run (same trace digest) as one that is not.
///
/// - lost and duplicated records: `AcknowledgedWriteCheck`, as the run report counts them;
/// - skipped offsets: `ConsumerChecks.liveSkips`; non-monotonic polls as `ConsumerChecks`
///   finds them;
/// - replicas disagreeing below the high watermark (inconsistent offsets): each ISR member's
///   batches against the leader's, from where the last look stopped;
/// - the cluster's replication invariants (`ClusterChecker.findings`, sampled).
struct LiveChecks {
    var writes: AcknowledgedWriteCheck
    var summary = CheckSummary()
    var nextCheck: Instant
    private var seenInvariants = 0
    private var seenConsumerFindings = 0
    /// Per partition and ISR member: the leader and member it was compared with, and below
    /// which offset they were found to agree.
    private var compared: [ReplicaPair: (lineage: PairLineage, below: Offset)] = [:]

    /// How often the checkers look, in virtual time.
    static let interval: Duration = .seconds(1)

    private struct ReplicaPair: Hashable {
        var partition: TopicPartition
        var member: BrokerID
    }

    private struct PairLineage: Hashable {
        var leader: BrokerID
        var leaderIncarnation: UInt64
        var epoch: LeaderEpoch
        var memberIncarnation: UInt64
    }

    init(producerNames: [String], at now: Instant) {
        writes = AcknowledgedWriteCheck(producerNames: producerNames)
        nextCheck = now
    }

    /// Adds `finding` to the summary (the oldest go past `CheckSummary.findingLimit`).
    mutating func note(_ finding: CheckSummary.Finding, count: Int = 1) {
        summary.add(count, to: finding.kind)
        summary.findings.append(finding)
        if summary.findings.count > CheckSummary.findingLimit {
            summary.findings.removeFirst(summary.findings.count - CheckSummary.findingLimit)
        }
    }

    /// Replicas in the controller's ISR that disagree with their leader below its high
    /// watermark, compared from where the last look stopped (from the start again once the
    /// leader, its epoch or the member changed).
    mutating func inconsistentReplicas(in cluster: SimulatedCluster) -> [(partition: TopicPartition, text: String)] {
        guard let image = cluster.controllerImage else { return [] }
        var problems: [(TopicPartition, String)] = []
        for (partition, registration) in image.sortedPartitions where registration.hasLeader {
            guard cluster.isUp(registration.leader), let leader = cluster.server(registration.leader),
                let leaderLog = leader.log(partition), let view = leader.replica(partition), view.role == .leader
            else { continue }
            for member in registration.isr where member != registration.leader && cluster.isUp(member) {
                guard let server = cluster.server(member), let log = server.log(partition) else { continue }
                let pair = ReplicaPair(partition: partition, member: member)
                let lineage = PairLineage(
                    leader: registration.leader, leaderIncarnation: leader.incarnation, epoch: view.leaderEpoch,
                    memberIncarnation: server.incarnation)
                let previous = compared[pair].flatMap { $0.lineage == lineage ? $0.below : nil }
                // Retention may have moved one log start further than the other's so far.
                let start = max(leaderLog.logStartOffset, log.logStartOffset, previous ?? Offset(0))
                guard start < view.highWatermark else { continue }
                let reference = ClusterChecker.batchKeys(leaderLog, from: start, below: view.highWatermark)
                let keys = ClusterChecker.batchKeys(log, from: start, below: view.highWatermark)
                if keys != reference {
                    problems.append(
                        (
                            partition,
                            "\(partition): \(member) disagrees with leader \(registration.leader) between offsets "
                                + "\(start) and \(view.highWatermark) (\(keys.count) batches against "
                                + "\(reference.count))"
                        ))
                    // Found once per leader and member: compared again only once either changes.
                    compared[pair] = (lineage, Offset(Int64.max))
                } else {
                    // Replicas hold whole batches, so the high watermark (an ISR member's log end)
                    // ends a batch: the next look goes on from there.
                    compared[pair] = (lineage, view.highWatermark)
                }
            }
        }
        return problems
    }

    /// Invariant findings the cluster's checker added since the last look.
    mutating func newInvariantFindings(_ all: [String]) -> ArraySlice<String> {
        defer { seenInvariants = all.count }
        return all[min(seenInvariants, all.count)...]
    }

    /// Consumer findings (non-monotonic polls) added since the last look.
    mutating func newConsumerFindings(_ all: [ConsumerChecks.Finding]) -> ArraySlice<ConsumerChecks.Finding> {
        defer { seenConsumerFindings = all.count }
        return all[min(seenConsumerFindings, all.count)...]
    }
}

extension ScenarioRun {
    /// Looks once with the live checkers, when they are on and it is time (or `final`ly, at the
    /// end of the run).
    mutating func checkLive(final: Bool = false) {
        guard var checks = liveChecks, final || cluster.now >= checks.nextCheck else { return }
        liveChecks = nil
        defer { liveChecks = checks }
        checks.nextCheck = cluster.now + LiveChecks.interval
        let now = cluster.now
        let fault = lastFault.map { "line \($0.line): \($0.text) at \($0.at)" }
        var found: [(finding: CheckSummary.Finding, count: Int, topics: [String], groups: [String])] = []
        // Acknowledged records handed over since the last look.
        for index in producers.indices {
            guard let new = producers[index].newlyAcknowledged, !new.isEmpty else { continue }
            producers[index].newlyAcknowledged = []
            for place in new {
                checks.writes.acknowledged(
                    producer: index, sequence: place.sequence, at: place.partition, offset: place.offset)
            }
        }
        let lostBefore = checks.writes.lostCount
        let duplicatesBefore = checks.writes.duplicateCount
        let producers = self.producers
        let writeFindings = checks.writes.check(
            allPartitions, in: cluster, acknowledged: { producers[$0].acknowledged }, at: now, fault: fault,
            final: final)
        // Counts move by the check's totals (a truncation may take lost records back to waiting).
        checks.summary.add(checks.writes.lostCount - lostBefore, to: .lost)
        checks.summary.add(checks.writes.duplicateCount - duplicatesBefore, to: .duplicated)
        for (partition, finding) in writeFindings { found.append((finding, 0, [partition.topic], [])) }
        // Taken out while it reads the logs, so that updating it copies nothing.
        var consumers = consumerChecks
        consumerChecks = ConsumerChecks()
        let skips = consumers.liveSkips { partition, range in committedOffsets(partition, range) }
        consumerChecks = consumers
        for skip in skips {
            found.append(
                (
                    CheckSummary.Finding(instant: now, kind: .skipped, text: skip.text, fault: fault), skip.count,
                    [skip.partition.topic], [skip.group]
                ))
        }
        for finding in checks.newConsumerFindings(consumerChecks.findings) {
            found.append(
                (
                    CheckSummary.Finding(instant: now, kind: .nonMonotonic, text: finding.text, fault: finding.fault),
                    1,
                    [], []
                ))
        }
        for problem in checks.inconsistentReplicas(in: cluster) {
            found.append(
                (
                    CheckSummary.Finding(
                        instant: now, kind: .inconsistent, text: "replicas disagree: \(problem.text)", fault: fault), 1,
                    [problem.partition.topic], []
                ))
        }
        for text in checks.newInvariantFindings(cluster.checker.findings) {
            found.append((CheckSummary.Finding(instant: now, kind: .invariant, text: text, fault: fault), 1, [], []))
        }
        for entry in found {
            checks.note(entry.finding, count: entry.count)
            cluster.narrator.append(
                ClusterEvent(
                    instant: now, kind: .check, topics: entry.topics, groups: entry.groups,
                    text: "\(entry.finding.kind.label): \(entry.finding.description)"))
        }
        checks.summary.checkedAt = now
    }

    /// The offsets of the run's records in `range` of the partition's committed log, read from
    /// its leader (nil when it has no live leader now).
    private func committedOffsets(_ partition: TopicPartition, _ range: ClosedRange<Int64>) -> [Int64]? {
        guard let leader = cluster.leader(of: partition), cluster.isUp(leader), let server = cluster.server(leader),
            let view = server.replica(partition), view.role == .leader, let log = server.log(partition)
        else { return nil }
        // Whole batches are read (a batch ending past the high watermark is not committed yet).
        let end = min(view.highWatermark, Offset(range.upperBound + 1))
        var offset = max(Offset(range.lowerBound), log.logStartOffset)
        var offsets: [Int64] = []
        while offset < end {
            guard
                let read = try? log.read(
                    from: offset, maxBytes: 1 << 20, upperBound: view.highWatermark, minOneMessage: true),
                !read.isEmpty
            else { break }
            for batch in read.batches() {
                for record in (try? batch.records()) ?? [] {
                    let at = batch.offset(of: record).rawValue
                    guard range.contains(at), record.value.flatMap(Self.identity) != nil else { continue }
                    offsets.append(at)
                }
            }
            offset = read.nextOffset
        }
        return offsets
    }
}
