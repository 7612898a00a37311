import KafkaCore

/// The scorecard of a scenario run: what happened, what it cost, what the checkers found and
/// whether each expectation held.
public struct ScenarioReport: Sendable {
    public var scenario: String
    public var title: String
    public var source: String
    public var seed: UInt64
    /// Virtual time the run covered (its duration, or less when setup failed).
    public var duration: Duration
    public var setupFailure: String?
    public var log: [ScenarioLogLine]
    public var partitions: [PartitionOutcome]
    public var producers: [ProducerOutcome]
    public var groups: [GroupOutcome]
    /// Acknowledged records missing from the final log (the first `detailLimit`).
    public var lost: [String]
    public var lostCount: Int
    /// Records in the log more than once (the first `detailLimit`).
    public var duplicates: [String]
    public var duplicateCount: Int
    /// Invariant violations and consumer anomalies, each with the fault that preceded it.
    public var findings: [String]
    public var expectations: [ExpectationOutcome]
    /// Acknowledged records per second over the run.
    public var throughput: [Int]
    /// Partitions without a leader per second over the run.
    public var offline: [Int]
    /// The active controller from the start and at each change (the first `changeLimit`).
    public var controllerChanges: [ControllerChange]
    /// Elected leaders that moved to another broker (the first `changeLimit`).
    public var leaderMoves: [LeaderMove]
    public var digest: String
    public var events: Int

    public static let detailLimit = 20
    /// Controller changes and leader moves kept.
    public static let changeLimit = 1000

    /// Whether every expectation held, the run set up, and no checker found anything.
    public var passed: Bool {
        setupFailure == nil && findings.isEmpty && expectations.allSatisfy(\.passed)
    }

    public var unavailable: Duration { partitions.reduce(.zero) { $0 + $1.unavailable } }
}

/// One partition's availability over the run.
public struct PartitionOutcome: Hashable, Sendable {
    public var partition: TopicPartition
    /// How many times it lost its leader.
    public var outages: Int
    /// Its longest time without a leader (time to recover a leader).
    public var longestOutage: Duration
    public var unavailable: Duration
    public var hasLeaderAtEnd: Bool
    public var isrShrank: Bool
}

public struct ProducerOutcome: Hashable, Sendable {
    public var name: String
    public var sent: Int
    public var acknowledged: Int
    public var failed: Int
    /// Produce requests sent again after an error or timeout.
    public var retries: Int
    public var requestTimeouts: Int
    /// Failure counts by error, sorted by error name.
    public var failures: [String: Int]
    public var lost: Int
    public var duplicates: Int
    /// The longest stretch in which the producer had records waiting and got no acknowledgement
    /// (nor failure) back: the outage as the application saw it, whatever the partitions'
    /// leaders said. Measured at the run's samples (every 250 ms).
    public var longestStall: Duration = .zero
    /// When that stretch began, from the start of the run.
    public var longestStallStart: Duration?
    /// The longest gap between two acknowledgements of one partition (or from the last one to
    /// the end while records waited): a partition whose leader was cut off, while others flowed.
    public var longestPartitionStall: PartitionStall?
}

/// One partition's longest time without an acknowledgement.
public struct PartitionStall: Hashable, Sendable {
    public var partition: TopicPartition
    /// From the start of the run.
    public var start: Duration
    public var length: Duration
}

/// The active controller changed (nil: none active, the quorum is electing).
public struct ControllerChange: Hashable, Sendable {
    /// From the start of the run.
    public var at: Duration
    public var controller: BrokerID?
}

/// A partition's elected leader moved from one broker to another.
public struct LeaderMove: Hashable, Sendable {
    public var partition: TopicPartition
    /// From the start of the run.
    public var at: Duration
    public var from: BrokerID
    public var to: BrokerID
}

public struct GroupOutcome: Hashable, Sendable {
    public var name: String
    public var consumed: Int
    public var peakLag: Int64
    public var peakAt: Duration
    /// From the peak until the lag was back to what it was before the first fault (nil: not
    /// drained by the end of the run).
    public var timeToDrain: Duration?
    public var finalLag: Int64
    public var rebalances: Int
    /// Lag at each second of the run.
    public var lag: [Int64]
    /// Records consumed in each second of the run.
    public var consumeRate: [Int]
}

public struct ExpectationOutcome: Hashable, Sendable {
    public var line: Int
    /// The expectation as written (`expect leader orders-0 within 15s`).
    public var text: String
    public var passed: Bool
    /// What was measured (`orders-0 had no leader for 9.3s once`).
    public var detail: String
}
