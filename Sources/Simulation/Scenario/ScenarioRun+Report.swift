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
        let image = cluster.controllerImage
        let partitions = allPartitions
        // Served when a reachable broker acts as its leader (brokers keep leading while the
        // quorum elects a new controller, so the controller's view alone would overcount). Each
        // reachable server is taken once and asked about every partition not led yet: asking
        // the servers in turn per partition copied a server (retaining all it holds) per question.
        var isLed = [Bool](repeating: false, count: partitions.count)
        for broker in cluster.brokerIDs where cluster.isUp(broker) {
            guard !cluster.world.network.isIsolated(.broker(broker)), let server = cluster.server(broker) else {
                continue
            }
            for index in partitions.indices where !isLed[index] { isLed[index] = server.leads(partitions[index]) }
        }
        for (index, partition) in partitions.enumerated() {
            led[partition] = isLed[index]
            guard let registration = image?.partitions[partition] else { continue }
            full[partition] = registration.isr.count == registration.replicas.count
            if registration.isr.count < registration.replicas.count { shrunk.append(partition) }
        }
        if !unmeasuredTopics.isEmpty { measureCreatedTopics() }
        metrics.sample(at: cluster.now, led: led, fullyReplicated: full, isrShrunk: shrunk)
        noteControllerAndLeaders(image: image, partitions: partitions)
        guard cluster.now >= nextLagSample, !groups.isEmpty else { return }
        nextLagSample = cluster.now + .seconds(1)
        // Only the groups and the partitions' progress: the rest of the read model goes unread.
        let progress = cluster.groupProgress()
        var lags: [Int64] = []
        for group in groups { lags.append(lag(of: group.spec, in: progress)) }
        metrics.sampleLag(lags, at: cluster.now)
        for (index, group) in groups.enumerated() {
            guard let seen = progress.groups.first(where: { $0.groupID == group.spec.name }) else { continue }
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
    mutating func lag(of spec: GroupSpec, in progress: ClusterProgress) -> Int64 {
        let group = progress.groups.first { $0.groupID == spec.name }
        var known = lastCommitted[spec.name] ?? [:]
        for partition in group?.partitions ?? [] { known[partition.topicPartition] = partition.committedOffset }
        lastCommitted[spec.name] = known
        var total: Int64 = 0
        for partition in progress.partitions where spec.topics.contains(partition.topicPartition.topic) {
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
                for partition in producers[index].acknowledgedPartitions.map(\.partition) {
                    producers[index].noteAcknowledgement(partition, at: cluster.now)
                }
            }
        }
        metrics.finish(at: cluster.now)
        checkLive(final: true)
    }

    /// The scorecard, once the run is finished (or as it stands).
    public mutating func report() -> ScenarioReport {
        let final = finalLogs()
        let logs = final.records
        var lost: [String] = []
        var lostCount = 0
        var producerOutcomes: [ProducerOutcome] = []
        var duplicates: [String] = []
        var duplicateCount = 0
        var findings = cluster.checker.findings
        findings += cluster.checker.divergentReplicas(in: cluster).map { "replicas disagree: \($0)" }
        var checks = consumerChecks
        checks.checkSkips(
            logOffsets: Dictionary(zip(allPartitions, logs.map { $0.map(\.offset) }), uniquingKeysWith: { $1 }))
        for finding in checks.findings {
            findings.append(finding.fault.map { "\(finding.text) — after \($0)" } ?? finding.text)
        }
        // A partition's place in `logs` (the last declaration of a name wins, as a dictionary's
        // would). Acknowledgements go round the partitions, so the few seen are searched in a
        // list before hashing.
        let positions = Dictionary(zip(allPartitions, allPartitions.indices), uniquingKeysWith: { $1 })
        var recent: [(partition: TopicPartition, position: Int?)] = []
        func position(of partition: TopicPartition) -> Int? {
            if let known = recent.first(where: {
                $0.partition.partition == partition.partition && $0.partition.topic == partition.topic
            }) {
                return known.position
            }
            let found = positions[partition]
            if recent.count < 32 { recent.append((partition, found)) }
            return found
        }
        // A partition's log is in offset order and mostly dense: each acknowledged record is
        // looked for where a gapless log would hold it, then by binary search.
        func logRecord(at offset: Int64, in partition: TopicPartition) -> FinalRecord? {
            guard let position = position(of: partition) else { return nil }
            let records = logs[position]
            if let first = records.first, offset >= first.offset, offset - first.offset < Int64(records.count),
                records[Int(offset - first.offset)].offset == offset
            {
                return records[Int(offset - first.offset)]
            }
            return records.element(withSorted: \.offset, equalTo: offset)
        }
        let sortedLogs = allPartitions.indices.sorted { allPartitions[$0] < allPartitions[$1] }.filter {
            positions[allPartitions[$0]] == $0
        }.map { (allPartitions[$0], logs[$0]) }
        for producer in producers {
            var producerLost = 0
            // Whose records are this producer's: names compare as strings do.
            let identity = final.identities[producer.spec.name] ?? -1
            for (sequenceIndex, place) in producer.acknowledged.enumerated() {
                guard let (partition, offset) = place else { continue }
                let sequence = sequenceIndex + 1
                let found = logRecord(at: offset.rawValue, in: partition)
                guard found?.producer != identity || found?.sequence != sequence else { continue }
                if found == nil && removedOnPurpose(offset, of: partition) { continue }
                producerLost += 1
                lostCount += 1
                if lost.count < ScenarioReport.detailLimit {
                    let now =
                        found.map { "\(final.names[Int($0.producer)])#\($0.sequence) is there instead" }
                        ?? "the offset is gone"
                    lost.append(
                        "\(producer.spec.name)#\(sequence) acknowledged at \(partition) offset \(offset); \(now)")
                }
            }
            // Copies per sequence: counted first (sequences 1…sent by index, any other in a
            // dictionary), and only the duplicated ones' places spelled out.
            var counts = [Int32](repeating: 0, count: producer.sent + 1)
            var otherCounts: [Int: Int32] = [:]
            for (_, records) in sortedLogs {
                for record in records where record.producer == identity {
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
                for record in records where record.producer == identity && copyCount(of: record.sequence) > 1 {
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

    /// Every declared topic's final log (in `allPartitions` order), decoded to records of the
    /// run's form (`identity(of:)`), read from each partition's leader from its log start offset
    /// (a partition without one reads as empty).
    ///
    /// The fetches are `consumeAll`'s, one for one (they run the world, so the digest depends
    /// on them), but the batches are read in place in each answer and a record's producer is a
    /// number (`FinalLogs.identities`): no batch, record, value or name string is built per record.
    private mutating func finalLogs() -> FinalLogs {
        var final = FinalLogs()
        for producer in producers where final.identities[producer.spec.name] == nil {
            final.identities[producer.spec.name] = Int32(final.names.count)
            final.names.append(producer.spec.name)
        }
        for partition in allPartitions {
            var records: [FinalRecord] = []
            let start = cluster.leader(of: partition).flatMap { cluster.server($0)?.log(partition)?.logStartOffset }
            var offset = start ?? Offset(0)
            for _ in 0..<100_000 {
                let answer = cluster.fetch(partition, from: offset)
                guard answer.error == .none, !answer.records.isEmpty else { break }
                var next: Offset?
                let fetchOffset = offset
                RecordBatch.forEachBatch(in: answer.records) { batch in
                    // As `RecordBatch.batches(in:validating:)`: the first invalid batch ends the scan.
                    do throws(RecordBatchError) { try batch.validate() } catch { return false }
                    next = batch.nextOffset
                    guard batch.nextOffset.rawValue - 1 >= fetchOffset.rawValue else { return true }
                    final.append(batch, to: &records)
                    return true
                }
                guard let next else { break }
                offset = next
            }
            final.records.append(records)
        }
        return final
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

/// One record of a final log: its offset, whose it is (an index into `FinalLogs.names`) and its
/// sequence.
struct FinalRecord: Equatable {
    var offset: Int64
    var producer: Int32
    var sequence: Int
}

/// The final logs the report judges, with the producer names their records carry.
struct FinalLogs {
    /// Each partition's records, in `allPartitions` order.
    var records: [[FinalRecord]] = []
    /// The names records carry, by number; the run's producers come first.
    var names: [String] = []
    /// A name's number. Keyed by `String`, so names equal as strings (canonically equivalent,
    /// or the same after invalid UTF-8 is repaired) share one, as comparing strings would.
    var identities: [String: Int32] = [:]
    /// A name's number by its bytes, and the last bytes looked up (most records in a row are
    /// one producer's).
    private var byBytes: [[UInt8]: Int32] = [:]
    private var lastBytes: [UInt8] = []
    private var lastIdentity: Int32 = -1

    /// Appends the records of an uncompressed, valid batch that carry a producer and a sequence
    /// (`ScenarioRun.identity(of:)`); a batch whose records do not decode (as `records()` would
    /// throw) adds none.
    mutating func append(_ batch: RecordBatchView, to records: inout [FinalRecord]) {
        let base = batch.baseOffset.rawValue
        let count = records.count
        do throws(RecordBatchError) {
            try batch.forEachRecord { record in
                guard let value = record.value else { return }
                // A value that starts with the last name and `#` has its first `#` right there
                // (a name holds none), so neither a search for it nor a name lookup is needed.
                let hash: Int
                let known: Int32?
                if startsWithLastName(value) {
                    hash = lastBytes.count
                    known = lastIdentity
                } else {
                    guard let found = value.firstIndex(of: UInt8(ascii: "#")) else { return }
                    hash = found
                    known = nil
                }
                guard let sequence = ScenarioRun.sequence(in: value, hash: hash) else { return }
                let producer = known ?? identity(of: UnsafeRawBufferPointer(rebasing: value[..<hash]))
                records.append(
                    FinalRecord(offset: base + Int64(record.offsetDelta), producer: producer, sequence: sequence))
            }
        } catch {
            records.removeSubrange(count...)
        }
    }

    /// Whether `value` starts with the bytes of the last name looked up, then `#`.
    private func startsWithLastName(_ value: UnsafeRawBufferPointer) -> Bool {
        guard lastIdentity >= 0, value.count > lastBytes.count, value[lastBytes.count] == UInt8(ascii: "#") else {
            return false
        }
        return lastBytes.withUnsafeBytes { last in
            var index = 0
            while index + 8 <= last.count {
                guard
                    last.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                        == value.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                else { return false }
                index += 8
            }
            while index < last.count && last[index] == value[index] { index += 1 }
            return index == last.count
        }
    }

    /// The number of the name `name`, registered if new; becomes the last name looked up.
    private mutating func identity(of name: UnsafeRawBufferPointer) -> Int32 {
        let bytes = Array(name)
        let found: Int32
        if let known = byBytes[bytes] {
            found = known
        } else {
            let string = String(decoding: bytes, as: UTF8.self)
            if let known = identities[string] {
                found = known
            } else {
                found = Int32(names.count)
                identities[string] = found
                names.append(string)
            }
            byBytes[bytes] = found
        }
        lastBytes = bytes
        lastIdentity = found
        return found
    }
}
