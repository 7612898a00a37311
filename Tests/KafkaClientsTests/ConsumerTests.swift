import KafkaClients
import KafkaCore
import Testing

@Suite struct ConsumerTests {
    @Test("a member joins with MEMBER_ID_REQUIRED, leads, assigns with range and takes its share")
    func joinSequenceAsLeader() throws {
        var harness = ConsumerHarness()
        harness.consumer.subscribe(["t"])
        harness.advance(.milliseconds(1))
        let first = try #require(harness.pending("JoinGroup"))
        guard case .joinGroup(let firstJoin) = first else { return }
        #expect(firstJoin.memberID == "" && firstJoin.protocols.map(\.name) == ["range", "cooperative-sticky"])
        #expect(try Subscription(decoding: firstJoin.protocols[0].metadata).topics == ["t"])
        harness.answer("JoinGroup") { _ in .joinGroup(JoinGroupResponse(error: .memberIDRequired, memberID: "m1")) }
        guard case .joinGroup(let second)? = harness.pending("JoinGroup") else {
            Issue.record("no second JoinGroup")
            return
        }
        #expect(second.memberID == "m1")
        let subscription = Subscription(topics: ["t"]).encoded()
        harness.answer("JoinGroup") { _ in
            .joinGroup(
                JoinGroupResponse(
                    error: .none, generationID: 1, protocolType: "consumer", protocolName: "range", leader: "m1",
                    memberID: "m1",
                    members: [
                        JoinGroupResponseMember(memberID: "m2", metadata: subscription),
                        JoinGroupResponseMember(memberID: "m1", metadata: subscription),
                    ]))
        }
        guard case .syncGroup(let sync)? = harness.pending("SyncGroup") else {
            Issue.record("no SyncGroup")
            return
        }
        #expect(sync.generationID == 1 && sync.memberID == "m1" && sync.protocolName == "range")
        let decoded = try sync.assignments.map { ($0.memberID, try Assignment(decoding: $0.assignment).partitions) }
        #expect(decoded.map(\.0) == ["m1", "m2"])
        #expect(
            decoded.map(\.1) == [
                [harness.partition(0), harness.partition(1)], [harness.partition(2), harness.partition(3)],
            ])
        let mine = sync.assignments[0].assignment
        harness.answer("SyncGroup") { _ in .syncGroup(SyncGroupResponse(error: .none, assignment: mine)) }
        #expect(harness.consumer.memberState == .stable && harness.consumer.isLeader)
        #expect(harness.consumer.assignment == [harness.partition(0), harness.partition(1)])
        guard case .offsetFetch(let lookup)? = harness.pending("OffsetFetch") else {
            Issue.record("no OffsetFetch after the assignment")
            return
        }
        #expect(lookup.partitions == [harness.partition(0), harness.partition(1)])
        #expect(harness.consumer.counters.rebalances == 1)
    }

    @Test(
        "heartbeat errors make the member rejoin; UNKNOWN_MEMBER_ID also forgets its id and loses its partitions",
        arguments: [KafkaError.rebalanceInProgress, .unknownMemberID, .illegalGeneration])
    func heartbeatErrorsRejoin(error: KafkaError) throws {
        var harness = ConsumerHarness { $0.enableAutoCommit = false }
        harness.consumer.subscribe(["t"])
        harness.advance(.milliseconds(1))
        harness.joinAsFollower(assigned: [harness.partition(0)])
        harness.discard("OffsetFetch")
        harness.advance(.milliseconds(3000))
        guard case .heartbeat(let heartbeat)? = harness.pending("Heartbeat") else {
            Issue.record("no heartbeat after heartbeat.interval.ms")
            return
        }
        #expect(heartbeat.generationID == 1 && heartbeat.memberID == "m1")
        harness.answer("Heartbeat") { _ in .heartbeat(HeartbeatResponse(error: error)) }
        guard case .joinGroup(let rejoin)? = harness.pending("JoinGroup") else {
            Issue.record("no rejoin after \(error)")
            return
        }
        #expect(rejoin.memberID == (error == .unknownMemberID ? "" : "m1"), "\(error)")
        // EAGER (range is configured): everything is revoked before the join, or lost on a reset.
        #expect(harness.consumer.assignment.isEmpty)
        #expect(harness.pending("OffsetCommit") == nil)
    }

    @Test("FENCED_INSTANCE_ID is fatal: poll throws and the member stops")
    func fencedInstanceIsFatal() throws {
        var harness = ConsumerHarness { $0.groupInstanceID = "i1" }
        harness.consumer.subscribe(["t"])
        harness.advance(.milliseconds(1))
        harness.answer("JoinGroup") { _ in .joinGroup(JoinGroupResponse(error: .fencedInstanceID)) }
        #expect(throws: ConsumerError.groupFailed(.fencedInstanceID)) { try harness.consumer.poll(at: harness.now) }
        harness.advance(.seconds(10))
        #expect(harness.pending("JoinGroup") == nil)
    }

    @Test("auto-commit commits the positions earlier polls returned, not the ones about to be returned")
    func autoCommitCommitsPreviousPoll() throws {
        var harness = ConsumerHarness()
        let partition = harness.partition(0)
        harness.assign(partition, committed: 5)
        #expect(harness.consumer.position(of: partition) == Offset(5))
        harness.answerFetch(partition, from: 5, count: 5, highWatermark: 20)
        let firstPoll = try harness.consumer.poll(at: harness.now)
        harness.collect()
        #expect(firstPoll.map(\.offset.rawValue) == [5, 6, 7, 8, 9])
        #expect(harness.consumer.lag(of: partition) == 10)
        // The next batch starts before the position: the records below it are skipped.
        harness.answerFetch(partition, from: 8, count: 7, highWatermark: 20)
        harness.now = harness.now + .milliseconds(5100)
        let secondPoll = try harness.consumer.poll(at: harness.now)
        harness.collect()
        #expect(secondPoll.map(\.offset.rawValue) == [10, 11, 12, 13, 14])
        guard case .offsetCommit(let commit)? = harness.pending("OffsetCommit") else {
            Issue.record("no auto-commit after auto.commit.interval.ms")
            return
        }
        #expect(commit.partitions.map(\.committedOffset) == [Offset(10)])
        #expect(commit.generationID == -1 && commit.memberID.isEmpty, "a standalone consumer commits outside the group")
        harness.answer("OffsetCommit") { _ in
            .offsetCommit(OffsetCommitResponse(partitions: [OffsetCommitPartitionResponse(partition, error: .none)]))
        }
        #expect(harness.consumer.committed[partition] == Offset(10))
        #expect(harness.consumer.takeCommitResults().map(\.error) == [.none])
        #expect(harness.consumer.counters.recordsConsumed == 10)
    }

    @Test(
        "pollSlices hands over what poll returns, chunk by chunk, taken whole or in part", arguments: [1, 2, 3, 5, 20])
    func pollSlicesAgreeWithPoll(maxRecords: Int) throws {
        func started() -> ConsumerHarness {
            var harness = ConsumerHarness { $0.maxPollRecords = 3 }
            let partition = harness.partition(0)
            harness.assign(partition, committed: 5)
            // 10 records from offset 4: offset 4 is below the position, the rest lands in chunks of 3.
            harness.answerFetch(partition, from: 4, count: 10, highWatermark: 20)
            return harness
        }
        var gathered = started()
        var sliced = started()
        var polls = 0
        var offsets: [Int64] = []
        while polls < 10 {
            polls += 1
            let records = try gathered.consumer.poll(at: gathered.now, maxRecords: maxRecords)
            #expect(records.count <= min(maxRecords, 3))
            offsets += records.map(\.offset.rawValue)
            let slices = try sliced.consumer.pollSlices(at: sliced.now, maxRecords: maxRecords)
            #expect(slices.allSatisfy { !$0.isEmpty })
            #expect(slices.flatMap { $0.map(\.offset) } == records.map(\.offset))
            #expect(slices.flatMap { $0.map { $0.value ?? [] } } == records.map { $0.value ?? [] })
            #expect(
                sliced.consumer.position(of: sliced.partition(0))
                    == gathered.consumer.position(of: gathered.partition(0)))
            #expect(sliced.consumer.lag(of: sliced.partition(0)) == gathered.consumer.lag(of: gathered.partition(0)))
            if records.isEmpty { break }
        }
        // Every record from the position on, once and in order, whatever the poll size.
        #expect(offsets == Array(5..<14))
        #expect(sliced.consumer.counters.recordsConsumed == 9)
        #expect(gathered.consumer.counters.recordsConsumed == 9)
        #expect(sliced.consumer.position(of: sliced.partition(0)) == Offset(14))
    }

    @Test("auto.offset.reset=none surfaces NoOffsetForPartition from poll until the application seeks")
    func resetNoneThrows() throws {
        var harness = ConsumerHarness { $0.autoOffsetReset = .none }
        let partition = harness.partition(1)
        harness.consumer.assign([partition])
        harness.advance(.milliseconds(1))
        harness.answer("OffsetFetch") { _ in
            .offsetFetch(OffsetFetchResponse(error: .none, partitions: [OffsetFetchPartitionResponse(partition)]))
        }
        #expect(throws: ConsumerError.noOffsetForPartition([partition])) { try harness.consumer.poll(at: harness.now) }
        #expect(harness.pending("ListOffsets") == nil)
        harness.consumer.seek(partition, to: Offset(3))
        #expect(try harness.consumer.poll(at: harness.now).isEmpty)
        harness.collect()
        guard case .fetch(let fetch)? = harness.pending("Fetch") else {
            Issue.record("no fetch after seek")
            return
        }
        #expect(fetch.partitions.map(\.fetchOffset) == [Offset(3)])
    }

    @Test("auto.offset.reset=earliest resets through ListOffsets to the leader when nothing is committed")
    func resetEarliest() throws {
        var harness = ConsumerHarness()
        let partition = harness.partition(2)
        harness.consumer.assign([partition])
        harness.advance(.milliseconds(1))
        harness.answer("OffsetFetch") { _ in
            .offsetFetch(OffsetFetchResponse(error: .none, partitions: [OffsetFetchPartitionResponse(partition)]))
        }
        guard case .listOffsets(let list)? = harness.pending("ListOffsets") else {
            Issue.record("no ListOffsets")
            return
        }
        #expect(list.partitions.map(\.timestamp) == [ListOffsetsRequest.earliestTimestamp])
        harness.answer("ListOffsets") { _ in
            .listOffsets(
                ListOffsetsResponse(partitions: [
                    ListOffsetsPartitionResponse(partition, error: .none, offset: Offset(7))
                ]))
        }
        #expect(harness.consumer.position(of: partition) == Offset(7))
        #expect(harness.unanswered.first { $0.request.apiName == "Fetch" }?.broker == harness.leader)
    }

    @Test("COOPERATIVE: owned partitions are reported and kept while rejoining; a dropped one is revoked, then rejoin")
    func cooperativeRevokeThenRejoin() throws {
        var harness = ConsumerHarness {
            $0.partitionAssignmentStrategy = ["cooperative-sticky"]
            $0.enableAutoCommit = false
        }
        harness.consumer.subscribe(["t"])
        harness.advance(.milliseconds(1))
        harness.answer("JoinGroup") { _ in .joinGroup(JoinGroupResponse(error: .memberIDRequired, memberID: "m1")) }
        harness.answer("JoinGroup") { _ in
            .joinGroup(
                JoinGroupResponse(
                    error: .none, generationID: 1, protocolType: "consumer", protocolName: "cooperative-sticky",
                    leader: "other", memberID: "m1"))
        }
        let both = [harness.partition(0), harness.partition(1)]
        harness.answer("SyncGroup") { _ in
            .syncGroup(SyncGroupResponse(error: .none, assignment: Assignment(partitions: both).encoded()))
        }
        harness.discard("OffsetFetch")
        harness.advance(.milliseconds(3000))
        harness.answer("Heartbeat") { _ in .heartbeat(HeartbeatResponse(error: .rebalanceInProgress)) }
        guard case .joinGroup(let rejoin)? = harness.pending("JoinGroup") else {
            Issue.record("no rejoin")
            return
        }
        #expect(try Subscription(decoding: rejoin.protocols[0].metadata).ownedPartitions == both)
        #expect(harness.consumer.assignment == both, "partitions are kept while rejoining")
        harness.answer("JoinGroup") { _ in
            .joinGroup(
                JoinGroupResponse(
                    error: .none, generationID: 2, protocolType: "consumer", protocolName: "cooperative-sticky",
                    leader: "other", memberID: "m1"))
        }
        let kept = [harness.partition(0)]
        harness.answer("SyncGroup") { _ in
            .syncGroup(SyncGroupResponse(error: .none, assignment: Assignment(partitions: kept).encoded()))
        }
        #expect(harness.consumer.assignment == kept)
        guard case .joinGroup(let second)? = harness.pending("JoinGroup") else {
            Issue.record("no immediate rejoin after a revocation")
            return
        }
        #expect(try Subscription(decoding: second.protocols[0].metadata).ownedPartitions == kept)
    }

    @Test("close sends LeaveGroup for a dynamic member and never for a static one", arguments: [nil, "i1"])
    func closeLeavesOnlyWhenDynamic(instance: String?) throws {
        var harness = ConsumerHarness {
            $0.groupInstanceID = instance
            $0.enableAutoCommit = false
        }
        harness.consumer.subscribe(["t"])
        harness.advance(.milliseconds(1))
        harness.joinAsFollower(assigned: [harness.partition(0)])
        harness.consumer.close(at: harness.now)
        harness.collect()
        #expect(harness.consumer.isClosed)
        #expect((harness.pending("LeaveGroup") != nil) == (instance == nil))
    }

    @Test("a dynamic member that does not poll within max.poll.interval.ms leaves, and rejoins on its next poll")
    func pollTimeoutLeaves() throws {
        var harness = ConsumerHarness {
            $0.maxPollInterval = .seconds(10)
            $0.enableAutoCommit = false
        }
        harness.consumer.subscribe(["t"])
        _ = try harness.consumer.poll(at: harness.now)
        harness.advance(.milliseconds(1))
        harness.joinAsFollower(assigned: [harness.partition(0)])
        for _ in 0..<3 {
            harness.advance(.seconds(3))
            harness.answer("Heartbeat") { _ in .heartbeat(HeartbeatResponse(error: .none)) }
        }
        #expect(harness.consumer.memberState == .stable, "heartbeats alone do not keep a member that never polls")
        harness.advance(.seconds(1))
        #expect(harness.consumer.memberState == .pollTimedOut)
        #expect(harness.pending("LeaveGroup") != nil && harness.consumer.assignment.isEmpty)
        _ = try harness.consumer.poll(at: harness.now)
        harness.collect()
        #expect(harness.pending("JoinGroup") != nil)
    }

    @Test(
        "fetched records read back as the batches hold them: keys, values, nulls, headers, timestamps, epochs",
        arguments: [1, 2, 500])
    func fetchedRecordsReadBackExactly(maxPollRecords: Int) throws {
        var harness = ConsumerHarness { $0.maxPollRecords = maxPollRecords }
        let partition = harness.partition(0)
        harness.assign(partition, committed: 11)
        // Offset 10 is below the position; the second batch stamps the append time.
        var first = RecordBatchBuilder(baseOffset: Offset(10), partitionLeaderEpoch: LeaderEpoch(2))
        first.append(timestamp: 100, key: Array("below".utf8), value: Array("skipped".utf8))
        first.append(timestamp: 101, key: nil, value: Array("no key".utf8))
        first.append(timestamp: 103, key: Array("tombstone".utf8), value: nil)
        first.append(timestamp: 102, key: [], value: [])
        first.append(
            timestamp: 104, key: Array("k".utf8), value: Array("with headers".utf8),
            headers: [RecordHeader(key: "h1", value: [1, 2]), RecordHeader(key: "h2", value: nil)])
        var second = RecordBatchBuilder(
            baseOffset: Offset(15), partitionLeaderEpoch: LeaderEpoch(3), timestampType: .logAppendTime)
        second.append(timestamp: 200, key: nil, value: nil)
        second.append(
            timestamp: 201, key: Array("last".utf8), value: Array(repeating: 7, count: 300),
            headers: [RecordHeader(key: "h3", value: [])])
        let batches = [first.build(), second.build(maxTimestamp: 999)]
        harness.answer("Fetch") { _ in
            .fetch(
                FetchResponse(partitions: [
                    FetchPartitionResponse(
                        partition, error: .none, highWatermark: Offset(17), lastStableOffset: Offset(17),
                        logStartOffset: Offset(0), records: batches.flatMap(\.bytes))
                ]))
        }
        // What a consumer that copied every field out of the batches would return.
        var expected: [ConsumerRecord] = []
        for batch in batches {
            for record in try batch.records() where batch.offset(of: record) >= Offset(11) {
                expected.append(
                    ConsumerRecord(
                        topicPartition: partition, offset: batch.offset(of: record),
                        leaderEpoch: batch.partitionLeaderEpoch, timestamp: batch.timestamp(of: record),
                        key: record.key, value: record.value, headers: record.headers))
            }
        }
        #expect(expected.map(\.offset.rawValue) == [11, 12, 13, 14, 15, 16])
        #expect(expected.map(\.timestamp) == [101, 103, 102, 104, 999, 999])
        var polled: [ConsumerRecord] = []
        var sliced: [ConsumerRecord] = []
        var other = harness
        for _ in 0..<expected.count where polled.count < expected.count {
            let slices = try other.consumer.pollSlices(at: other.now)
            let records = try harness.consumer.poll(at: harness.now)
            #expect(!records.isEmpty && records.count <= maxPollRecords)
            polled += records
            for slice in slices {
                #expect(slice.topicPartition == partition)
                #expect(slice.indices.map(slice.offset(at:)) == slice.map(\.offset))
                #expect(slice.indices.map(slice.leaderEpoch(at:)) == slice.map(\.leaderEpoch))
                sliced += slice
            }
        }
        #expect(polled == expected)
        #expect(sliced == expected)
        #expect(polled.map(\.key) == expected.map(\.key))
        #expect(polled.map(\.value) == expected.map(\.value))
        #expect(polled.map(\.headers) == expected.map(\.headers))
        #expect(harness.consumer.position(of: partition) == Offset(17))
    }
}
