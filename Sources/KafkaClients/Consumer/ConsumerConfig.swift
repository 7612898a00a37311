import KafkaCore

/// A consumer's configuration, named as Kafka's `ConsumerConfig` (Swift-cased, units last), with
/// Kafka 4.0's defaults (reference §7). Only the classic group protocol is modelled.
public struct ConsumerConfig: Hashable, Sendable {
    /// `auto.offset.reset`: where a partition without a valid committed offset starts.
    public enum AutoOffsetReset: String, Hashable, Sendable {
        /// The log start offset.
        case earliest
        /// The high watermark (the last stable offset under read_committed).
        case latest
        /// No reset: `poll` throws `ConsumerError.noOffsetForPartition`.
        case none
    }

    /// `bootstrap.servers`: brokers to ask for metadata first.
    public var bootstrap: [BrokerID]
    /// `client.id`: sent with JoinGroup, part of the member id the coordinator makes.
    public var clientID = "consumer"
    /// `group.id`: nil for a consumer that neither subscribes nor commits.
    public var groupID: String?
    /// `group.instance.id`: set for a static member (KIP-345), which never sends LeaveGroup.
    public var groupInstanceID: String?
    /// `session.timeout.ms`.
    public var sessionTimeout: Duration = .milliseconds(45_000)
    /// `heartbeat.interval.ms`.
    public var heartbeatInterval: Duration = .milliseconds(3000)
    /// `max.poll.interval.ms`: also the rebalance timeout sent in JoinGroup.
    public var maxPollInterval: Duration = .milliseconds(300_000)
    /// `partition.assignment.strategy`, most preferred first, by protocol name.
    public var partitionAssignmentStrategy = ["range", "cooperative-sticky"]
    /// `auto.offset.reset`.
    public var autoOffsetReset = AutoOffsetReset.latest
    /// `enable.auto.commit`.
    public var enableAutoCommit = true
    /// `auto.commit.interval.ms`.
    public var autoCommitInterval: Duration = .milliseconds(5000)
    /// `fetch.min.bytes`.
    public var fetchMinBytes = 1
    /// `fetch.max.bytes`.
    public var fetchMaxBytes = 52_428_800
    /// `fetch.max.wait.ms`.
    public var fetchMaxWait: Duration = .milliseconds(500)
    /// `max.partition.fetch.bytes`.
    public var maxPartitionFetchBytes = 1_048_576
    /// `max.poll.records`.
    public var maxPollRecords = 500
    /// `isolation.level`.
    public var isolationLevel = IsolationLevel.readUncommitted
    /// `request.timeout.ms`.
    public var requestTimeout: Duration = .milliseconds(30_000)
    /// `retry.backoff.ms`.
    public var retryBackoff: Duration = .milliseconds(100)
    /// `metadata.max.age.ms`.
    public var metadataMaxAge: Duration = .milliseconds(300_000)

    public init(bootstrap: [BrokerID], groupID: String? = nil) {
        self.bootstrap = bootstrap
        self.groupID = groupID
    }

    /// The assignors named in `partitionAssignmentStrategy`, in preference order.
    public var assignors: [any PartitionAssignor] { partitionAssignmentStrategy.compactMap(Assignors.named) }

    /// The protocol the member follows before the group picks an assignor: COOPERATIVE only when
    /// every configured assignor supports it, as Kafka's `ConsumerCoordinator` decides.
    public var rebalanceProtocol: RebalanceProtocol {
        assignors.allSatisfy { $0.rebalanceProtocol == .cooperative } ? .cooperative : .eager
    }

    /// Refuses what Kafka refuses: unknown assignors, a heartbeat interval not below the session
    /// timeout, and empty or non-positive limits.
    public func validate() throws(ConsumerConfigError) {
        guard !bootstrap.isEmpty else { throw .invalidValue("bootstrap.servers must name at least one broker") }
        guard !partitionAssignmentStrategy.isEmpty else {
            throw .invalidValue("partition.assignment.strategy must name at least one assignor")
        }
        for name in partitionAssignmentStrategy where Assignors.named(name) == nil {
            throw .invalidValue("partition.assignment.strategy names unknown assignor \(name)")
        }
        guard heartbeatInterval < sessionTimeout else {
            throw .invalidValue(
                "heartbeat.interval.ms (\(heartbeatInterval)) must be lower than session.timeout.ms (\(sessionTimeout))"
            )
        }
        guard maxPollRecords > 0, fetchMaxBytes > 0, maxPartitionFetchBytes > 0, fetchMinBytes >= 0 else {
            throw .invalidValue("max.poll.records, fetch.max.bytes and max.partition.fetch.bytes must be positive")
        }
        if groupInstanceID != nil && groupID == nil {
            throw .invalidValue("group.instance.id needs a group.id")
        }
    }
}

/// A configuration Kafka's consumer would refuse to start with.
public enum ConsumerConfigError: Error, Hashable, Sendable {
    case invalidValue(String)
}
