import KafkaCore
import KafkaLog

/// A server's settings, by Kafka's names and with Kafka's defaults (`server.properties`).
public struct ServerConfig: Hashable, Sendable {
    /// `controller.quorum.voters`: the servers that run a controller (combined mode: they are
    /// brokers too). Every server runs a broker.
    public var controllerQuorumVoters: [BrokerID]
    public var quorum: QuorumConfig
    /// `broker.heartbeat.interval.ms` (2000).
    public var brokerHeartbeatInterval: Duration = .milliseconds(2000)
    /// `broker.session.timeout.ms` (9000), enforced by the active controller.
    public var brokerSessionTimeout: Duration = .milliseconds(9000)
    /// `replica.lag.time.max.ms` (30000); the shrink check runs every half of it.
    public var replicaLagTimeMax: Duration = .milliseconds(30_000)
    /// `replica.fetch.wait.max.ms` (500).
    public var replicaFetchWaitMax: Duration = .milliseconds(500)
    /// `replica.fetch.min.bytes` (1).
    public var replicaFetchMinBytes: Int = 1
    /// `replica.fetch.max.bytes` (1 MiB), per partition.
    public var replicaFetchMaxBytes: Int = 1_048_576
    /// `replica.fetch.response.max.bytes` (10 MiB).
    public var replicaFetchResponseMaxBytes: Int = 10_485_760
    /// `replica.fetch.backoff.ms` (1000): how long a follower waits after a fetch error.
    public var replicaFetchBackoff: Duration = .milliseconds(1000)
    /// `max.incremental.fetch.session.cache.slots` (1000): fetch sessions a leader keeps.
    public var maxIncrementalFetchSessionCacheSlots = 1000
    /// Kafka's `MIN_INCREMENTAL_FETCH_SESSION_EVICTION_MS` (120000, a constant there, not a config):
    /// how long a fetch session is safe from eviction by a less valuable one.
    public var minIncrementalFetchSessionEviction: Duration = .milliseconds(120_000)
    /// `replica.socket.timeout.ms` (30000): a fetch without an answer for this long is given up.
    public var replicaSocketTimeout: Duration = .milliseconds(30_000)
    /// How long a broker-to-controller request may go unanswered before the broker retries it
    /// or gives up. Kafka's channel uses `request.timeout.ms` (30000) but also learns of a
    /// dead controller from the broken connection at once; the simulated network tells nodes
    /// nothing, so a shorter timeout stands in for that.
    public var controllerRequestTimeout: Duration = .milliseconds(5000)
    /// `retry.backoff.ms` for the broker-to-controller channel.
    public var controllerRetryBackoff: Duration = .milliseconds(100)
    /// `auto.leader.rebalance.enable` (true).
    public var autoLeaderRebalanceEnable = true
    /// `leader.imbalance.check.interval.seconds` (300).
    public var leaderImbalanceCheckInterval: Duration = .seconds(300)
    /// `unclean.leader.election.interval.ms` (300000): retry of leaderless partitions.
    public var uncleanLeaderElectionInterval: Duration = .milliseconds(300_000)
    /// `log.retention.check.interval.ms` (300000).
    public var logRetentionCheckInterval: Duration = .milliseconds(300_000)
    /// `log.flush.offset.checkpoint.interval.ms` (60000): recovery points written.
    public var logFlushOffsetCheckpointInterval: Duration = .milliseconds(60_000)
    /// `replica.high.watermark.checkpoint.interval.ms` (5000): high watermarks written to
    /// `replication-offset-checkpoint`, where a restarted broker finds them.
    public var replicaHighWatermarkCheckpointInterval: Duration = .milliseconds(5000)
    /// `num.partitions` (1) and `default.replication.factor` (1) for CreateTopics defaults.
    public var numPartitions: Int32 = 1
    public var defaultReplicationFactor: Int16 = 1
    /// `min.insync.replicas` (1) and `unclean.leader.election.enable` (false): broker defaults
    /// for topics that do not override them.
    public var minInsyncReplicas: Int32 = 1
    public var uncleanLeaderElectionEnable = false
    /// `offsets.topic.replication.factor` (3; fewer when the cluster has fewer brokers) and
    /// `offsets.topic.segment.bytes` (100 MiB) for `__consumer_offsets`, created on the first
    /// FindCoordinator. Its partition count is `groupCoordinator.offsetsTopicPartitionCount`.
    public var offsetsTopicReplicationFactor: Int16 = 3
    public var offsetsTopicSegmentBytes = 104_857_600
    /// The group coordinator's `group.*` and `offsets.*` settings.
    public var groupCoordinator = GroupCoordinatorConfig()
    /// The broker's log defaults (`log.segment.bytes`, `log.retention.ms`, …).
    public var log = LogConfig()
    /// Test-only, never set by the product: a bug planted on purpose so that a test can prove the
    /// seed sweep finds one. A follower told that its log diverges from the leader's (KIP-279)
    /// ignores it instead of truncating to the leader's epoch end offset, so it never catches up.
    var plantedBugSkipsDivergenceTruncation = false

    public init(controllerQuorumVoters: [BrokerID], quorum: QuorumConfig = QuorumConfig()) {
        self.controllerQuorumVoters = controllerQuorumVoters.sorted()
        self.quorum = quorum
    }

    /// The shrink check period: half of `replica.lag.time.max.ms`.
    public var isrShrinkInterval: Duration { Duration(microseconds: replicaLagTimeMax.microseconds / 2) }
}
