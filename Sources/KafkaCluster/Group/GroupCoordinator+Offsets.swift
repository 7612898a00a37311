import KafkaCore

extension GroupCoordinator {
    /// OffsetCommit (Kafka's `ClassicGroup.validateOffsetCommit`): generation `-1` with no
    /// member id is allowed while the group is Empty (or unknown: a standalone group is made);
    /// otherwise the member must exist in the current generation, and not while the group is
    /// CompletingRebalance. Accepted offsets are applied and written as records; the answer is
    /// durable (sent once the records are committed). Commits may go backwards.
    public mutating func handleOffsetCommit(
        _ request: OffsetCommitRequest, token: GroupRequestToken, now: Instant
    )
        -> GroupResult
    {
        var result = GroupResult()
        func answer(_ error: (OffsetCommitPartition) -> KafkaError) -> OffsetCommitResponse {
            OffsetCommitResponse(
                partitions: request.partitions.map {
                    OffsetCommitPartitionResponse($0.topicPartition, error: error($0))
                })
        }
        if let error = availabilityError(for: request.groupID) ?? commitError(request) {
            result.respond(token, .offsetCommit(answer { _ in error }))
            return result
        }
        var group = groups[request.groupID] ?? ClassicGroup(groupID: request.groupID, now: now)
        if let index = group.index(of: request.memberID) {
            // A commit from a member counts as a sign of life, as in Kafka.
            group.members[index].sessionDeadline = now + group.members[index].sessionTimeout
        }
        for partition in request.partitions where partitionError(partition) == .none {
            let value = OffsetCommitValue(
                committedOffset: partition.committedOffset, committedLeaderEpoch: partition.committedLeaderEpoch,
                metadata: partition.metadata ?? "", commitTimestampMilliseconds: now.milliseconds)
            group.offsets[partition.topicPartition] = value
            result.records.append(
                .offsetCommit(
                    OffsetCommitKey(groupID: request.groupID, topicPartition: partition.topicPartition), value))
        }
        groups[request.groupID] = group
        let response = GroupResponse.offsetCommit(answer(partitionError))
        if result.records.isEmpty {
            result.respond(token, response)
        } else {
            result.respondWhenDurable(token, response)
        }
        return result
    }

    private func partitionError(_ partition: OffsetCommitPartition) -> KafkaError {
        (partition.metadata?.utf8.count ?? 0) > config.offsetMetadataMaxBytes ? .offsetMetadataTooLarge : .none
    }

    /// Why the whole commit is refused, if it is.
    private func commitError(_ request: OffsetCommitRequest) -> KafkaError? {
        // Record keys hold the group and topic as Kafka STRINGs (at most 32767 bytes).
        let limit = Int(Int16.max)
        guard request.partitions.allSatisfy({ $0.topicPartition.topic.utf8.count <= limit }) else {
            return .invalidRequest
        }
        guard let group = groups[request.groupID] else {
            return request.generationID < 0 ? nil : .illegalGeneration
        }
        if request.generationID < 0 && request.memberID.isEmpty && request.groupInstanceID == nil {
            return group.state == .empty ? nil : .unknownMemberID
        }
        if let error = Self.memberError(request.memberID, instanceID: request.groupInstanceID, in: group) {
            return error
        }
        guard request.generationID == group.generation else { return .illegalGeneration }
        return group.state == .completingRebalance ? .rebalanceInProgress : nil
    }

    /// OffsetFetch: the committed offsets, `-1` for partitions without one; all of the group's
    /// partitions (sorted) when none are named.
    public func handleOffsetFetch(_ request: OffsetFetchRequest) -> OffsetFetchResponse {
        if let error = availabilityError(for: request.groupID) { return OffsetFetchResponse(error: error) }
        let offsets = groups[request.groupID]?.offsets ?? [:]
        let partitions = request.partitions ?? offsets.keys.sorted()
        return OffsetFetchResponse(
            error: .none,
            partitions: partitions.map { topicPartition in
                guard let value = offsets[topicPartition] else { return OffsetFetchPartitionResponse(topicPartition) }
                return OffsetFetchPartitionResponse(
                    topicPartition, committedOffset: value.committedOffset,
                    committedLeaderEpoch: value.committedLeaderEpoch, metadata: value.metadata)
            })
    }

    /// Tombstones expired offsets (KIP-211) and deletes groups left Empty without offsets.
    ///
    /// A group managed by the protocol expires all its offsets together, `offsets.retention`
    /// after it became Empty; a standalone group (commits only) expires each offset
    /// `offsets.retention` after its commit. Offsets of non-Empty groups never expire here
    /// (Kafka also expires a consumer group's offsets for topics it no longer subscribes to;
    /// that needs the subscription format and is not modelled).
    mutating func expireOffsets(now: Instant, result: inout GroupResult) {
        for groupID in sortedGroupIDs {
            guard var group = groups[groupID], group.state == .empty else { continue }
            let expired = group.offsets.keys.sorted().filter { topicPartition in
                guard group.protocolType == nil, let value = group.offsets[topicPartition] else {
                    return group.stateEnteredAt + config.offsetsRetention <= now
                }
                return Instant(microseconds: value.commitTimestampMilliseconds * 1000) + config.offsetsRetention <= now
            }
            for topicPartition in expired {
                group.offsets[topicPartition] = nil
                result.records.append(
                    .offsetCommit(OffsetCommitKey(groupID: groupID, topicPartition: topicPartition), nil))
            }
            if group.offsets.isEmpty && group.pendingMembers.isEmpty {
                group.transition(to: .dead, now: now)
                result.records.append(.groupMetadata(groupID: groupID, nil))
                groups[groupID] = nil
            } else {
                groups[groupID] = group
            }
        }
    }
}
