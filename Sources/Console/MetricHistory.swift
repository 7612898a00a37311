import ClusterModel

/// What a series in `MetricHistory` measures.
public enum Metric: Hashable, Sendable {
    case brokerBytesIn(Int32)
    case brokerBytesOut(Int32)
    case brokerMessagesIn(Int32)
    /// Messages appended (the high watermark's progress) over the topic's partitions.
    case topicMessagesIn(String)
    /// Messages consumed (committed offsets' progress) over every group on the topic.
    case topicMessagesOut(String)
    /// A group's total lag, in messages.
    case groupLag(String)
    /// One group's lag on one partition, and the rate its committed offset advances.
    case partitionLag(group: String, partition: String)
    case partitionConsumed(group: String, partition: String)
    /// Messages appended to one partition (its high watermark's progress).
    case partitionAppended(String)
}

/// Rates and recent history per broker, topic, group and group partition, sampled from the
/// snapshots once per virtual second. Snapshots carry running totals; rates are the difference
/// between two samples. Every series is a ring of `capacity` samples, and entities that vanish
/// from the snapshot are forgotten at the next sample, so memory stays bounded however long
/// the console runs.
public struct MetricHistory: Hashable, Sendable {
    /// Samples kept per series (a minute at one a second).
    public static let capacity = 60
    /// Virtual time between samples.
    public static let intervalMicroseconds: Int64 = 1_000_000

    private var series: [Metric: [Double]] = [:]
    /// Running totals at the last sample, for the next rate.
    private var totals: [Metric: Int64] = [:]
    private var lastSampleMicroseconds: Int64?

    public init() {}

    /// The samples of `metric`, oldest first (empty before two snapshots a second apart).
    public func values(_ metric: Metric) -> [Double] { series[metric] ?? [] }

    /// Whether no sample has been taken yet.
    public var isEmpty: Bool { series.isEmpty }

    /// The samples of several metrics added up, aligned at the newest sample.
    public func sum(_ metrics: [Metric]) -> [Double] {
        let all = metrics.map(values)
        let count = all.map(\.count).max() ?? 0
        return (0..<count).map { index in
            all.reduce(0) { total, values in
                let offset = index - (count - values.count)
                return total + (offset >= 0 ? values[offset] : 0)
            }
        }
    }

    /// The newest sample of `metric`.
    public func latest(_ metric: Metric) -> Double? { series[metric]?.last }

    /// The mean of the last `count` samples: for rates that move in steps, like committed
    /// offsets (consumers commit every few seconds, so a one-second rate is mostly zero).
    public func average(_ metric: Metric, last count: Int = 10) -> Double? {
        guard let values = series[metric]?.suffix(count), !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Folds in a snapshot; takes a sample when a virtual second has passed since the last one.
    /// A snapshot from the past (a new cluster) starts the history over.
    public mutating func observe(_ snapshot: ClusterSnapshot) {
        let now = snapshot.now.microseconds
        if let last = lastSampleMicroseconds, now < last { self = MetricHistory() }
        guard let last = lastSampleMicroseconds else {
            lastSampleMicroseconds = now
            totals = Self.totals(snapshot).counters
            return
        }
        // Nine frames in ten take no sample: they cost nothing (the totals walk every partition).
        guard now - last >= Self.intervalMicroseconds else { return }
        let current = Self.totals(snapshot)
        let seconds = Double(now - last) / 1_000_000
        var next: [Metric: [Double]] = [:]
        for (metric, value) in current.counters {
            // A counter that went down (a broker restarted, a leader moved) counts as no progress.
            let rate = totals[metric].map { Double(max(0, value - $0)) / seconds } ?? 0
            next[metric] = Self.appending(rate, to: series[metric])
        }
        for (metric, value) in current.gauges {
            next[metric] = Self.appending(value, to: series[metric])
        }
        for (topic, partitions) in current.topicParts {
            next[.topicMessagesIn(topic)] = Self.appending(
                Self.sum(partitions.in, next), to: series[.topicMessagesIn(topic)])
            next[.topicMessagesOut(topic)] = Self.appending(
                Self.sum(partitions.out, next), to: series[.topicMessagesOut(topic)])
        }
        series = next
        totals = current.counters
        lastSampleMicroseconds = now
    }

    private static func appending(_ value: Double, to values: [Double]?) -> [Double] {
        var result = values ?? []
        result.append(value)
        if result.count > capacity { result.removeFirst(result.count - capacity) }
        return result
    }

    private static func sum(_ metrics: [Metric], _ series: [Metric: [Double]]) -> Double {
        metrics.reduce(0) { $0 + (series[$1]?.last ?? 0) }
    }

    private struct Totals {
        var counters: [Metric: Int64] = [:]
        var gauges: [Metric: Double] = [:]
        /// Per topic, the per-partition counters its in and out rates add up.
        var topicParts: [String: (in: [Metric], out: [Metric])] = [:]
    }

    private static func totals(_ snapshot: ClusterSnapshot) -> Totals {
        var result = Totals()
        for broker in snapshot.brokers {
            let id = broker.id.rawValue
            result.counters[.brokerBytesIn(id)] = Int64(broker.bytesIn)
            result.counters[.brokerBytesOut(id)] = Int64(broker.bytesOut)
            result.counters[.brokerMessagesIn(id)] = Int64(broker.messagesIn)
        }
        for partition in snapshot.partitions {
            let topic = partition.topicPartition.topic
            let name = partition.topicPartition.description
            let metric = Metric.partitionAppended(name)
            if let highWatermark = partition.highWatermark { result.counters[metric] = highWatermark.rawValue }
            result.topicParts[topic, default: ([], [])].in.append(metric)
        }
        for group in snapshot.groups {
            result.gauges[.groupLag(group.groupID)] = Double(group.totalLag)
            for lag in group.partitions {
                let name = lag.topicPartition.description
                let consumed = Metric.partitionConsumed(group: group.groupID, partition: name)
                result.counters[consumed] = lag.committedOffset.rawValue
                result.gauges[.partitionLag(group: group.groupID, partition: name)] = Double(lag.lag ?? 0)
                result.topicParts[lag.topicPartition.topic, default: ([], [])].out.append(consumed)
            }
        }
        return result
    }
}
