import KafkaLog
import Testing

@Suite struct LogConfigTests {
    @Test("defaults are Kafka's topic-level defaults")
    func defaults() {
        let config = LogConfig()
        #expect(config.segmentBytes == 1_073_741_824)
        #expect(config.retentionMilliseconds == 604_800_000)
        #expect(config.retentionBytes == -1)
        #expect(config.indexIntervalBytes == 4096)
        #expect(config.cleanupPolicy == .delete)
        #expect(config.minCleanableDirtyRatio == 0.5)
        #expect(config.messageTimestampType == .createTime)
        #expect(config.messageTimestampAfterMaxMilliseconds == 3_600_000)
        #expect(config.flushMessages == Int64.max && config.flushMilliseconds == Int64.max)
    }

    @Test("compacted topics roll by max.compaction.lag.ms when it is below segment.ms")
    func maxSegmentMilliseconds() {
        var config = LogConfig()
        config.maxCompactionLagMilliseconds = 1000
        #expect(config.maxSegmentMilliseconds == 604_800_000)
        config.cleanupPolicy = .compact
        #expect(config.maxSegmentMilliseconds == 1000)
    }

    @Test("cleanup policies say whether they delete and whether they compact")
    func policies() {
        #expect(LogConfig.CleanupPolicy.delete.deletes && !LogConfig.CleanupPolicy.delete.compacts)
        #expect(!LogConfig.CleanupPolicy.compact.deletes && LogConfig.CleanupPolicy.compact.compacts)
        #expect(LogConfig.CleanupPolicy.compactDelete.deletes && LogConfig.CleanupPolicy.compactDelete.compacts)
        #expect(LogConfig.CleanupPolicy(rawValue: "compact,delete") == .compactDelete)
    }
}
