import KafkaCore

/// `expect …`: a property of the run that the drill checks, reported pass or fail by line.
///
/// Times written `within T` count from one of two anchors, as the kind says: from each outage
/// (leader), or from `Scenario.lastFaultEnd`, when the last fault of the timeline has ended
/// (lag, replication).
public struct Expectation: Sendable, Hashable {
    public var kind: Kind
    /// The 1-based line of the `expect` (reports say "line 42: expect no-loss").
    public var line: Int

    public init(_ kind: Kind, line: Int = 0) {
        self.kind = kind
        self.line = line
    }

    public enum Kind: Sendable, Hashable {
        /// `expect no-loss [PRODUCER]`: every acknowledged record (of the producer, or of all) is
        /// in the log at the end of the run.
        case noLoss(producer: String?)
        /// `expect loss [PRODUCER]`: a negative control: the drill fails unless some acknowledged
        /// record was lost (proves the checker sees what the drill provokes).
        case loss(producer: String?)
        /// `expect no-duplicates [PRODUCER]`: no record is in the log twice.
        case noDuplicates(producer: String?)
        /// `expect leader PARTITIONS within T`: every time one of the partitions loses its
        /// leader, it has one again within T (and it has one at the end).
        case leaderWithin(PartitionSelector, Duration)
        /// `expect lag GROUP below N [within T]`: the group's total lag is below N by T after
        /// the last fault ended (without `within`: at the end of the run).
        case lagBelow(group: String, records: Int64, within: Duration?)
        /// `expect producer-errors PRODUCER at most N`: records that failed for good (not retried
        /// to success).
        case producerErrorsAtMost(producer: String, count: Int)
        /// `expect unavailable [PARTITIONS] at most T`: partition-seconds without a leader, summed
        /// over the partitions (default all).
        case unavailableAtMost(PartitionSelector, Duration)
        /// `expect rebalances GROUP at most N`: completed rebalances of the group.
        case rebalancesAtMost(group: String, count: Int)
        /// `expect replicated PARTITIONS within T`: every partition has its full replica set in
        /// its ISR again within T after the last fault ended.
        case replicatedWithin(PartitionSelector, Duration)
        /// `expect isr-shrink PARTITIONS`: the ISR of one of the partitions shrank at some point
        /// (proves a slow or lost replica was noticed).
        case isrShrinks(PartitionSelector)
    }
}

/// Which partitions an expectation covers: `all`, a topic (`orders`) or one partition (`orders-0`).
public enum PartitionSelector: Sendable, Hashable {
    case all
    case topic(String)
    case partition(TopicPartition)
}

extension PartitionSelector {
    /// The topic it names, nil for `all`.
    public var topic: String? {
        switch self {
        case .all: nil
        case .topic(let name): name
        case .partition(let partition): partition.topic
        }
    }
}

extension Expectation.Kind {
    /// The partitions the expectation covers, for the kinds that name some.
    public var partitionSelector: PartitionSelector? {
        switch self {
        case .leaderWithin(let selector, _), .unavailableAtMost(let selector, _), .replicatedWithin(let selector, _),
            .isrShrinks(let selector):
            selector
        case .noLoss, .loss, .noDuplicates, .lagBelow, .producerErrorsAtMost, .rebalancesAtMost: nil
        }
    }
}
