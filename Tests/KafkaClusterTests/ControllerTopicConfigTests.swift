import KafkaCluster
import KafkaCore
import KafkaLog
import Testing

@Suite struct ControllerTopicConfigTests {
    @Test("the default topic config carries Kafka's defaults, the same as LogConfig's")
    func defaults() {
        let config = TopicConfig()
        #expect(config.minInsyncReplicas == 1)
        #expect(config.uncleanLeaderElectionEnable == false)
        #expect(config.cleanupPolicy == .delete)
        #expect(config.retentionMilliseconds == 604_800_000)
        #expect(config.retentionBytes == -1)
        #expect(config.segmentBytes == 1_073_741_824)
        #expect(config.maxMessageBytes == 1_048_588)
        #expect(config.minCompactionLagMilliseconds == 0)
        #expect(config.deleteRetentionMilliseconds == 86_400_000)
        #expect(config.segmentMilliseconds == 604_800_000)
        #expect(config.invalidReason == nil)
        #expect(config.logConfig(base: LogConfig()) == LogConfig())
    }

    @Test("logConfig overlays every topic log setting and keeps the broker's others")
    func overlay() {
        var base = LogConfig()
        base.segmentIndexBytes = 1024
        base.flushMessages = 7
        base.retentionMilliseconds = 1
        let topic = TopicConfig(
            cleanupPolicy: .compact, retentionMilliseconds: -1, retentionBytes: 10_000, segmentBytes: 2048,
            maxMessageBytes: 100, minCompactionLagMilliseconds: 5, deleteRetentionMilliseconds: 6,
            segmentMilliseconds: 7)
        let merged = topic.logConfig(base: base)
        var expected = base
        expected.cleanupPolicy = .compact
        expected.retentionMilliseconds = -1
        expected.retentionBytes = 10_000
        expected.segmentBytes = 2048
        expected.maxMessageBytes = 100
        expected.minCompactionLagMilliseconds = 5
        expected.deleteRetentionMilliseconds = 6
        expected.segmentMilliseconds = 7
        #expect(merged == expected)
        #expect(merged.segmentIndexBytes == 1024)
        #expect(merged.flushMessages == 7)
    }

    static let invalid: [(TopicConfig, String)] = [
        (TopicConfig(minInsyncReplicas: 0), "min.insync.replicas must be at least 1, got 0"),
        (TopicConfig(retentionMilliseconds: -2), "retention.ms must be at least -1, got -2"),
        (TopicConfig(retentionBytes: -5), "retention.bytes must be at least -1, got -5"),
        (TopicConfig(segmentBytes: -1), "segment.bytes must be positive, got -1"),
        (TopicConfig(segmentBytes: 0), "segment.bytes must be positive, got 0"),
        (TopicConfig(maxMessageBytes: -1), "max.message.bytes must not be negative, got -1"),
        (TopicConfig(minCompactionLagMilliseconds: -1), "min.compaction.lag.ms must not be negative, got -1"),
        (TopicConfig(deleteRetentionMilliseconds: -1), "delete.retention.ms must not be negative, got -1"),
        (TopicConfig(segmentMilliseconds: 0), "segment.ms must be at least 1, got 0"),
    ]

    @Test("createTopic refuses out-of-range configs with INVALID_CONFIG and writes nothing", arguments: invalid)
    func refused(config: TopicConfig, reason: String) {
        #expect(config.invalidReason == reason)
        var harness = ControllerHarness()
        harness.startBrokers(3)
        let before = harness.image
        let result = harness.controller.createTopic(
            CreateTopicRequest(name: "t", partitions: 2, replicationFactor: 2, config: config))
        #expect(result.response == .invalidConfig)
        #expect(result.records.isEmpty)
        #expect(harness.image == before)
    }

    @Test("the edges of each range are accepted: retention -1, one-byte segments, no size limits")
    func edges() {
        var harness = ControllerHarness()
        harness.startBrokers(1)
        let config = TopicConfig(
            retentionMilliseconds: -1, retentionBytes: -1, segmentBytes: 1, maxMessageBytes: 0,
            segmentMilliseconds: 1)
        #expect(config.invalidReason == nil)
        #expect(harness.createTopic("t", partitions: 1, replicationFactor: 1, config: config) == .none)
    }

    @Test("a created topic's config reaches the image and survives encoding and replay")
    func replayed() throws {
        var harness = ControllerHarness()
        harness.startBrokers(2)
        let config = TopicConfig(
            minInsyncReplicas: 2, cleanupPolicy: .compactDelete, retentionBytes: 1 << 30, segmentBytes: 1 << 20,
            deleteRetentionMilliseconds: 1000)
        #expect(harness.createTopic("t", partitions: 3, replicationFactor: 2, config: config) == .none)
        #expect(harness.image.topics["t"]?.config == config)
        var decoded = MetadataImage()
        for record in harness.log { decoded.apply([try MetadataRecord(decoding: record.encoded())]) }
        #expect(decoded == harness.image)
        #expect(decoded.topics["t"]?.config.logConfig(base: LogConfig()).cleanupPolicy == .compactDelete)
    }
}
