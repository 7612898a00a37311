import KafkaClients
import KafkaCore
import Testing

/// The clients' storage through their public behaviour: consumer records that keep their key and
/// value as positions in the fetched bytes, producer batches encoded as records are appended and
/// stamped at the drain, reports a batch at a time, and the metadata cache by topic position.
struct ClientStorageTests {
    // MARK: ConsumerRecord

    private static func record(key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = []) -> ConsumerRecord {
        ConsumerRecord(
            topicPartition: TopicPartition("t", 1), offset: Offset(7), leaderEpoch: LeaderEpoch(2), timestamp: 99,
            key: key, value: value, headers: headers)
    }

    @Test("a consumer record reads back the key and value it was given, null and empty included")
    func consumerRecordFields() {
        let cases: [([UInt8]?, [UInt8]?)] = [
            (nil, nil), ([], nil), (nil, []), ([], []), ([1, 2], nil), (nil, [3]), ([1, 2], [3, 4, 5]), ([], [9]),
        ]
        for (key, value) in cases {
            let record = Self.record(key: key, value: value)
            #expect(record.key == key)
            #expect(record.value == value)
            #expect(record.withValue { $0.map(Array.init) } == value)
        }
    }

    @Test("setting a consumer record's key or value keeps the other; equality and hashing follow the contents")
    func consumerRecordMutationAndEquality() {
        var record = Self.record(key: [1], value: [2, 3])
        record.key = nil
        #expect(record.key == nil && record.value == [2, 3])
        record.value = [4]
        #expect(record.key == nil && record.value == [4])
        record.key = [5, 6]
        #expect(record.key == [5, 6] && record.value == [4])
        let same = Self.record(key: [5, 6], value: [4])
        #expect(record == same)
        #expect(record.hashValue == same.hashValue)
        #expect(Self.record(key: [5], value: [6, 4]) != same)
        #expect(Self.record(key: nil, value: []) != Self.record(key: [], value: []))
        #expect(
            Self.record(key: [1], value: [2], headers: [RecordHeader(key: "h", value: nil)])
                != Self.record(
                    key: [1], value: [2]))
    }

    @Test("records decoded from a fetch of two batches read their own keys and values, equal to built ones")
    func decodedRecordsEqualBuiltOnes() throws {
        var harness = ConsumerHarness()
        let partition = harness.partition(0)
        harness.assign(partition, committed: 1)
        let keys: [[UInt8]?] = [[0], nil, [7], [8, 9], [], nil]
        let values: [[UInt8]?] = [[0], [1, 2, 3], nil, [], [4], [5, 6]]
        var bytes: [UInt8] = []
        for (base, range) in [(0, 0..<3), (3, 3..<6)] {
            var builder = RecordBatchBuilder(baseOffset: Offset(Int64(base)), partitionLeaderEpoch: LeaderEpoch(0))
            for index in range { builder.append(timestamp: 5, key: keys[index], value: values[index]) }
            bytes += builder.build().bytes
        }
        harness.answer("Fetch") { request in
            guard case .fetch(let fetch) = request else { return .fetch(FetchResponse(partitions: [])) }
            return .fetch(
                FetchResponse(
                    partitions: fetch.partitions.map {
                        FetchPartitionResponse(
                            $0.topicPartition, error: .none, highWatermark: Offset(6), lastStableOffset: Offset(6),
                            logStartOffset: Offset(0), records: $0.topicPartition == partition ? bytes : [])
                    }))
        }
        let records = try harness.consumer.poll(at: harness.now)
        // The record below the position (offset 0) is skipped.
        #expect(records.map(\.offset.rawValue) == [1, 2, 3, 4, 5])
        #expect(records.map(\.key) == Array(keys[1...]))
        #expect(records.map(\.value) == Array(values[1...]))
        #expect(records.map { $0.withValue { $0.map(Array.init) } } == Array(values[1...]))
        for record in records {
            let rebuilt = ConsumerRecord(
                topicPartition: record.topicPartition, offset: record.offset, leaderEpoch: record.leaderEpoch,
                timestamp: record.timestamp, key: record.key, value: record.value, headers: record.headers)
            #expect(rebuilt == record)
            #expect(rebuilt.hashValue == record.hashValue)
        }
    }

    // MARK: Producer batches

    @Test("a drained batch is byte for byte what RecordBatch.build makes of its records, stamped and valid")
    func builtBatchMatchesRecordBatchBuild() throws {
        var harness = ProducerHarness.started(ProducerTestsSupport.noLinger)
        harness.send(key: "k1", value: "first")
        harness.send(key: "k1", value: "")
        harness.send(key: "k1", value: "third value")
        harness.poll()
        harness.answerAll()
        #expect(harness.producedBatches.count == 1)
        let sent = try #require(harness.producedBatches.last?.batch)
        try sent.validate()
        let records = try sent.records()
        #expect(records.map(\.value) == [Array("first".utf8), [], Array("third value".utf8)])
        let expected = RecordBatch.build(
            producerID: sent.producerID, producerEpoch: sent.producerEpoch, baseSequence: sent.baseSequence,
            baseTimestamp: sent.baseTimestamp, records: records)
        #expect(sent.bytes == expected.bytes)
        #expect(sent.producerID == 1000 && sent.producerEpoch == 0 && sent.baseSequence == 0)
    }

    @Test("after an epoch bump a batch goes again with the new identity, records unchanged and a valid CRC")
    func restampedBatch() throws {
        var harness = ProducerHarness.started(ProducerTestsSupport.noLinger)
        harness.send(key: "k", value: "a")
        harness.send(key: "k", value: "b")
        harness.poll()
        harness.answerAll { request in
            ProduceResponse(
                partitions: request.partitions.map {
                    ProducePartitionResponse($0.topicPartition, error: .unknownProducerID)
                })
        }
        let first = try #require(harness.producedBatches.first?.batch)
        harness.sequences = [:]
        for _ in 0..<10 {
            harness.advance(.milliseconds(200))
            harness.answerAll()
        }
        let again = try #require(harness.producedBatches.last?.batch)
        #expect(again.producerID == 1001 && again.baseSequence == 0)
        #expect(again.isChecksumValid)
        try again.validate()
        #expect(try again.records() == first.records())
        #expect(first.producerID == 1000 && first.isChecksumValid)
        #expect(harness.reports.map(\.outcome) == [.acknowledged(offset: Offset(0)), .acknowledged(offset: Offset(1))])
        #expect(harness.producer.bufferedBytes == 0)
    }

    @Test("a delivery batch reports each record at the base offset plus its index, or the batch's outcome")
    func deliveryBatchReports() {
        let partition = TopicPartition("t", 0)
        let ids = [RecordID(4), RecordID(5), RecordID(6)]
        let acknowledged = DeliveryBatch(
            topicPartition: partition, recordIDs: ids, outcome: .acknowledged(offset: Offset(10)), batch: nil,
            baseOffset: Offset(10), acks: -1)
        #expect(acknowledged.reports.map(\.outcome) == [10, 11, 12].map { .acknowledged(offset: Offset($0)) })
        #expect(acknowledged.reports.map(\.indexInBatch) == [0, 1, 2])
        #expect(acknowledged.reports.map(\.recordID) == ids)
        let unknown = DeliveryBatch(
            topicPartition: partition, recordIDs: ids, outcome: .acknowledged(offset: .none), batch: nil,
            baseOffset: .none, acks: -1)
        #expect(unknown.reports.allSatisfy { $0.outcome == .acknowledged(offset: .none) })
        let failed = DeliveryBatch(
            topicPartition: partition, recordIDs: ids, outcome: .failed(.requestTimedOut), batch: nil,
            baseOffset: .none, acks: 1)
        #expect(failed.reports.allSatisfy { $0.outcome == .failed(.requestTimedOut) && $0.acks == 1 })
    }

    @Test("takeDeliveryBatches hands over what takeDeliveryReports would, a batch at a time")
    func deliveryBatchesMatchReports() {
        var byRecord = ProducerHarness.started(ProducerTestsSupport.noLinger)
        var byBatch = ProducerHarness.started(ProducerTestsSupport.noLinger)
        for index in 0..<12 {
            byRecord.send(key: "k\(index % 5)", value: "v\(index)")
            byBatch.send(key: "k\(index % 5)", value: "v\(index)")
        }
        byRecord.poll()
        byRecord.answerAll()
        // Answered without collecting reports into the harness.
        byBatch.poll()
        var batches: [DeliveryBatch] = []
        for _ in 0..<5 {
            let calls = byBatch.unanswered + byBatch.producer.takeCalls()
            byBatch.unanswered = []
            for call in calls {
                let response: ClientResponse
                switch call.request {
                case .metadata: response = .metadata(byBatch.metadata())
                case .produce(let request): response = .produce(byBatch.append(request))
                default: continue
                }
                byBatch.producer.handle(response, id: call.id, from: call.broker, at: byBatch.now)
            }
            batches += byBatch.producer.takeDeliveryBatches()
        }
        #expect(batches.count > 1)
        #expect(batches.flatMap(\.reports) == byRecord.reports)
        #expect(byRecord.reports.count == 12)
    }

    // MARK: Metadata cache

    @Test("the metadata cache answers per topic and partition, whatever order topics were added in")
    func metadataCacheByTopic() {
        var cache = ClusterMetadataCache(bootstrap: [BrokerID(1)])
        cache.add(topic: "zeta")
        cache.add(topic: "alpha")
        cache.add(topic: "mid")
        cache.add(topic: "alpha")
        #expect(cache.topics == ["alpha", "mid", "zeta"])
        #expect(cache.partitionCount(of: "alpha") == nil)
        func partitions(_ leaders: [Int32?], epoch: Int32) -> [PartitionMetadata] {
            leaders.enumerated().map { index, leader in
                PartitionMetadata(
                    partition: Int32(index), error: leader == nil ? .leaderNotAvailable : .none,
                    leader: leader.map(BrokerID.init) ?? BrokerID(-1), leaderEpoch: LeaderEpoch(epoch),
                    replicas: [], isr: [], offlineReplicas: [])
            }
        }
        cache.update(
            with: MetadataResponse(
                brokers: [BrokerID(1), BrokerID(2)], controllerID: BrokerID(1),
                topics: [
                    TopicMetadata(name: "zeta", error: .none, partitions: partitions([2, nil, 1], epoch: 3)),
                    TopicMetadata(name: "alpha", error: .none, partitions: partitions([1], epoch: 1)),
                    TopicMetadata(name: "unasked", error: .none, partitions: partitions([1], epoch: 1)),
                ]), at: .zero)
        #expect(cache.partitionCount(of: "zeta") == 3)
        #expect(cache.partitionCount(of: "alpha") == 1)
        #expect(cache.partitionCount(of: "mid") == nil)
        #expect(cache.partitionCount(of: "unasked") == nil)
        #expect(cache.leader(of: TopicPartition("zeta", 0)) == BrokerID(2))
        #expect(cache.leader(of: TopicPartition("zeta", 1)) == nil)
        #expect(cache.leader(of: TopicPartition("zeta", 3)) == nil)
        #expect(cache.leader(of: TopicPartition("zeta", -1)) == nil)
        #expect(cache.leaderEpoch(of: TopicPartition("zeta", 2)) == LeaderEpoch(3))
        #expect(cache.availablePartitions(of: "zeta") == [0, 2])
        #expect(cache.availablePartitions(of: "mid") == [])
        // An older epoch is ignored; a newer one replaces; invalidating forgets only the leader.
        cache.update(
            with: MetadataResponse(
                brokers: [BrokerID(1), BrokerID(2)], controllerID: BrokerID(1),
                topics: [TopicMetadata(name: "zeta", error: .none, partitions: partitions([1, 1, 2], epoch: 2))]),
            at: .zero)
        #expect(cache.leader(of: TopicPartition("zeta", 0)) == BrokerID(2))
        cache.invalidateLeader(of: TopicPartition("zeta", 0))
        cache.invalidateLeader(of: TopicPartition("mid", 5))
        #expect(cache.leader(of: TopicPartition("zeta", 0)) == nil)
        #expect(cache.leaderEpoch(of: TopicPartition("zeta", 0)) == LeaderEpoch(3))
        #expect(cache.availablePartitions(of: "zeta") == [2])
    }

    @Test("adding a topic and reading its partition count in one call answers as the two calls do, as topics move")
    func metadataCacheAddingPartitionCount() {
        var cache = ClusterMetadataCache(bootstrap: [BrokerID(1)])
        #expect(cache.addingPartitionCount(of: "mid") == nil)
        cache.update(
            with: MetadataResponse(
                brokers: [BrokerID(1)], controllerID: BrokerID(1),
                topics: [
                    TopicMetadata(
                        name: "mid", error: .none,
                        partitions: (Int32(0)..<4).map { index in
                            PartitionMetadata(
                                partition: index, error: .none, leader: BrokerID(1), leaderEpoch: LeaderEpoch(1),
                                replicas: [], isr: [], offlineReplicas: [])
                        })
                ]), at: .zero)
        #expect(cache.nextUpdateAt > .zero)
        #expect(cache.addingPartitionCount(of: "mid") == 4)
        #expect(cache.addingPartitionCount(of: "mid") == 4)
        #expect(cache.nextUpdateAt > .zero, "a known topic asks for nothing")
        // A topic inserted before the one looked up last moves it: each answer is still its own.
        #expect(cache.addingPartitionCount(of: "alpha") == nil)
        #expect(cache.nextUpdateAt == .zero, "a new topic is asked about at once")
        #expect(cache.addingPartitionCount(of: "mid") == 4)
        #expect(cache.addingPartitionCount(of: "zeta") == nil)
        #expect(cache.addingPartitionCount(of: "alpha") == nil)
        #expect(cache.addingPartitionCount(of: "mid") == 4)
        #expect(cache.topics == ["alpha", "mid", "zeta"])
        #expect(cache.partitionCount(of: "mid") == 4)
    }

    // MARK: Calls and timestamps

    @Test("takeCalls(_:) hands over, oldest first, the calls takeCalls() returns, and forgets them")
    func takeCallsOneByOne() {
        var returned = ProducerHarness.started()
        var handed = ProducerHarness.started()
        for round in 0..<4 {
            for index in 0..<(3 * round + 1) {
                returned.send(key: "k\(index)")
                handed.send(key: "k\(index)")
            }
            returned.now = returned.now + .milliseconds(10)
            handed.now = handed.now + .milliseconds(10)
            returned.producer.tick(at: returned.now)
            handed.producer.tick(at: handed.now)
            let calls = returned.producer.takeCalls()
            var taken: [ClientCall] = []
            handed.producer.takeCalls { taken.append($0) }
            #expect(!calls.isEmpty)
            #expect(taken == calls)
            var again: [ClientCall] = []
            handed.producer.takeCalls { again.append($0) }
            #expect(again.isEmpty && handed.producer.takeCalls().isEmpty)
            // Answered, so that the next round's batches go out.
            returned.unanswered = calls
            handed.unanswered = taken
            returned.answerAll()
            handed.answerAll()
        }
        #expect(handed.reports == returned.reports)
    }

    @Test("a record sent with a timestamp of its own carries it; one sent without carries now's")
    func sentTimestamps() throws {
        var harness = ProducerHarness.started()
        harness.now = Instant(microseconds: 7_654_321)
        try harness.producer.send(
            topic: harness.topic, keyBytes: .null, valueBytes: .null, timestamp: 1_234, at: harness.now)
        try harness.producer.send(topic: harness.topic, keyBytes: .null, valueBytes: .null, at: harness.now)
        harness.poll()
        harness.answerAll()
        harness.advance(.milliseconds(5))
        harness.answerAll()
        let timestamps = try harness.producedBatches.flatMap { data in
            try data.batch.records().map { data.batch.baseTimestamp + $0.timestampDelta }
        }
        #expect(timestamps == [1_234, 7_654])
    }
}
