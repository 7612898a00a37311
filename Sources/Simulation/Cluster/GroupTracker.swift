import ClusterModel
import KafkaCluster
import KafkaCore

/// What the console needs to know about groups over time, which no single instant shows:
/// each partition's recent commits (for Burrow-style status and consume rates), the high
/// watermark's progress (arrival rates), and each group's rebalances. Observed once per
/// snapshot; every history is bounded.
public struct GroupTracker: Sendable {
    /// Rebalances kept per group.
    public static let rebalanceHistory = 20

    private struct Key: Hashable, Sendable {
        let groupID: String
        let topicPartition: TopicPartition
    }

    private var commits: [Key: [CommitSample]] = [:]
    private var lastCommitTimestamp: [Key: Int64] = [:]
    private var highWatermarks: [TopicPartition: [(at: Instant, offset: Offset)]] = [:]
    private var rebalances: [String: [RebalanceSnapshot]] = [:]
    private var lastGeneration: [String: Int32] = [:]
    private var unstableSince: [String: Instant] = [:]
    /// Each group's assignment when it was last seen Stable (or Empty), by member id.
    private var lastStableAssignment: [String: [String: (clientID: String, partitions: [TopicPartition])]] = [:]

    /// Lag at or below this many records counts as none for the Burrow-style status (see
    /// `LagEvaluator.status`); nil (the default) keeps Burrow's rules exactly.
    public var lagThreshold: Int64?

    public init(lagThreshold: Int64? = nil) {
        self.lagThreshold = lagThreshold
    }

    /// Folds in the groups as they are now and returns them with status, rates and history.
    mutating func observe(_ groups: [GroupSnapshot], partitions: [PartitionProgress], now: Instant) -> [GroupSnapshot] {
        for partition in partitions {
            guard let highWatermark = partition.highWatermark else { continue }
            // Found once and grown in place through the dictionary's values: reading the last
            // sample, taking the samples out and putting them back hashed the partition three
            // times and deleted an entry, for every partition (most of them idle) every second.
            guard let index = highWatermarks.index(forKey: partition.topicPartition) else {
                highWatermarks[partition.topicPartition] = [(now, highWatermark)]
                continue
            }
            // One sample a second at most, so the window spans ten seconds of arrivals.
            if let last = highWatermarks.values[index].last, now - last.at < .seconds(1) { continue }
            highWatermarks.values[index].append((now, highWatermark))
            let count = highWatermarks.values[index].count
            if count > LagEvaluator.windowSize {
                highWatermarks.values[index].removeFirst(count - LagEvaluator.windowSize)
            }
        }
        return groups.map { observe($0, now: now) }
    }

    private mutating func observe(_ group: GroupSnapshot, now: Instant) -> GroupSnapshot {
        var result = group
        var consumeRate = 0.0
        var arriveRate = 0.0
        for index in result.partitions.indices {
            let lag = result.partitions[index]
            let key = Key(groupID: group.groupID, topicPartition: lag.topicPartition)
            var window = commits[key] ?? []
            let stamp = lag.commitTimestampMilliseconds
            if lastCommitTimestamp[key] != stamp {
                lastCommitTimestamp[key] = stamp
                window.append(CommitSample(offset: lag.committedOffset, at: now, lag: lag.lag ?? 0))
                if window.count > LagEvaluator.windowSize { window.removeFirst(window.count - LagEvaluator.windowSize) }
                commits[key] = window
            }
            result.partitions[index].status = LagEvaluator.status(
                window: window, currentLag: lag.lag ?? 0, now: now, lagThreshold: lagThreshold)
            consumeRate += Self.rate(window.map { ($0.at, $0.offset) })
            arriveRate += Self.rate(highWatermarks[lag.topicPartition] ?? [])
        }
        result.status = LagEvaluator.groupStatus(result.partitions.map(\.status))
        result.consumeRate = consumeRate
        result.arriveRate = arriveRate
        trackRebalances(group, now: now)
        result.rebalances = rebalances[group.groupID] ?? []
        return result
    }

    /// Offsets per second between the first and last sample.
    private static func rate(_ samples: [(at: Instant, offset: Offset)]) -> Double {
        guard let first = samples.first, let last = samples.last, last.at > first.at else { return 0 }
        let seconds = Double((last.at - first.at).microseconds) / 1_000_000
        return Double(max(0, last.offset.distance(from: first.offset))) / seconds
    }

    /// A new generation opens a history entry (with the coordinator's cause and who joined and
    /// left); once the group settles (Stable, or Empty when everyone left) the entry gets the
    /// assignment diff against the previous settled assignment and, when Stable, the pause. Start
    /// and end come from the coordinator's own clock when it knows them, so a rebalance that
    /// begins and ends between two snapshots still gets its exact pause.
    private mutating func trackRebalances(_ group: GroupSnapshot, now: Instant) {
        let id = group.groupID
        if group.state != "Stable" {
            if unstableSince[id] == nil { unstableSince[id] = now }
        }
        let members = group.members.map(\.clientID).sorted()
        var history = rebalances[id] ?? []
        if let previous = lastGeneration[id], previous != group.generation {
            // Members come and go while the rebalance runs; compare with the last settled group.
            let before = lastStableAssignment[id].map { $0.values.map(\.clientID).sorted() } ?? []
            history.append(
                RebalanceSnapshot(
                    generation: group.generation, startedAt: group.rebalanceStartedAt ?? unstableSince[id] ?? now,
                    pause: nil, joined: members.filter { !before.contains($0) },
                    left: before.filter { !members.contains($0) }, cause: group.rebalanceCause))
            if history.count > Self.rebalanceHistory { history.removeFirst(history.count - Self.rebalanceHistory) }
        }
        if group.state == "Stable" || group.state == "Empty" {
            var settled: [String: (clientID: String, partitions: [TopicPartition])] = [:]
            for member in group.members { settled[member.memberID] = (member.clientID, member.assignment) }
            if let last = history.indices.last, history[last].generation == group.generation {
                if history[last].assignmentChanges == nil {
                    history[last].assignmentChanges = AssignmentChange.between(
                        lastStableAssignment[id] ?? [:], settled)
                }
                if group.state == "Stable" && history[last].pause == nil {
                    let stableAt = group.stateEnteredAt ?? now
                    history[last].pause =
                        stableAt > history[last].startedAt ? stableAt - history[last].startedAt : .zero
                }
            }
            lastStableAssignment[id] = settled
        }
        if group.state == "Stable" { unstableSince[id] = nil }
        rebalances[id] = history
        lastGeneration[id] = group.generation
    }
}
