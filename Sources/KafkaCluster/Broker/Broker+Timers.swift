import KafkaCore
import KafkaLog

extension Broker {
    /// Everything time-driven: the controller channel, heartbeats, replica fetches, purgatory
    /// timeouts, the ISR shrink check and log maintenance.
    func tick(now: Instant) {
        guard lifecycle != .starting && lifecycle != .stopped else { return }
        serviceControllerChannel(controller: activeController, now: now)
        heartbeatIfDue(controller: activeController, now: now)
        expireDelayedProduces(now: now)
        expireDelayedFetches(now: now)
        expireReplicaFetches(now: now)
        fetchFromLeaders(now: now)
        if let due = nextIsrShrinkAt, due <= now {
            nextIsrShrinkAt = now + config.isrShrinkInterval
            maybeShrinkIsrs(now: now)
        }
        tickCoordinators(now: now)
        maintainLogs(now: now)
    }

    /// The earliest instant `tick` has work.
    var nextDeadline: Instant? {
        guard lifecycle != .starting && lifecycle != .stopped else { return nil }
        var next = earliest(earliest(controllerChannel.nextDeadline, nextHeartbeatAt), nextIsrShrinkAt)
        next = earliest(earliest(next, nextMaintenanceAt), nextReplicationDeadline)
        next = earliest(next, nextCoordinatorDeadline)
        for delayed in delayedProduces { next = earliest(next, delayed.deadline) }
        for parked in delayedFetches { next = earliest(next, parked.deadline) }
        return next
    }

    /// Scheduled flushes every second; recovery-point checkpoints every
    /// `log.flush.offset.checkpoint.interval.ms`; retention and compaction every
    /// `log.retention.check.interval.ms`.
    func maintainLogs(now: Instant) {
        guard let due = nextMaintenanceAt, due <= now else { return }
        nextMaintenanceAt = now + .seconds(1)
        do {
            try logs.maybeFlush(now: now)
        } catch {
            notice("flush failed: \(error)")
        }
        if let checkpointAt = nextCheckpointAt, checkpointAt <= now {
            nextCheckpointAt = now + config.logFlushOffsetCheckpointInterval
            do {
                try logs.checkpoint()
            } catch {
                notice("checkpoint failed: \(error)")
            }
        }
        if let checkpointAt = nextHighWatermarkCheckpointAt, checkpointAt <= now {
            nextHighWatermarkCheckpointAt = now + config.replicaHighWatermarkCheckpointInterval
            checkpointHighWatermarks()
        }
        if let retentionAt = nextRetentionAt, retentionAt <= now {
            nextRetentionAt = now + config.logRetentionCheckInterval
            applyRetention(now: now)
        }
    }

    /// Writes every replica's high watermark to `replication-offset-checkpoint` (Kafka's
    /// `ReplicaManager.checkpointHighWatermarks`).
    func checkpointHighWatermarks() {
        var offsets: [TopicPartition: Offset] = [:]
        for partition in sortedPartitions where !partition.log.isOffline {
            offsets[partition.topicPartition] = partition.highWatermark
        }
        // Unchanged high watermarks need no new file (and no fsync).
        guard offsets != lastCheckpointedHighWatermarks else { return }
        let file = OffsetCheckpointFile(
            storage: logs.storage, path: logs.directory.appending(OffsetCheckpointFile.replicationFileName))
        do {
            try file.write(offsets)
            lastCheckpointedHighWatermarks = offsets
        } catch {
            notice("cannot write \(OffsetCheckpointFile.replicationFileName): \(error)")
        }
    }

    /// Reads `replication-offset-checkpoint`; a missing file is an empty one, a damaged one a
    /// notice (high watermarks then start at the log start and are relearned from the leader).
    func readHighWatermarkCheckpoint() {
        let file = OffsetCheckpointFile(
            storage: logs.storage, path: logs.directory.appending(OffsetCheckpointFile.replicationFileName))
        do {
            checkpointedHighWatermarks = try file.read()
        } catch {
            notice("ignoring \(OffsetCheckpointFile.replicationFileName): \(error)")
        }
    }

    private func applyRetention(now: Instant) {
        for partition in sortedPartitions where partition.isLeader || partition.highWatermark > .none {
            let log = partition.log
            do {
                if log.config.cleanupPolicy.deletes {
                    _ = try log.applyRetention(now: now, highWatermark: partition.highWatermark)
                }
                if log.config.cleanupPolicy.compacts {
                    _ = try LogCleaner.maybeClean(log, now: now, highWatermark: partition.highWatermark)
                }
            } catch {
                notice("\(partition.topicPartition): retention failed: \(error)")
            }
        }
    }
}
