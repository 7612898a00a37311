import KafkaCore
import KafkaLog

/// The group coordinator on a broker: one `GroupCoordinator` per `__consumer_offsets` partition
/// this broker leads, fed the group requests, its records appended to that partition as
/// `acks=all` writes, loaded from the log on taking leadership and resigned on losing it.
extension Broker {
    static let offsetsTopic = "__consumer_offsets"

    var offsetsPartitionCount: Int32 { config.groupCoordinator.offsetsTopicPartitionCount }

    /// Group requests: FindCoordinator answers from metadata; the rest go to the coordinator of
    /// the group's partition, or get `NOT_COORDINATOR`.
    func handleGroupRequest(_ request: ClientRequest, id: UInt64, from: NodeID, now: Instant) {
        switch request {
        case .findCoordinator(let find):
            reply(.findCoordinator(findCoordinator(find, now: now)), id: id, to: from)
        case .joinGroup(let join):
            withCoordinator(join.groupID, id: id, from: from, now: now) { coordinator, token in
                coordinator.handleJoinGroup(join, token: token, now: now)
            } refused: {
                .joinGroup(JoinGroupResponse(error: $0, memberID: join.memberID))
            }
        case .syncGroup(let sync):
            withCoordinator(sync.groupID, id: id, from: from, now: now) { coordinator, token in
                coordinator.handleSyncGroup(sync, token: token, now: now)
            } refused: {
                .syncGroup(SyncGroupResponse(error: $0))
            }
        case .leaveGroup(let leave):
            withCoordinator(leave.groupID, id: id, from: from, now: now) { coordinator, token in
                coordinator.handleLeaveGroup(leave, token: token, now: now)
            } refused: {
                .leaveGroup(LeaveGroupResponse(error: $0))
            }
        case .offsetCommit(let commit):
            withCoordinator(commit.groupID, id: id, from: from, now: now) { coordinator, token in
                coordinator.handleOffsetCommit(commit, token: token, now: now)
            } refused: { error in
                .offsetCommit(
                    OffsetCommitResponse(
                        partitions: commit.partitions.map {
                            OffsetCommitPartitionResponse($0.topicPartition, error: error)
                        }))
            }
        case .heartbeat(let heartbeat):
            let partition = coordinatorPartition(for: heartbeat.groupID, partitionCount: offsetsPartitionCount)
            guard var coordinator = coordinators[partition] else {
                reply(.heartbeat(HeartbeatResponse(error: .notCoordinator)), id: id, to: from)
                return
            }
            let response = coordinator.handleHeartbeat(heartbeat, now: now)
            coordinators[partition] = coordinator
            reply(.heartbeat(response), id: id, to: from)
        case .offsetFetch(let fetch):
            let partition = coordinatorPartition(for: fetch.groupID, partitionCount: offsetsPartitionCount)
            let response =
                coordinators[partition]?.handleOffsetFetch(fetch) ?? OffsetFetchResponse(error: .notCoordinator)
            reply(.offsetFetch(response), id: id, to: from)
        case .describeGroups(let describe):
            let groups = describe.groupIDs.map { groupID -> DescribedGroup in
                let partition = coordinatorPartition(for: groupID, partitionCount: offsetsPartitionCount)
                guard let coordinator = coordinators[partition] else {
                    return DescribedGroup(error: .notCoordinator, groupID: groupID)
                }
                return coordinator.handleDescribeGroups(DescribeGroupsRequest(groupIDs: [groupID])).groups.first
                    ?? DescribedGroup(error: .notCoordinator, groupID: groupID)
            }
            reply(.describeGroups(DescribeGroupsResponse(groups: groups)), id: id, to: from)
        case .listGroups(let list):
            var listed: [ListedGroup] = []
            for partition in coordinators.keys.sorted() {
                listed += coordinators[partition]?.handleListGroups(list).groups ?? []
            }
            reply(.listGroups(ListGroupsResponse(error: .none, groups: listed)), id: id, to: from)
        default:
            preconditionFailure("\(id): \(request.apiName) is not a group request")
        }
    }

    /// FindCoordinator: the leader of the group's `__consumer_offsets` partition, creating the
    /// topic on first use (`COORDINATOR_NOT_AVAILABLE` until it has a leader).
    private func findCoordinator(_ request: FindCoordinatorRequest, now: Instant) -> FindCoordinatorResponse {
        guard request.keyType == .group else { return FindCoordinatorResponse(error: .coordinatorNotAvailable) }
        guard image.topics[Self.offsetsTopic] != nil else {
            createOffsetsTopic(now: now)
            return FindCoordinatorResponse(error: .coordinatorNotAvailable)
        }
        let partition = coordinatorPartition(for: request.key, partitionCount: offsetsPartitionCount)
        guard let registration = image.partitions[TopicPartition(Self.offsetsTopic, partition)],
            registration.hasLeader, image.isActive(registration.leader)
        else { return FindCoordinatorResponse(error: .coordinatorNotAvailable) }
        return FindCoordinatorResponse(error: .none, coordinator: registration.leader)
    }

    /// Asks the controller for `__consumer_offsets` (compacted, `offsets.topic.*` settings),
    /// once at a time.
    private func createOffsetsTopic(now: Instant) {
        guard
            !controllerChannel.hasCall({
                if case .createTopics(_, let names) = $0 { names == [Self.offsetsTopic] } else { false }
            })
        else { return }
        var topicConfig = topicDefaults
        topicConfig.cleanupPolicy = .compact
        topicConfig.segmentBytes = config.offsetsTopicSegmentBytes
        let live = image.sortedBrokers.filter(\.isActive).count
        let factor = Int16(max(1, min(Int(config.offsetsTopicReplicationFactor), live)))
        let request = CreateTopicRequest(
            name: Self.offsetsTopic, partitions: offsetsPartitionCount, replicationFactor: factor, config: topicConfig)
        callController(
            .createTopics([request]),
            purpose: .createTopics(WaitingRequest(id: 0, from: .broker(id)), names: [Self.offsetsTopic]),
            controller: activeController, now: now)
    }

    /// Runs `body` on the coordinator of `groupID` with a fresh token for this request, or
    /// answers with `refused(NOT_COORDINATOR)`.
    private func withCoordinator(
        _ groupID: String, id: UInt64, from: NodeID, now: Instant,
        _ body: (inout GroupCoordinator, GroupRequestToken) -> GroupResult,
        refused: (KafkaError) -> ClientResponse
    ) {
        let partition = coordinatorPartition(for: groupID, partitionCount: offsetsPartitionCount)
        guard var coordinator = coordinators[partition] else {
            reply(refused(.notCoordinator), id: id, to: from)
            return
        }
        let token = GroupRequestToken(nextGroupToken)
        nextGroupToken &+= 1
        groupRequests[token.rawValue] = WaitingRequest(id: id, from: from)
        let result = body(&coordinator, token)
        coordinators[partition] = coordinator
        apply(result, partition: partition, now: now)
    }

    /// Sends a result's answers, appends its records, and holds its durable answers until the
    /// records commit.
    func apply(_ result: GroupResult, partition: Int32, now: Instant) {
        for reply in result.responses { answer(reply) }
        guard !result.records.isEmpty else {
            precondition(result.durableResponses.isEmpty, "durable answers without records on partition \(partition)")
            return
        }
        let topicPartition = TopicPartition(Self.offsetsTopic, partition)
        let generation = partitions.generation
        guard let replica = partitions[topicPartition], replica.isLeader else {
            for reply in result.durableResponses {
                answer(GroupReply(reply.token, reply.response.failed(with: .notCoordinator)))
            }
            return
        }
        var builder = RecordBatchBuilder()
        for record in result.records {
            builder.append(timestamp: now.milliseconds, key: record.key, value: record.value)
        }
        do {
            let info = try replica.log.appendAsLeader(
                [builder.build()], leaderEpoch: replica.leaderEpoch, origin: .coordinator, now: now)
            coordinatorWrites.append(
                CoordinatorWrite(partition: partition, lastOffset: info.lastOffset, replies: result.durableResponses))
            appended(ResolvedReplica(partition: replica, generation: generation), now: now)
            completeCoordinatorWrites(for: topicPartition, now: now)
        } catch {
            let clientError = GroupResponse.error(forAppendError: error.errorCode)
            for reply in result.durableResponses {
                answer(GroupReply(reply.token, reply.response.failed(with: clientError)))
            }
            notice("\(topicPartition): coordinator append failed: \(error)")
            reloadCoordinator(partition, now: now)
        }
    }

    /// Answers the coordinator writes whose records the high watermark now covers, or that can
    /// no longer commit here (leadership moved).
    func completeCoordinatorWrites(for topicPartition: TopicPartition, now: Instant) {
        // The empty list first: every high watermark move asks, and comparing the topic's name
        // is a string comparison.
        guard !coordinatorWrites.isEmpty, topicPartition.topic == Self.offsetsTopic else { return }
        let replica = partitions[topicPartition]
        var remaining: [CoordinatorWrite] = []
        for write in coordinatorWrites {
            guard write.partition == topicPartition.partition else {
                remaining.append(write)
                continue
            }
            guard let replica, replica.isLeader else {
                for reply in write.replies {
                    answer(GroupReply(reply.token, reply.response.failed(with: .notCoordinator)))
                }
                continue
            }
            guard replica.highWatermark > write.lastOffset else {
                remaining.append(write)
                continue
            }
            for reply in write.replies { answer(reply) }
        }
        coordinatorWrites = remaining
    }

    private func answer(_ reply: GroupReply) {
        guard let request = groupRequests.removeValue(forKey: reply.token.rawValue) else { return }
        let response: ClientResponse =
            switch reply.response {
            case .joinGroup(let join): .joinGroup(join)
            case .syncGroup(let sync): .syncGroup(sync)
            case .heartbeat(let heartbeat): .heartbeat(heartbeat)
            case .leaveGroup(let leave): .leaveGroup(leave)
            case .offsetCommit(let commit): .offsetCommit(commit)
            }
        self.reply(response, id: request.id, to: request.from)
    }

    // MARK: Leadership

    /// This broker now leads `__consumer_offsets-<partition>`: a coordinator loads its groups
    /// from the partition's log.
    func startCoordinator(_ partition: Int32, now: Instant) {
        if let old = coordinators[partition] {
            var resigned = old
            apply(resigned.resign(), partition: partition, now: now)
        }
        reloadCoordinator(partition, now: now)
    }

    /// A fresh coordinator for `partition`, loaded from the whole log.
    func reloadCoordinator(_ partition: Int32, now: Instant) {
        var coordinator = GroupCoordinator(
            partition: partition, config: config.groupCoordinator,
            seed: UInt64(UInt32(bitPattern: id.rawValue)) << 32 | UInt64(UInt32(bitPattern: partition))
                ^ UInt64(nextRequestID))
        let topicPartition = TopicPartition(Self.offsetsTopic, partition)
        if let log = partitions[topicPartition]?.log {
            coordinator.load(records: Self.coordinatorRecords(in: log, notice: { notice($0) }), now: now)
        }
        coordinators[partition] = coordinator
    }

    /// This broker no longer leads the partition: parked requests get `NOT_COORDINATOR`.
    func stopCoordinator(_ partition: Int32, now: Instant) {
        guard var coordinator = coordinators.removeValue(forKey: partition) else { return }
        let result = coordinator.resign()
        for reply in result.responses { answer(reply) }
        completeCoordinatorWrites(for: TopicPartition(Self.offsetsTopic, partition), now: now)
    }

    /// The coordinators' timers (session expiry, rebalance timeouts, offset expiry).
    func tickCoordinators(now: Instant) {
        guard let due = nextCoordinatorDeadline, due <= now else { return }
        for partition in coordinators.keys.sorted() {
            guard var coordinator = coordinators[partition], let due = coordinator.nextDeadline, due <= now else {
                continue
            }
            let result = coordinator.tick(now: now)
            coordinators[partition] = coordinator
            apply(result, partition: partition, now: now)
        }
    }

    var nextCoordinatorDeadline: Instant? {
        if let cached = coordinatorDeadline { return cached }
        var next: Instant?
        for coordinator in coordinators.values { next = earliest(next, coordinator.nextDeadline) }
        coordinatorDeadline = .some(next)
        return next
    }

    /// Every group record in the log, oldest first (records that do not decode become notices).
    static func coordinatorRecords(in log: PartitionLog, notice: (String) -> Void) -> [GroupCoordinatorRecord] {
        var records: [GroupCoordinatorRecord] = []
        var offset = log.logStartOffset
        while offset < log.logEndOffset {
            let read: LogReadResult
            do {
                read = try log.read(from: offset, maxBytes: 1 << 20, upperBound: log.logEndOffset, minOneMessage: true)
            } catch {
                notice("\(log.topicPartition): cannot read for loading: \(error)")
                break
            }
            guard !read.isEmpty else { break }
            for batch in read.batches() where !batch.isControl {
                do {
                    for record in try batch.records() where batch.offset(of: record) >= offset {
                        guard let key = record.key else { continue }
                        records.append(try GroupCoordinatorRecord(key: key, value: record.value))
                    }
                } catch {
                    notice("\(log.topicPartition): skipping a record at \(batch.baseOffset): \(error)")
                }
            }
            offset = read.nextOffset
        }
        return records
    }
}
