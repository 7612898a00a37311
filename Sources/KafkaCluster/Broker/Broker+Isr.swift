import KafkaCore
import KafkaLog

extension Broker {
    /// A follower fetched at `fetchOffset`: the leader learns its log end offset only now, then
    /// tries to add it to the ISR and, when that log end offset moved, to move the high
    /// watermark (Kafka's `Partition.updateFollowerFetchState`: an incremental fetch session
    /// reads every partition of the session on every fetch, most of them unchanged).
    ///
    /// `inIsr` when the caller knows that `replica` is in the committed ISR (then there is
    /// nothing for `maybeExpandIsr` to do, and its look at the ISR is spared). `serving` is the
    /// `QuietFetchClock` of the fetch session being served, if any: a remote that leaves another
    /// clock breaks the partition's read memos (see `QuietFetchClock`). `generation`, when given,
    /// is a partition table generation at which `partition` was the table's replica of its topic
    /// partition (see `maybeIncrementHighWatermark`).
    func followerFetched(
        _ partition: Partition, replica: BrokerID, fetchOffset: Offset, leaderLogEndOffset: Offset,
        brokerEpoch: Int64, inIsr: Bool = false, serving: QuietFetchClock? = nil, resolvedAt generation: UInt64? = nil,
        now: Instant
    ) {
        guard let state = partition.leaderState else { return }
        let fetched = state.fetched(
            replica, at: fetchOffset, leaderLogEndOffset: leaderLogEndOffset, brokerEpoch: brokerEpoch, now: now,
            serving: serving)
        if fetched?.leftOtherClock == true { partition.invalidateReadMemos() }
        // A replica this leader does not track counts as moved from no offset.
        let moved = fetched?.moved ?? (fetchOffset != .none)
        if !inIsr { maybeExpandIsr(partition, replica: replica, now: now) }
        if moved { maybeIncrementHighWatermark(partition, resolvedAt: generation, now: now) }
    }

    /// Whether `broker` may be in an ISR (KIP-841, KIP-903): registered, unfenced, not shutting
    /// down, and fetching with the broker epoch the metadata has for it.
    func isIsrEligible(_ broker: BrokerID, fetchedWith brokerEpoch: Int64) -> Bool {
        guard let registration = image.brokers[broker], registration.isActive else { return false }
        return brokerEpoch < 0 || registration.epoch == brokerEpoch
    }

    /// Kafka's `maybeExpandIsr`: a follower outside the ISR joins (through AlterPartition) once
    /// its log end offset reaches the high watermark and this epoch's start offset.
    func maybeExpandIsr(_ partition: Partition, replica: BrokerID, now: Instant) {
        // The cheap refusals first: nearly every fetch comes from an ISR member.
        guard !partition.isr.contains(replica), partition.pendingIsr == nil,
            partition.leaderRecoveryState == .recovered, case .leader(let state) = partition.role,
            let remote = state.remote(replica),
            remote.logEndOffset >= partition.highWatermark, remote.logEndOffset >= state.epochStartOffset,
            isIsrEligible(replica, fetchedWith: remote.brokerEpoch)
        else { return }
        proposeIsr(partition, partition.isr + [replica], recoveryState: .recovered, isExpand: true, now: now)
    }

    /// The high watermark rule (`Partition.maybeIncrementLeaderHW`, §2.4 of the reference):
    /// nothing moves while the committed ISR is below the effective minimum; otherwise the
    /// smallest log end offset among the maximal ISR and caught-up eligible replicas, and never
    /// down. Moving it answers delayed produces and parked consumer fetches.
    ///
    /// `generation`, when given, is a partition table generation at which `partition` was the
    /// table's replica of its topic partition: while the table is still there, the parked
    /// fetches are tried without looking the partition up again (`ResolvedReplica`).
    func maybeIncrementHighWatermark(_ partition: Partition, resolvedAt generation: UInt64? = nil, now: Instant) {
        guard let state = partition.leaderState, partition.isr.count >= partition.effectiveMinIsr else { return }
        let leaderLogEndOffset = partition.logEndOffset
        var candidate = leaderLogEndOffset
        for index in 0..<state.remoteCount {
            let remote = state.remote(at: index)
            guard remote.logEndOffset < candidate else { continue }
            // In `maximalIsr` (the ISR and any member being added), without building it.
            let holds =
                partition.isr.contains(remote.broker) || partition.pendingIsr?.isr.contains(remote.broker) == true
                || (remote.isCaughtUp(
                    leaderLogEndOffset: leaderLogEndOffset, now: now, replicaLagTimeMax: config.replicaLagTimeMax)
                    && isIsrEligible(remote.broker, fetchedWith: remote.brokerEpoch))
            if holds { candidate = remote.logEndOffset }
        }
        guard candidate > partition.highWatermark else { return }
        partition.highWatermark = candidate
        completeDelayedProduces(for: partition.topicPartition, now: now)
        completeCoordinatorWrites(for: partition.topicPartition, now: now)
        if let generation {
            completeDelayedFetches(touching: ResolvedReplica(partition: partition, generation: generation), now: now)
        } else {
            completeDelayedFetches(touching: partition.topicPartition, now: now)
        }
    }

    /// Kafka's `maybeShrinkIsr`, every `replica.lag.time.max.ms / 2`: followers that are neither
    /// at the leader's end nor caught up within `replica.lag.time.max.ms` leave the ISR.
    func maybeShrinkIsrs(now: Instant) {
        for partition in sortedPartitions {
            guard case .leader(let state) = partition.role, partition.pendingIsr == nil else { continue }
            let leaderLogEndOffset = partition.logEndOffset
            let lagging = partition.isr.filter { member in
                guard member != id, let remote = state.remote(member) else { return false }
                return !remote.isCaughtUp(
                    leaderLogEndOffset: leaderLogEndOffset, now: now, replicaLagTimeMax: config.replicaLagTimeMax)
            }
            guard !lagging.isEmpty else { continue }
            let newIsr = partition.isr.filter { !lagging.contains($0) }
            proposeIsr(partition, newIsr, recoveryState: partition.leaderRecoveryState, isExpand: false, now: now)
        }
    }

    /// Sends an AlterPartition for `partition`; until the controller answers, `pendingIsr` holds
    /// it and no other change is proposed.
    func proposeIsr(
        _ partition: Partition, _ newIsr: [BrokerID], recoveryState: LeaderRecoveryState, isExpand: Bool, now: Instant
    ) {
        let request = AlterPartitionRequest(
            brokerID: id, brokerEpoch: brokerEpoch, topicPartition: partition.topicPartition,
            leaderEpoch: partition.leaderEpoch, partitionEpoch: partition.partitionEpoch, newIsr: newIsr,
            leaderRecoveryState: recoveryState)
        partition.pendingIsr = PendingIsrChange(
            isr: newIsr, leaderRecoveryState: recoveryState, requestID: nil, isExpand: isExpand)
        callController(
            .alterPartition(request), purpose: .alterPartition(partition.topicPartition), controller: activeController,
            now: now)
    }

    /// The controller's verdict on an ISR proposal: a committed change replaces the ISR (if the
    /// metadata has not brought it already); a refusal drops the proposal, and the next check
    /// proposes again from the state metadata brings.
    func alterPartitionAnswered(
        _ topicPartition: TopicPartition, _ answer: AlterPartitionResponse, now: Instant
    ) {
        guard let partition = partitions[topicPartition], partition.isLeader, partition.pendingIsr != nil else {
            return
        }
        partition.pendingIsr = nil
        if answer.error == .none, let registration = answer.partition,
            registration.leaderEpoch == partition.leaderEpoch, registration.partitionEpoch > partition.partitionEpoch
        {
            partition.isr = registration.isr
            partition.partitionEpoch = registration.partitionEpoch
            partition.leaderRecoveryState = registration.leaderRecoveryState
        }
        maybeIncrementHighWatermark(partition, now: now)
        completeDelayedProduces(for: topicPartition, now: now)
    }
}
