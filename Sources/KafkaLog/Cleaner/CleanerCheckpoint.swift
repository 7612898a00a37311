import KafkaCore

/// The log's first dirty offset, persisted as Kafka's `cleaner-offset-checkpoint` (one entry, in
/// the partition directory rather than per log directory), so a reopened log does not re-clean
/// from the start. A missing or out-of-range value means the log start offset.
struct CleanerCheckpoint {
    let file: OffsetCheckpointFile
    let topicPartition: TopicPartition

    init(_ log: PartitionLog) {
        file = OffsetCheckpointFile(
            storage: log.storage, path: log.directory.appending(OffsetCheckpointFile.cleanerFileName))
        topicPartition = log.topicPartition
    }

    /// The checkpointed first dirty offset, clamped to `[logStartOffset, logEndOffset]` (a
    /// truncation or a log start offset move makes an old value meaningless).
    func firstDirtyOffset(of log: PartitionLog) throws(LogError) -> Offset {
        let stored: Offset?
        do {
            stored = try file.read()[topicPartition]
        } catch {
            throw .checkpoint(error)
        }
        guard let stored, stored >= log.logStartOffset, stored <= log.logEndOffset else { return log.logStartOffset }
        return stored
    }

    func write(_ offset: Offset) throws(LogError) {
        do {
            try file.write([topicPartition: offset])
        } catch {
            throw .storage(error)
        }
    }
}
