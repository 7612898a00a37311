import KafkaCore
import KafkaLog

extension Broker {
    /// Replays committed metadata records (each at its offset in the metadata log) and acts on
    /// what changed for this broker's replicas (Kafka's `ReplicaManager.applyDelta`).
    func replayMetadata(_ records: [(offset: Offset, record: MetadataRecord)], now: Instant) {
        for entry in records { image.apply(entry.record, offset: entry.offset) }
        // Like Kafka's initial catch-up, the replica manager acts only on metadata at least as
        // new as this incarnation's registration: older records may still name it leader of
        // partitions the controller has since moved away from its previous incarnation.
        guard brokerEpoch >= 0, image.lastAppliedOffset.rawValue >= brokerEpoch else { return }
        let previous = publishedImage ?? MetadataImage()
        guard publishedImage == nil || !records.isEmpty else { return }
        publishedImage = image
        let changes = image.localChanges(since: previous, for: id)
        for change in changes.leaders { makeLeader(change.topicPartition, change.partition, now: now) }
        for change in changes.followers { makeFollower(change.topicPartition, change.partition, now: now) }
        for topicPartition in changes.deleted { stopReplica(topicPartition, now: now) }
        // Liveness changes (a fenced follower, an unfenced one) change who may hold the high
        // watermark back and who may join the ISR.
        for partition in sortedPartitions where partition.isLeader {
            maybeIncrementHighWatermark(partition, now: now)
        }
    }

    /// The partition's replica here, its log opened (or created) and its producer state
    /// rebuilt from the log; `nil` when the log cannot be opened (the error becomes a notice).
    func replica(_ topicPartition: TopicPartition, now: Instant) -> Partition? {
        if let existing = partitions[topicPartition] { return existing }
        let logConfig = image.topics[topicPartition.topic]?.config.logConfig(base: config.log) ?? config.log
        do {
            let log = try logs.getOrCreateLog(topicPartition, config: logConfig, now: now)
            if log.config != logConfig { log.updateConfig(logConfig) }
            let producers = try ProducerStateManager.rebuild(from: log)
            let partition = Partition(topicPartition: topicPartition, log: log, producers: producers)
            if let checkpointed = checkpointedHighWatermarks[topicPartition] {
                partition.highWatermark = min(max(checkpointed, log.logStartOffset), log.logEndOffset)
            }
            partitions[topicPartition] = partition
            return partition
        } catch {
            notice("\(topicPartition): cannot open the log: \(error)")
            return nil
        }
    }

    private func adopt(_ registration: PartitionRegistration, into partition: Partition) {
        partition.replicas = registration.replicas
        partition.isr = registration.isr
        partition.leader = registration.leader
        partition.leaderEpoch = registration.leaderEpoch
        partition.partitionEpoch = registration.partitionEpoch
        partition.leaderRecoveryState = registration.leaderRecoveryState
        let minInsync = Int(image.topics[partition.topicPartition.topic]?.config.minInsyncReplicas ?? 1)
        partition.effectiveMinIsr = max(1, min(minInsync, registration.replicas.count))
    }

    /// Becomes (or stays) the leader. A new epoch starts at the log end offset and the log is
    /// never truncated; the same epoch only refreshes the ISR.
    func makeLeader(_ topicPartition: TopicPartition, _ registration: PartitionRegistration, now: Instant) {
        guard let partition = replica(topicPartition, now: now) else { return }
        let continuing = partition.isLeader && partition.leaderEpoch == registration.leaderEpoch
        adopt(registration, into: partition)
        partition.pendingIsr = nil
        if !continuing {
            stopFetching(topicPartition)
            let start = partition.logEndOffset
            do {
                try partition.log.assignEpoch(registration.leaderEpoch, startOffset: start)
            } catch {
                notice("\(topicPartition): cannot record leader epoch \(registration.leaderEpoch): \(error)")
            }
            let remotes = registration.replicas.filter { $0 != id }.map {
                RemoteReplica(broker: $0, inSync: registration.isr.contains($0), now: now)
            }
            partition.role = .leader(PartitionLeadership(epochStartOffset: start, remotes: remotes))
            if topicPartition.topic == Self.offsetsTopic { startCoordinator(topicPartition.partition, now: now) }
            if registration.leaderRecoveryState == .recovering {
                // An unclean election: the new leader's log is the truth now; say so, so the
                // ISR may grow again (KIP-704).
                proposeIsr(partition, [id], recoveryState: .recovered, isExpand: false, now: now)
            }
        } else if case .leader(let state) = partition.role {
            let known = state.remotes.map(\.broker)
            for broker in registration.replicas where broker != id && !known.contains(broker) {
                state.append(RemoteReplica(broker: broker, inSync: false, now: now))
            }
            state.removeRemotes(notIn: registration.replicas)
        }
        maybeIncrementHighWatermark(partition, now: now)
        completeDelayedProduces(for: topicPartition, now: now)
    }

    /// Follows `registration.leader` (or waits for one): produce requests waiting here fail,
    /// and fetching starts; truncation comes from the leader's divergence answer.
    func makeFollower(_ topicPartition: TopicPartition, _ registration: PartitionRegistration, now: Instant) {
        guard let partition = replica(topicPartition, now: now) else { return }
        let wasLeader = partition.isLeader
        adopt(registration, into: partition)
        partition.pendingIsr = nil
        let leader: BrokerID? = registration.hasLeader ? registration.leader : nil
        partition.role = .follower(leader: leader, retryAt: nil)
        stopFetching(topicPartition)
        if let leader { startFetching(topicPartition, from: leader) }
        if wasLeader {
            if topicPartition.topic == Self.offsetsTopic { stopCoordinator(topicPartition.partition, now: now) }
            completeDelayedProduces(for: topicPartition, now: now)
            completeDelayedFetches(touching: topicPartition, now: now)
        }
    }

    /// No longer a replica: stop serving and delete the log.
    func stopReplica(_ topicPartition: TopicPartition, now: Instant) {
        guard let partition = partitions.removeValue(forKey: topicPartition) else { return }
        stopFetching(topicPartition)
        partition.role = .none
        if topicPartition.topic == Self.offsetsTopic { stopCoordinator(topicPartition.partition, now: now) }
        completeDelayedProduces(for: topicPartition, now: now)
        do {
            try logs.deleteLog(topicPartition)
        } catch {
            notice("\(topicPartition): cannot delete the log: \(error)")
        }
    }

    func startFetching(_ topicPartition: TopicPartition, from leader: BrokerID) {
        if let fetcher = replicaFetcher(for: leader) {
            fetcher.add(topicPartition)
            return
        }
        let fetcher = ReplicaFetcher(leader: leader)
        fetcher.add(topicPartition)
        let index = replicaFetchers.firstIndex { $0.leader > leader } ?? replicaFetchers.count
        replicaFetchers.insert(fetcher, at: index)
    }

    func stopFetching(_ topicPartition: TopicPartition) {
        for fetcher in replicaFetchers { fetcher.remove(topicPartition) }
    }

    /// The fetcher for `leader`, if this broker ever fetched from it.
    func replicaFetcher(for leader: BrokerID) -> ReplicaFetcher? {
        replicaFetchers.first { $0.leader == leader }
    }
}
