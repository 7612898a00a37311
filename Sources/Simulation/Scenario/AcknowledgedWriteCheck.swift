import ClusterModel
import KafkaCluster
import KafkaCore
import KafkaLog

/// Lost and duplicated records while the run goes, as the run report counts them at the end
/// (`ScenarioRun.report()`), checked a little at a time against each partition's leader.
///
/// - **lost**: a record acknowledged at offset O of a partition is lost once the leader's log
///   below its high watermark holds another record at O, or none (on a topic that does not
///   compact; retention deleting it is not a loss). Until the high watermark passes O (an
///   `acks=1` record not replicated yet) it waits.
/// - **duplicated**: a producer's record (by its `NAME#SEQUENCE|` value) a second time in the
///   committed logs, read once each as the high watermarks move.
///
/// Each check reads only what is new: the records acknowledged since the last check, and each
/// partition's log from where the last check stopped to its high watermark (at most
/// `scanBytesPerCheck` of it). Committed records change only when a leader without them takes
/// over (an unclean election, a power loss): a new leader's epoch cache says from which offset
/// its log may differ from what was checked, and the records acknowledged from there are
/// checked again (and, if that is below what was read for duplicates, the duplicate count is
/// rebuilt from the logs, a little at a time).
///
/// Memory: per partition, the records waiting for the high watermark and the lost ones; per
/// producer, one bit per sequence for the duplicate check.
struct AcknowledgedWriteCheck {
    /// An acknowledged record: where it is, whose it is.
    struct Entry: Hashable {
        var offset: Int64
        var producer: Int
        var sequence: Int
    }

    /// The leader whose log a partition was last checked against.
    private struct Lineage: Hashable {
        var broker: BrokerID
        var incarnation: UInt64
        var epoch: LeaderEpoch
    }

    private struct PartitionState {
        /// Acknowledged, not yet below the leader's high watermark at a check.
        var pending: [Entry] = []
        var lost: [Entry] = []
        var lineage: Lineage?
        /// Records acknowledged below this offset were found in the leader's log.
        var verifiedBelow = Offset(0)
        /// The epoch (and where it starts) of the record just below `verifiedBelow`.
        var verifiedEpoch: EpochEntry?
        /// Where the duplicate check reads on (nil: from the log start).
        var scannedBelow: Offset?
        /// Records found before that a new leader took over without (`recheck`), not reported yet.
        var truncated: [Entry] = []
        /// Where the new leader's log diverged from what was checked, at the last takeover.
        var divergedAt: Offset?
    }

    /// A record read from a log: its offset and, if it is one of the run's, whose it is.
    private struct Stored {
        var offset: Int64
        var producer: Int?
        var sequence: Int
    }

    let producerNames: [String]
    private let producerIndex: [String: Int]
    private var partitions: [TopicPartition: PartitionState] = [:]
    /// Per producer: a bit per sequence 1…, set once a copy was read.
    private var seen: [[UInt64]]
    /// Copies of sequences outside 1… (not the run's own numbering), per producer.
    private var seenOther: [[Int: Int]]
    private(set) var lostCount = 0
    private(set) var duplicateCount = 0
    /// Log bytes one check reads per partition for the duplicate check.
    static let scanBytesPerCheck = 1 << 20

    init(producerNames: [String]) {
        self.producerNames = producerNames
        var index: [String: Int] = [:]
        for (position, name) in producerNames.enumerated() where index[name] == nil { index[name] = position }
        producerIndex = index
        seen = producerNames.map { _ in [] }
        seenOther = producerNames.map { _ in [:] }
    }

    /// Queues a record acknowledged at `offset` of `partition` for the next check.
    mutating func acknowledged(producer: Int, sequence: Int, at partition: TopicPartition, offset: Offset) {
        partitions[partition, default: PartitionState()].pending.append(
            Entry(offset: offset.rawValue, producer: producer, sequence: sequence))
    }

    /// Checks `order`'s partitions against their leaders now; `acknowledged(producer)` gives a
    /// producer's acknowledged places by sequence − 1 (for checking again after a truncation).
    /// Returns what it found, one finding per partition and kind.
    mutating func check(
        _ order: [TopicPartition], in cluster: SimulatedCluster,
        acknowledged: (Int) -> AcknowledgedPlaces, at now: Instant, fault: String?, final: Bool = false
    ) -> [(partition: TopicPartition, finding: CheckSummary.Finding)] {
        var rebuildsDuplicates = false
        var leaders: [TopicPartition: (view: ReplicaView, log: PartitionLog)] = [:]
        for partition in order {
            guard let leader = cluster.leader(of: partition), cluster.isUp(leader),
                let server = cluster.server(leader), let view = server.replica(partition), view.role == .leader,
                let log = server.log(partition)
            else { continue }
            leaders[partition] = (view, log)
            let lineage = Lineage(broker: leader, incarnation: server.incarnation, epoch: view.leaderEpoch)
            var state = partitions[partition] ?? PartitionState()
            if let previous = state.lineage, previous != lineage {
                let agreed = Self.agreedOffset(state, newLog: log)
                if agreed < state.verifiedBelow {
                    recheck(&state, partition: partition, from: agreed, acknowledged: acknowledged)
                }
                if let scanned = state.scannedBelow, agreed < scanned { rebuildsDuplicates = true }
            }
            state.lineage = lineage
            partitions[partition] = state
        }
        if rebuildsDuplicates { forgetDuplicates() }
        var findings: [(partition: TopicPartition, finding: CheckSummary.Finding)] = []
        for partition in order {
            guard let leader = leaders[partition] else { continue }
            for finding in check(partition, view: leader.view, log: leader.log, at: now, fault: fault, final: final) {
                findings.append((partition, finding))
            }
        }
        return findings
    }

    /// The offset below which the new leader's log surely holds what was checked: where the
    /// epoch of the last checked record ends in it (Kafka's log matching: two logs with the same
    /// epoch ending at the same offset agree below it).
    private static func agreedOffset(_ state: PartitionState, newLog: PartitionLog) -> Offset {
        guard let epoch = state.verifiedEpoch else { return state.verifiedBelow }
        let end = newLog.endOffset(forEpoch: epoch.epoch)
        guard end.endOffset.rawValue >= 0 else { return Offset(0) }
        var agreed = min(state.verifiedBelow, end.endOffset)
        // The new log never had that epoch: it agrees at most up to where the epoch began.
        if end.epoch != epoch.epoch { agreed = min(agreed, epoch.startOffset) }
        return agreed
    }

    /// The new leader's log differs from what was checked from `offset` on (it has nothing of
    /// the old epochs there): the records found there before are lost now, for good (a record
    /// of an old epoch is never written there again; a producer's retry is acknowledged at a new
    /// place). Those waiting, and those lost before, are checked again against the new leader.
    private mutating func recheck(
        _ state: inout PartitionState, partition: TopicPartition, from offset: Offset,
        acknowledged: (Int) -> AcknowledgedPlaces
    ) {
        let reopened = state.lost.filter { $0.offset >= offset.rawValue }
        state.lost.removeAll { $0.offset >= offset.rawValue }
        lostCount -= reopened.count
        var unverified = Set(state.pending.filter { $0.offset >= offset.rawValue })
        unverified.formUnion(reopened)
        state.pending.removeAll { $0.offset >= offset.rawValue }
        for producer in producerNames.indices {
            for (index, place) in acknowledged(producer).enumerated() {
                guard let (placed, at) = place, placed == partition, at >= offset else { continue }
                let entry = Entry(offset: at.rawValue, producer: producer, sequence: index + 1)
                if unverified.contains(entry) || at >= state.verifiedBelow {
                    state.pending.append(entry)
                } else {
                    state.truncated.append(entry)
                }
            }
        }
        state.divergedAt = offset
        state.verifiedBelow = offset
    }

    /// Forgets every copy read: the duplicate check reads every log again from its start.
    private mutating func forgetDuplicates() {
        seen = producerNames.map { _ in [] }
        seenOther = producerNames.map { _ in [:] }
        duplicateCount = 0
        for partition in partitions.keys { partitions[partition]?.scannedBelow = nil }
    }

    /// `final`: the run ended, and a record the high watermark has not passed will never be
    /// committed where it was acknowledged: lost, as the report (which reads below the high
    /// watermark) counts it.
    private mutating func check(
        _ partition: TopicPartition, view: ReplicaView, log: PartitionLog, at now: Instant, fault: String?,
        final: Bool
    ) -> [CheckSummary.Finding] {
        var state = partitions[partition] ?? PartitionState()
        let highWatermark = view.highWatermark
        // Duplicates: the committed records not read yet.
        let start = max(state.scannedBelow ?? log.logStartOffset, log.logStartOffset)
        let (scanned, next) = records(in: log, from: start, below: highWatermark, maxBytes: Self.scanBytesPerCheck)
        state.scannedBelow = next
        var copies: [Stored] = []
        for record in scanned {
            guard let producer = record.producer, noteCopy(producer: producer, sequence: record.sequence) else {
                continue
            }
            copies.append(record)
        }
        duplicateCount += copies.count
        // Lost: the acknowledged records the high watermark passed.
        state.pending.sort { ($0.offset, $0.producer, $0.sequence) < ($1.offset, $1.producer, $1.sequence) }
        var waiting: [Entry] = []
        var lost: [(entry: Entry, there: Stored?)] = []
        var batch: [Stored] = []
        for entry in state.pending {
            guard entry.offset < highWatermark.rawValue else {
                // A leader acknowledges what it appended, and its log end never goes back: a
                // record at or past the current leader's log end was acknowledged by an earlier
                // leader and is not in this one's log (should that leader lead again with it,
                // the takeover checks it again).
                if final || entry.offset >= log.logEndOffset.rawValue {
                    lost.append((entry, nil))
                } else {
                    waiting.append(entry)
                }
                continue
            }
            // Retention deleted it: not a loss.
            if entry.offset < log.logStartOffset.rawValue { continue }
            let stored: Stored?
            if entry.offset >= start.rawValue && entry.offset < next.rawValue {
                stored = Self.find(entry.offset, in: scanned)
            } else {
                if Self.find(entry.offset, in: batch) == nil && !(batch.last.map { $0.offset > entry.offset } ?? false)
                {
                    batch = records(in: log, from: Offset(entry.offset), below: highWatermark, maxBytes: 1).records
                }
                stored = Self.find(entry.offset, in: batch)
            }
            if let stored, stored.producer == entry.producer && stored.sequence == entry.sequence { continue }
            // Compaction removes records: an offset gone from a compacted topic is not a loss.
            if stored == nil && log.config.cleanupPolicy.compacts { continue }
            lost.append((entry, stored))
        }
        state.pending = waiting
        let truncated = state.truncated
        state.truncated = []
        state.lost += truncated + lost.map(\.entry)
        lostCount += truncated.count + lost.count
        state.verifiedBelow = max(state.verifiedBelow, highWatermark)
        // The epoch of the last record checked, as this leader has it (a new leader's high
        // watermark may still be below what its predecessor's was: the epoch at its own high
        // watermark would be an older one, ending earlier, and a later takeover would read as a
        // truncation there).
        let checkedEnd = state.verifiedBelow
        if checkedEnd > log.logStartOffset, checkedEnd <= log.logEndOffset,
            let epoch = log.epoch(forOffset: checkedEnd.advanced(by: -1))
        {
            let startOffset = log.epochEntries.last { $0.epoch == epoch }?.startOffset ?? log.logStartOffset
            state.verifiedEpoch = EpochEntry(epoch: epoch, startOffset: startOffset)
        }
        partitions[partition] = state
        var findings: [CheckSummary.Finding] = []
        if let first = truncated.min(by: { ($0.offset, $0.sequence) < ($1.offset, $1.sequence) }) {
            findings.append(
                CheckSummary.Finding(
                    instant: now, kind: .lost,
                    text: "\(truncated.count) acknowledged record(s) of \(partition) lost at offsets "
                        + "\(Self.span(truncated.map(\.offset))): \(producerNames[first.producer])#\(first.sequence) "
                        + "acknowledged at offset \(first.offset); leader \(view.broker) took over in epoch "
                        + "\(view.leaderEpoch) without them (its log diverges from offset "
                        + "\(state.divergedAt.map { "\($0)" } ?? "?"))",
                    fault: fault))
        }
        if let first = lost.first {
            let offsets = lost.map(\.entry.offset)
            let name = producerNames[first.entry.producer]
            let there =
                first.there.map { stored in
                    stored.producer.map { "\(producerNames[$0])#\(stored.sequence) is there instead" }
                        ?? "another record is there instead"
                } ?? "the offset is gone"
            findings.append(
                CheckSummary.Finding(
                    instant: now, kind: .lost,
                    text: "\(lost.count) acknowledged record(s) of \(partition) lost at offsets "
                        + "\(Self.span(offsets)): \(name)#\(first.entry.sequence) acknowledged at offset "
                        + "\(first.entry.offset); \(there) (leader \(view.broker), epoch \(view.leaderEpoch))",
                    fault: fault))
        }
        if let first = copies.first, let producer = first.producer {
            findings.append(
                CheckSummary.Finding(
                    instant: now, kind: .duplicated,
                    text: "\(copies.count) duplicated record(s) in \(partition) at offsets "
                        + "\(Self.span(copies.map(\.offset))): \(producerNames[producer])#\(first.sequence) again at "
                        + "offset \(first.offset)",
                    fault: fault))
        }
        return findings
    }

    /// `12` or `12–40`.
    private static func span(_ offsets: [Int64]) -> String {
        guard let low = offsets.min(), let high = offsets.max() else { return "" }
        return low == high ? "\(low)" : "\(low)–\(high)"
    }

    /// Notes a copy of `sequence`; true when an earlier copy was read already.
    private mutating func noteCopy(producer: Int, sequence: Int) -> Bool {
        guard sequence > 0 else {
            seenOther[producer][sequence, default: 0] += 1
            return (seenOther[producer][sequence] ?? 0) > 1
        }
        let word = (sequence - 1) >> 6
        let bit = UInt64(1) << UInt64((sequence - 1) & 63)
        if seen[producer].count <= word {
            seen[producer].append(contentsOf: repeatElement(0, count: word + 1 - seen[producer].count))
        }
        if seen[producer][word] & bit != 0 { return true }
        seen[producer][word] |= bit
        return false
    }

    /// The record at `offset` in `records` (sorted by offset), by binary search.
    private static func find(_ offset: Int64, in records: [Stored]) -> Stored? {
        records.element(withSorted: \.offset, equalTo: offset)
    }

    /// The records of whole batches from the one holding `offset`, below `bound`, about
    /// `maxBytes` of them (at least one batch), and the offset after the last batch read.
    private func records(
        in log: PartitionLog, from offset: Offset, below bound: Offset, maxBytes: Int
    ) -> (records: [Stored], next: Offset) {
        var records: [Stored] = []
        var next = offset
        var bytes = 0
        while next < bound && bytes < maxBytes {
            guard
                let read = try? log.read(
                    from: next, maxBytes: maxBytes - bytes, upperBound: bound, minOneMessage: true),
                !read.isEmpty
            else { break }
            bytes += read.records.count
            for batch in read.batches() {
                guard let decoded = try? batch.records() else { continue }
                for record in decoded {
                    let at = batch.offset(of: record).rawValue
                    guard at >= offset.rawValue else { continue }
                    let identity = record.value.flatMap(ScenarioRun.identity)
                    records.append(
                        Stored(
                            offset: at, producer: identity.flatMap { producerIndex[$0.producer] },
                            sequence: identity?.sequence ?? 0))
                }
            }
            next = read.nextOffset
        }
        return (records, next)
    }
}
