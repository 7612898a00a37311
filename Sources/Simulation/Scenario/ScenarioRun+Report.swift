import ClusterModel
import KafkaCluster
import KafkaCore
import Scenarios

extension ScenarioRun {
    /// Samples leaders and ISRs every `sampleInterval`; lag and rebalances once a second.
    mutating func sample() {
        var led: [TopicPartition: Bool] = [:]
        var full: [TopicPartition: Bool] = [:]
        var shrunk: [TopicPartition] = []
        // Each server and the controller's image looked up once, not once per partition.
        let reachable = cluster.brokerIDs.filter {
            cluster.isUp($0) && !cluster.world.network.isIsolated(.broker($0))
        }.compactMap { cluster.server($0) }
        let image = cluster.controllerImage
        let partitions = allPartitions
        for partition in partitions {
            // Served when a reachable broker acts as its leader (brokers keep leading while the
            // quorum elects a new controller, so the controller's view alone would overcount).
            led[partition] = reachable.contains { $0.replica(partition)?.role == .leader }
            guard let registration = image?.partitions[partition] else { continue }
            full[partition] = registration.isr.count == registration.replicas.count
            if registration.isr.count < registration.replicas.count { shrunk.append(partition) }
        }
        if !unmeasuredTopics.isEmpty { measureCreatedTopics() }
        metrics.sample(at: cluster.now, led: led, fullyReplicated: full, isrShrunk: shrunk)
        noteControllerAndLeaders(image: image, partitions: partitions)
        guard cluster.now >= nextLagSample, !groups.isEmpty else { return }
        nextLagSample = cluster.now + .seconds(1)
        let snapshot = cluster.snapshot()
        var lags: [Int64] = []
        for group in groups { lags.append(lag(of: group.spec, in: snapshot)) }
        metrics.sampleLag(lags, at: cluster.now)
        for (index, group) in groups.enumerated() {
            guard let seen = snapshot.groups.first(where: { $0.groupID == group.spec.name }) else { continue }
            if seen.state == "Stable" {
                if let stable = stableGeneration[index], stable != seen.generation { rebalances[index] += 1 }
                stableGeneration[index] = seen.generation
            }
        }
    }

    /// The group's lag: for each subscribed partition, high watermark − committed offset (or −
    /// log start offset when nothing is committed and the group reads from the earliest).
    ///
    /// While the group's coordinator moves (a broker died, its `__consumer_offsets` partition
    /// has a new leader that is still loading), no broker answers for the group: Kafka's
    /// OffsetFetch says COORDINATOR_LOAD_IN_PROGRESS and lag tools keep their last value. The
    /// committed offsets last seen stand in then, rather than "nothing committed", which would
    /// read as the whole log for a moment.
    mutating func lag(of spec: GroupSpec, in snapshot: ClusterSnapshot) -> Int64 {
        let group = snapshot.groups.first { $0.groupID == spec.name }
        var known = lastCommitted[spec.name] ?? [:]
        for partition in group?.partitions ?? [] { known[partition.topicPartition] = partition.committedOffset }
        lastCommitted[spec.name] = known
        var total: Int64 = 0
        for partition in snapshot.partitions where spec.topics.contains(partition.topicPartition.topic) {
            guard let highWatermark = partition.highWatermark else { continue }
            let committed = known[partition.topicPartition]
            let from = committed ?? (spec.offsetReset == .earliest ? partition.logStartOffset : highWatermark)
            total += max(0, highWatermark.rawValue - (from ?? highWatermark).rawValue)
        }
        return total
    }

    /// Notes a new active controller and partitions whose elected leader moved (per the
    /// controller's image; nothing is noted while no controller is active).
    private mutating func noteControllerAndLeaders(image: MetadataImage?, partitions: [TopicPartition]) {
        guard let origin else { return }
        let controller = cluster.activeController
        if controllerChanges.last.map({ $0.controller != controller }) ?? true {
            if controllerChanges.count < ScenarioReport.changeLimit {
                controllerChanges.append(ControllerChange(at: cluster.now - origin, controller: controller))
            }
        }
        guard controller != nil else { return }
        for partition in partitions {
            guard let registration = image?.partitions[partition], registration.hasLeader else { continue }
            let leader = registration.leader
            if let previous = lastLeader[partition], previous != leader, leaderMoves.count < ScenarioReport.changeLimit
            {
                leaderMoves.append(
                    LeaderMove(partition: partition, at: cluster.now - origin, from: previous, to: leader))
            }
            lastLeader[partition] = leader
        }
    }

    /// Closes the run: final checks on the logs.
    mutating func finish() {
        guard !finished else { return }
        finished = true
        drainClients()
        for index in producers.indices {
            producers[index].closeStall(at: cluster.now)
            // A partition still waiting at the end counts up to the end.
            if producers[index].outstanding > 0 && !producers[index].isCrashed {
                for partition in producers[index].lastAcknowledgedAt.keys.sorted() {
                    producers[index].noteAcknowledgement(partition, at: cluster.now)
                }
            }
        }
        metrics.finish(at: cluster.now)
        checkLive(final: true)
    }

    /// The scorecard, once the run is finished (or as it stands).
    public mutating func report() -> ScenarioReport {
        let logs = finalLogs()
        var lost: [String] = []
        var lostCount = 0
        var producerOutcomes: [ProducerOutcome] = []
        var duplicates: [String] = []
        var duplicateCount = 0
        var findings = cluster.checker.findings
        findings += cluster.checker.divergentReplicas(in: cluster).map { "replicas disagree: \($0)" }
        var checks = consumerChecks
        checks.checkSkips(logOffsets: logs.mapValues { $0.map(\.offset) })
        for finding in checks.findings {
            findings.append(finding.fault.map { "\(finding.text) — after \($0)" } ?? finding.text)
        }
        // A partition's log is in offset order: each acknowledged record is found by binary search.
        func logRecord(
            at offset: Int64, in partition: TopicPartition
        ) -> (
            offset: Int64, producer: String, sequence: Int
        )? {
            logs[partition]?.element(withSorted: \.offset, equalTo: offset)
        }
        let sortedLogs = logs.sorted { $0.key < $1.key }
        for producer in producers {
            var producerLost = 0
            for (sequenceIndex, place) in producer.acknowledged.enumerated() {
                guard let (partition, offset) = place else { continue }
                let sequence = sequenceIndex + 1
                let found = logRecord(at: offset.rawValue, in: partition)
                guard found?.producer != producer.spec.name || found?.sequence != sequence else { continue }
                if found == nil && removedOnPurpose(offset, of: partition) { continue }
                producerLost += 1
                lostCount += 1
                if lost.count < ScenarioReport.detailLimit {
                    let now = found.map { "\($0.producer)#\($0.sequence) is there instead" } ?? "the offset is gone"
                    lost.append(
                        "\(producer.spec.name)#\(sequence) acknowledged at \(partition) offset \(offset); \(now)")
                }
            }
            // Copies per sequence: counted first (sequences 1…sent by index, any other in a
            // dictionary), and only the duplicated ones' places spelled out.
            var counts = [Int32](repeating: 0, count: producer.sent + 1)
            var otherCounts: [Int: Int32] = [:]
            for (_, records) in sortedLogs {
                for record in records where record.producer == producer.spec.name {
                    if record.sequence >= 0 && record.sequence < counts.count {
                        counts[record.sequence] += 1
                    } else {
                        otherCounts[record.sequence, default: 0] += 1
                    }
                }
            }
            func copyCount(of sequence: Int) -> Int32 {
                sequence >= 0 && sequence < counts.count ? counts[sequence] : otherCounts[sequence] ?? 0
            }
            var copies: [Int: [String]] = [:]
            for (partition, records) in sortedLogs {
                for record in records where record.producer == producer.spec.name && copyCount(of: record.sequence) > 1
                {
                    copies[record.sequence, default: []].append("\(partition)@\(record.offset)")
                }
            }
            var producerDuplicates = 0
            for (sequence, places) in copies.sorted(by: { $0.key < $1.key }) {
                producerDuplicates += places.count - 1
                if duplicates.count < ScenarioReport.detailLimit {
                    duplicates.append("\(producer.spec.name)#\(sequence) at \(places.joined(separator: ", "))")
                }
            }
            duplicateCount += producerDuplicates
            producerOutcomes.append(
                ProducerOutcome(
                    name: producer.spec.name, sent: producer.sent, acknowledged: producer.acknowledgedCount,
                    failed: producer.failed, retries: producer.retries, requestTimeouts: producer.requestTimeouts,
                    failures: producer.failures, lost: producerLost, duplicates: producerDuplicates,
                    longestStall: producer.longestStall.map { $0.length } ?? .zero,
                    longestStallStart: producer.longestStall.map { $0.start - (origin ?? $0.start) },
                    longestPartitionStall: producer.longestPartitionStall.map {
                        PartitionStall(
                            partition: $0.partition, start: $0.start - (origin ?? $0.start), length: $0.length)
                    }))
        }
        let end = origin.map { cluster.now - $0 } ?? .zero
        let partitionOutcomes = allPartitions.map { partition -> PartitionOutcome in
            let outages = metrics.outages.filter { $0.partition == partition }
            let longest = outages.map { ($0.end ?? cluster.now) - $0.start }.max() ?? .zero
            return PartitionOutcome(
                partition: partition, outages: outages.count, longestOutage: longest,
                unavailable: metrics.unavailable[partition] ?? .zero,
                hasLeaderAtEnd: metrics.openOutage[partition] == nil, isrShrank: metrics.shrunk.contains(partition))
        }
        let groupOutcomes = groups.enumerated().map { index, group in
            groupOutcome(index, group)
        }
        var report = ScenarioReport(
            scenario: scenario.name, title: scenario.title, source: scenario.source, seed: seed, duration: end,
            setupFailure: setupFailure, log: log, partitions: partitionOutcomes, producers: producerOutcomes,
            groups: groupOutcomes, lost: lost, lostCount: lostCount, duplicates: duplicates,
            duplicateCount: duplicateCount, findings: findings, expectations: [],
            throughput: metrics.acknowledgedPerSecond, offline: metrics.offlinePerSecond,
            controllerChanges: controllerChanges, leaderMoves: leaderMoves,
            digest: cluster.world.digest.description, events: cluster.world.statistics.eventsProcessed)
        report.expectations = scenario.expectations.map { evaluate($0, report: report) }
        return report
    }

    private func groupOutcome(_ index: Int, _ group: GroupState) -> GroupOutcome {
        let lag = metrics.lagPerSecond[index]
        let peak = lag.enumerated().max { ($0.element, -$0.offset) < ($1.element, -$1.offset) }
        let faultSecond = metrics.firstFaultAt.map { Int(($0 - metrics.origin).microseconds / 1_000_000) }
        let before = lag.prefix(faultSecond ?? lag.count).suffix(10).sorted()
        let baseline = before.isEmpty ? 0 : before[before.count / 2]
        var drain: Duration?
        if let peak, peak.element > baseline {
            let allowance = max(baseline + baseline / 10, 10)
            if let back = lag[peak.offset...].firstIndex(where: { $0 <= allowance }) {
                drain = .seconds(Int64(back - peak.offset))
            }
        } else {
            drain = .zero
        }
        return GroupOutcome(
            name: group.spec.name, consumed: group.consumed, peakLag: peak?.element ?? 0,
            peakAt: .seconds(Int64(peak?.offset ?? 0)), timeToDrain: drain, finalLag: lag.last ?? 0,
            rebalances: rebalances[index], lag: lag, consumeRate: metrics.consumedPerSecond[index])
    }

    /// Whether the leader's log no longer has `offset` of `partition` on purpose: retention
    /// deleted it (below the log start offset), or compaction removed it (a compacted topic,
    /// below the high watermark). Not a loss; the live checks (`AcknowledgedWriteCheck`) agree.
    private func removedOnPurpose(_ offset: Offset, of partition: TopicPartition) -> Bool {
        guard let leader = cluster.leader(of: partition), cluster.isUp(leader), let server = cluster.server(leader),
            let log = server.log(partition), let view = server.replica(partition)
        else { return false }
        return offset < log.logStartOffset || (log.config.cleanupPolicy.compacts && offset < view.highWatermark)
    }

    /// Every declared topic's final log, decoded to (offset, producer, sequence), read from
    /// each partition's leader from its log start offset (a partition without one reads as empty).
    private mutating func finalLogs() -> [TopicPartition: [(offset: Int64, producer: String, sequence: Int)]] {
        var logs: [TopicPartition: [(offset: Int64, producer: String, sequence: Int)]] = [:]
        for partition in allPartitions {
            var records: [(offset: Int64, producer: String, sequence: Int)] = []
            let start = cluster.leader(of: partition).flatMap { cluster.server($0)?.log(partition)?.logStartOffset }
            for batch in cluster.consumeAll(partition, from: start ?? Offset(0)) {
                guard let decoded = try? batch.records() else { continue }
                for record in decoded {
                    guard let value = record.value, let identity = Self.identity(of: value) else { continue }
                    records.append((batch.offset(of: record).rawValue, identity.producer, identity.sequence))
                }
            }
            logs[partition] = records
        }
        return logs
    }

    private func selected(_ selector: PartitionSelector) -> [TopicPartition] {
        switch selector {
        case .all: allPartitions
        case .topic(let name): allPartitions.filter { $0.topic == name }
        case .partition(let partition): [partition]
        }
    }

    private func evaluate(_ expectation: Expectation, report: ScenarioReport) -> ExpectationOutcome {
        let text = "expect " + ScenarioPrinter.text(of: expectation.kind)
        func outcome(_ passed: Bool, _ detail: String) -> ExpectationOutcome {
            ExpectationOutcome(line: expectation.line, text: text, passed: passed, detail: detail)
        }
        let faultsEnd = metrics.origin + scenario.lastFaultEnd
        // A topic its `create-topic` step failed to create has no partitions to judge.
        if let selector = expectation.kind.partitionSelector, let topic = selector.topic,
            !allPartitions.contains(where: { $0.topic == topic })
        {
            return outcome(false, "topic \(topic) does not exist: its create-topic failed")
        }
        switch expectation.kind {
        case .noLoss(let producer):
            let lost = report.producers.filter { producer == nil || $0.name == producer }.reduce(0) { $0 + $1.lost }
            return outcome(lost == 0, lost == 0 ? "every acknowledged record is in the log" : "\(lost) lost")
        case .loss(let producer):
            let lost = report.producers.filter { producer == nil || $0.name == producer }.reduce(0) { $0 + $1.lost }
            return outcome(
                lost > 0, lost > 0 ? "\(lost) acknowledged record(s) lost, as expected" : "nothing was lost")
        case .noDuplicates(let producer):
            let count = report.producers.filter { producer == nil || $0.name == producer }.reduce(0) {
                $0 + $1.duplicates
            }
            return outcome(count == 0, count == 0 ? "no record is in the log twice" : "\(count) extra copies")
        case .leaderWithin(let selector, let limit):
            let partitions = report.partitions.filter { selected(selector).contains($0.partition) }
            let worst = partitions.max { $0.longestOutage < $1.longestOutage }
            let leaderless = partitions.filter { !$0.hasLeaderAtEnd }.map { "\($0.partition)" }
            guard leaderless.isEmpty else {
                return outcome(false, "no leader at the end: \(leaderless.joined(separator: ", "))")
            }
            guard let worst, worst.outages > 0 else { return outcome(true, "never without a leader") }
            return outcome(
                worst.longestOutage <= limit,
                "longest time without a leader: \(worst.partition) \(Self.seconds(worst.longestOutage))")
        case .lagBelow(let group, let records, let within):
            guard let index = groups.firstIndex(where: { $0.spec.name == group }) else {
                return outcome(false, "no group \(group)")
            }
            let lag = metrics.lagPerSecond[index]
            guard let within else {
                let final = lag.last ?? 0
                return outcome(final < records, "lag at the end: \(final)")
            }
            let from = max(0, Int((faultsEnd - metrics.origin).microseconds / 1_000_000))
            guard let below = lag.indices.first(where: { $0 >= from && lag[$0] < records }) else {
                return outcome(false, "lag never fell below \(records) after the faults (end: \(lag.last ?? 0))")
            }
            let took = Duration.seconds(Int64(below - from))
            return outcome(took <= within, "below \(records) \(Self.seconds(took)) after the last fault ended")
        case .producerErrorsAtMost(let producer, let count):
            let failed = report.producers.first { $0.name == producer }?.failed ?? 0
            return outcome(failed <= count, "\(failed) record(s) failed")
        case .unavailableAtMost(let selector, let limit):
            let partitions = selected(selector)
            let total = report.partitions.filter { partitions.contains($0.partition) }.reduce(Duration.zero) {
                $0 + $1.unavailable
            }
            return outcome(total <= limit, "\(Self.seconds(total)) partition-seconds without a leader")
        case .rebalancesAtMost(let group, let count):
            let seen = report.groups.first { $0.name == group }?.rebalances ?? 0
            return outcome(seen <= count, "\(seen) rebalance(s)")
        case .replicatedWithin(let selector, let limit):
            let partitions = selected(selector)
            let notFull = partitions.filter { metrics.fullySince[$0] == nil }
            guard notFull.isEmpty else {
                return outcome(
                    false, "not fully replicated at the end: \(notFull.map(\.description).joined(separator: ", "))")
            }
            let latest = partitions.compactMap { metrics.fullySince[$0] }.max() ?? metrics.origin
            let took = latest > faultsEnd ? latest - faultsEnd : .zero
            return outcome(took <= limit, "fully replicated \(Self.seconds(took)) after the last fault ended")
        case .isrShrinks(let selector):
            let shrank = selected(selector).filter { metrics.shrunk.contains($0) }
            return outcome(
                !shrank.isEmpty,
                shrank.isEmpty ? "no ISR shrank" : "ISR shrank: \(shrank.map(\.description).joined(separator: ", "))")
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let tenths = (duration.microseconds + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
