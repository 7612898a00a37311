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
    public var digest: String
    public var events: Int

    public static let detailLimit = 20

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
