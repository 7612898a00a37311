import KafkaCore

/// What a scenario run measures over time for its scorecard: per-second throughput, lag and
/// offline partitions (the charts), leader outages per partition, unavailable partition-time,
/// ISR shrinks and when each partition was fully replicated again.
struct ScenarioMetrics {
    /// One partition's time without a live leader.
    struct Outage: Hashable {
        var partition: TopicPartition
        var start: Instant
        var end: Instant?
    }

    var origin: Instant = .zero
    var partitions: [TopicPartition] = []
    var groupNames: [String] = []
    /// Records acknowledged in each second since the origin (all producers).
    var acknowledgedPerSecond: [Int] = []
    /// Records consumed in each second, per group.
    var consumedPerSecond: [[Int]] = []
    /// Each group's total lag at the last sample of each second.
    var lagPerSecond: [[Int64]] = []
    /// Partitions without a live leader at the last sample of each second.
    var offlinePerSecond: [Int] = []
    var outages: [Outage] = []
    var openOutage: [TopicPartition: Int] = [:]
    var unavailable: [TopicPartition: Duration] = [:]
    var lastSampleAt: Instant?
    var shrunk: Set<TopicPartition> = []
    /// Per partition: since when it has had its full replica set in the ISR (nil: not now).
    var fullySince: [TopicPartition: Instant] = [:]
    var firstFaultAt: Instant?
    /// When set, the per-second series keep only their latest one to two windows of seconds, so
    /// that a run that lasts a year (the console's cluster) does not grow them without bound.
    var windowSeconds: Int?
    /// Seconds dropped from the front of every per-second series by the window.
    private(set) var droppedSeconds = 0

    mutating func start(partitions: [TopicPartition], groups: [String], at origin: Instant) {
        self.origin = origin
        self.partitions = partitions
        groupNames = groups
        consumedPerSecond = groups.map { _ in [] }
        lagPerSecond = groups.map { _ in [] }
    }

    mutating func faultBegan(at instant: Instant) {
        if firstFaultAt == nil { firstFaultAt = instant }
    }

    private func second(of instant: Instant) -> Int { max(0, Int((instant - origin).microseconds / 1_000_000)) }

    /// Where the second of `instant` sits in the series (nil: dropped by the window), after
    /// sliding the window so that it fits.
    private mutating func index(of instant: Instant) -> Int? {
        let index = second(of: instant) - droppedSeconds
        guard index >= 0 else { return nil }
        guard let window = windowSeconds, window > 0, index >= 2 * window else { return index }
        let drop = index - window + 1
        Self.dropFirst(drop, of: &acknowledgedPerSecond)
        Self.dropFirst(drop, of: &offlinePerSecond)
        for group in consumedPerSecond.indices { Self.dropFirst(drop, of: &consumedPerSecond[group]) }
        for group in lagPerSecond.indices { Self.dropFirst(drop, of: &lagPerSecond[group]) }
        droppedSeconds += drop
        return index - drop
    }

    private static func dropFirst<T>(_ count: Int, of series: inout [T]) {
        series.removeFirst(min(count, series.count))
    }

    private static func grow<T>(_ series: inout [T], to count: Int, with filler: T) {
        if series.count < count { series.append(contentsOf: repeatElement(filler, count: count - series.count)) }
    }

    mutating func acknowledged(producer: Int, count: Int, at instant: Instant) {
        guard let index = index(of: instant) else { return }
        Self.grow(&acknowledgedPerSecond, to: index + 1, with: 0)
        acknowledgedPerSecond[index] += count
    }

    mutating func consumed(group: Int, count: Int, at instant: Instant) {
        guard let index = index(of: instant) else { return }
        Self.grow(&consumedPerSecond[group], to: index + 1, with: 0)
        consumedPerSecond[group][index] += count
    }

    /// Folds in one sample: which partitions have a live leader, which have a full ISR.
    mutating func sample(
        at instant: Instant, led: [TopicPartition: Bool], fullyReplicated: [TopicPartition: Bool],
        isrShrunk: [TopicPartition]
    ) {
        let since = lastSampleAt
        lastSampleAt = instant
        var offline = 0
        for partition in partitions {
            let hasLeader = led[partition] ?? false
            if !hasLeader {
                offline += 1
                if let since { unavailable[partition] = (unavailable[partition] ?? .zero) + (instant - since) }
                if openOutage[partition] == nil {
                    openOutage[partition] = outages.count
                    outages.append(Outage(partition: partition, start: since ?? instant, end: nil))
                }
            } else if let open = openOutage.removeValue(forKey: partition) {
                outages[open].end = instant
            }
            // Without a controller the ISR is unknown: the last state stands.
            switch fullyReplicated[partition] {
            case true?: if fullySince[partition] == nil { fullySince[partition] = instant }
            case false?: fullySince[partition] = nil
            case nil: break
            }
        }
        for partition in isrShrunk { shrunk.insert(partition) }
        guard let index = index(of: instant) else { return }
        Self.grow(&offlinePerSecond, to: index + 1, with: 0)
        offlinePerSecond[index] = offline
    }

    /// Records each group's total lag for the second of `instant`.
    mutating func sampleLag(_ lags: [Int64], at instant: Instant) {
        guard let index = index(of: instant) else { return }
        for (group, lag) in lags.enumerated() {
            let last = lagPerSecond[group].last ?? 0
            Self.grow(&lagPerSecond[group], to: index + 1, with: last)
            lagPerSecond[group][index] = lag
        }
    }

    /// Closes every outage still open at the end of the run.
    mutating func finish(at instant: Instant) {
        let seconds = max(0, second(of: instant) - droppedSeconds)
        Self.grow(&acknowledgedPerSecond, to: seconds, with: 0)
        for group in consumedPerSecond.indices { Self.grow(&consumedPerSecond[group], to: seconds, with: 0) }
    }
}
