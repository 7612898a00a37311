import KafkaCore
import Testing

@testable import KafkaLog

@Suite struct LogManagerTests {
    let brokerDirectory: StoragePath = "broker-1"
    let orders0 = TopicPartition("orders", 0)
    let events3 = TopicPartition("order-events", 3)

    func open(_ storage: SimulatedLogStorage) throws -> (LogManager, [RecoveryReport]) {
        try LogManager.open(storage: storage, directory: brokerDirectory, now: instant()) { _ in smallConfig() }
    }

    @Test("partition directories are <topic>-<partition>, with dashes allowed in the topic")
    func directoryNames() {
        #expect(PartitionDirectoryName.name(of: events3) == "order-events-3")
        #expect(PartitionDirectoryName.parse("order-events-3") == events3)
        #expect(PartitionDirectoryName.parse("orders-0") == orders0)
        #expect(PartitionDirectoryName.parse("orders--1") == TopicPartition("orders-", 1))
        for bad in ["orders", "orders-", "-3", "orders-x", "orders-3-delete", "orders-٣", "lost+found-1", "a b-0"] {
            #expect(PartitionDirectoryName.parse(bad) == nil, "\(bad) parsed")
        }
    }

    @Test("logs come back after a clean shutdown, with their data, and skip recovery")
    func cleanRestart() throws {
        let storage = SimulatedLogStorage()
        let (manager, reports) = try open(storage)
        #expect(reports.isEmpty)
        for topicPartition in [orders0, events3] {
            let log = try manager.getOrCreateLog(topicPartition, config: smallConfig(), now: instant())
            for _ in 0..<5 {
                _ = try log.appendAsLeader([producerBatch()], leaderEpoch: LeaderEpoch(0), now: instant())
            }
        }
        try manager.shutdown(now: instant())
        let (reopened, again) = try open(storage)
        #expect(reopened.topicPartitions == [events3, orders0])
        #expect(again.allSatisfy { $0.hadCleanShutdown })
        #expect(reopened.log(for: orders0)?.logEndOffset == Offset(15))
        #expect(reopened.checkpointWarnings.isEmpty)
    }

    @Test("the recovery point checkpoint limits recovery after a power loss to what was not flushed")
    func recoveryPointCheckpoint() throws {
        let storage = SimulatedLogStorage()
        let (manager, _) = try open(storage)
        let log = try manager.getOrCreateLog(orders0, config: smallConfig(segmentBytes: 400), now: instant())
        for _ in 0..<12 { _ = try log.appendAsLeader([producerBatch()], leaderEpoch: LeaderEpoch(0), now: instant()) }
        try log.flush(now: instant())
        let flushedEnd = log.logEndOffset
        try manager.checkpoint()
        for _ in 0..<3 { _ = try log.appendAsLeader([producerBatch()], leaderEpoch: LeaderEpoch(0), now: instant()) }
        storage.crash(.powerLoss())
        let (reopened, reports) = try open(storage)
        let report = try #require(reports.first)
        #expect(report.recoveryPoint == flushedEnd)
        #expect(report.segmentCount > 1)
        #expect(report.recoveredSegments.allSatisfy { $0.baseOffset >= Offset(0) })
        #expect(report.recoveredSegments.count < report.segmentCount, "recovery scanned flushed segments: \(report)")
        #expect(reopened.log(for: orders0)?.logEndOffset == flushedEnd)
    }

    @Test("a malformed checkpoint is ignored with a warning and every log is recovered from its start")
    func malformedCheckpoint() throws {
        let storage = SimulatedLogStorage()
        let (manager, _) = try open(storage)
        let log = try manager.getOrCreateLog(orders0, config: smallConfig(), now: instant())
        _ = try log.appendAsLeader([producerBatch()], leaderEpoch: LeaderEpoch(0), now: instant())
        try log.flush(now: instant())
        try storage.writeWholeFileAtomically(
            brokerDirectory.appending(OffsetCheckpointFile.recoveryPointFileName),
            contents: Array("0\n2\norders 0 3\n".utf8))
        storage.crash(.processKill)
        let (reopened, reports) = try open(storage)
        #expect(reopened.checkpointWarnings.count == 1)
        #expect(reopened.checkpointWarnings.first?.contains("recovery-point-offset-checkpoint") == true)
        let report = try #require(reports.first)
        #expect(!report.hadCleanShutdown)
        #expect(report.recoveredSegments.count == report.segmentCount, "not every segment was recovered: \(report)")
        #expect(reopened.log(for: orders0)?.logEndOffset == Offset(3))
    }

    @Test("a deleted log's directory is gone, and a deletion cut short by a crash is finished on open")
    func deletion() throws {
        let storage = SimulatedLogStorage()
        let (manager, _) = try open(storage)
        _ = try manager.getOrCreateLog(orders0, config: smallConfig(), now: instant())
        _ = try manager.getOrCreateLog(events3, config: smallConfig(), now: instant())
        try manager.deleteLog(orders0)
        #expect(manager.topicPartitions == [events3])
        #expect(try storage.itemKind(at: brokerDirectory.appending("orders-0")) == nil)
        try storage.createDirectory(brokerDirectory.appending("order-events-3-delete"))
        try storage.createDirectory(brokerDirectory.appending("lost+found"))
        let (reopened, _) = try open(storage)
        #expect(reopened.topicPartitions == [events3])
        #expect(try storage.itemKind(at: brokerDirectory.appending("order-events-3-delete")) == nil)
        #expect(try storage.itemKind(at: brokerDirectory.appending("lost+found")) == .directory)
    }

    @Test("logs stay in partition order however they are created, deleted and reopened")
    func orderOfLogs() throws {
        let storage = SimulatedLogStorage()
        let (manager, _) = try open(storage)
        let created = [orders0, TopicPartition("a", 2), events3, TopicPartition("orders", 1), TopicPartition("a", 1)]
        var logs: [TopicPartition: PartitionLog] = [:]
        for topicPartition in created {
            logs[topicPartition] = try manager.getOrCreateLog(topicPartition, config: smallConfig(), now: instant())
        }
        #expect(manager.topicPartitions == created.sorted())
        #expect(try manager.getOrCreateLog(events3, config: smallConfig(), now: instant()) === logs[events3])
        #expect(manager.topicPartitions == created.sorted())
        try manager.deleteLog(TopicPartition("a", 2))
        try manager.deleteLog(TopicPartition("nothing", 0))
        let kept = [TopicPartition("a", 1), events3, orders0, TopicPartition("orders", 1)]
        #expect(manager.topicPartitions == kept)
        for topicPartition in kept { #expect(manager.log(for: topicPartition) === logs[topicPartition]) }
        try manager.shutdown(now: instant())
        try storage.createDirectory(brokerDirectory.appending("orders-01"))
        let (reopened, _) = try open(storage)
        #expect(reopened.topicPartitions == kept)
        try reopened.deleteLog(orders0)
        #expect(reopened.topicPartitions == [TopicPartition("a", 1), events3, TopicPartition("orders", 1)])
    }
}
