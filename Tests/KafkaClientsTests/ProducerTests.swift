import KafkaClients
import KafkaCore
import Testing

@Suite struct ProducerPartitioningTests {
    @Test(
        "a keyed record goes to toPositive(murmur2(key)) % numPartitions (Appendix A)",
        arguments: [("foobar", Int32(3), Int32(0)), ("21", 6, 0), ("abc", 10, 7), ("key-1", 12, 0)])
    func keyedPartition(key: String, partitions: Int32, expected: Int32) {
        var harness = ProducerHarness.started()
        harness.partitionCount = partitions
        harness.send(key: key)
        harness.poll()
        harness.answerAll()
        harness.advance(.milliseconds(5))
        harness.answerAll()
        #expect(harness.producedBatches.map(\.topicPartition.partition) == [expected])
        #expect(harness.reports.map(\.topicPartition.partition) == [expected])
    }

    @Test("a keyed record stays on its partition while that partition has no leader")
    func keyedWaitsForOfflinePartition() {
        var harness = ProducerHarness.started()
        harness.send(key: "abc")  // partition 1 of 3
        harness.poll()
        harness.answerAll()
        #expect(harness.producer.metadata.partitionCount(of: "t") == 3)
        let partitions = (0..<Int32(30)).map { _ in harness.producer.metadata.availablePartitions(of: "t") }
        #expect(partitions.allSatisfy { $0 == [0, 1, 2] })
    }

    @Test("unkeyed records stick to one partition until its batch closes, then switch")
    func stickyPartitioning() {
        var harness = ProducerHarness.started { $0.batchSizeBytes = 1000 }
        harness.send(key: nil)
        harness.poll()
        harness.answerAll()
        // 100-byte values: about 9 records fill a 1000-byte batch.
        for _ in 0..<40 { harness.send(key: nil, value: String(repeating: "x", count: 100)) }
        harness.advance(.milliseconds(5))
        harness.answerAll()
        let partitions = harness.producedBatches.map(\.topicPartition.partition)
        #expect(partitions.count >= 4)
        for (previous, next) in zip(partitions, partitions.dropFirst()) {
            #expect(previous != next, "consecutive batches on one partition: \(partitions)")
        }
        let counts = harness.producedBatches.map { $0.batch.lastOffsetDelta + 1 }
        #expect(counts.dropLast().allSatisfy { $0 >= 8 }, "batches were not filled before switching: \(counts)")
    }
}

@Suite struct ProducerBatchingTests {
    @Test("a batch is sent once it reaches batch.size, without waiting for linger.ms")
    func fullBatchGoesAtOnce() {
        var harness = ProducerHarness.started { $0.linger = .milliseconds(1000) }
        harness.send(key: "k")
        harness.poll()
        harness.answerAll()
        #expect(harness.produced.isEmpty)
        for _ in 0..<20 { harness.send(key: "k", value: String(repeating: "y", count: 1000)) }
        harness.poll()
        harness.answerAll()
        #expect(!harness.produced.isEmpty)
        #expect(harness.producedBatches.allSatisfy { $0.batch.sizeInBytes <= 16_384 })
        #expect(harness.producedBatches.first.map { $0.batch.sizeInBytes > 15_000 } == true)
    }

    @Test("a partial batch waits linger.ms (5 ms by default since Kafka 4.0)")
    func lingers() {
        var harness = ProducerHarness.started()
        #expect(harness.producer.config.linger == .milliseconds(5))
        harness.send(key: "k")
        harness.poll()
        harness.answerAll()
        #expect(harness.produced.isEmpty)
        harness.advance(.milliseconds(4))
        #expect(harness.unanswered.isEmpty)
        harness.advance(.milliseconds(1))
        harness.answerAll()
        #expect(harness.produced.count == 1)
        #expect(harness.reports.map(\.outcome) == [.acknowledged(offset: Offset(0))])
    }

    @Test("when one partition's batch has lingered, the others on its leader go with it in one request")
    func readyLeaderDrainsAllItsPartitions() {
        var harness = ProducerHarness.started()
        let keys = (0..<20).map { "key-\($0)" }
        let first = keys.first { Murmur2.partition(forKey: Array($0.utf8), partitionCount: 3) == 1 } ?? ""
        let second = keys.first { Murmur2.partition(forKey: Array($0.utf8), partitionCount: 3) == 0 } ?? ""
        harness.send(key: first)
        harness.poll()
        harness.answerAll()
        harness.advance(.milliseconds(3))
        harness.send(key: second)  // 2 ms short of its linger
        harness.poll()
        #expect(harness.unanswered.isEmpty)
        harness.advance(.milliseconds(2))
        let produces = harness.unanswered.filter { if case .produce = $0.request { true } else { false } }
        #expect(produces.count == 1, "\(harness.unanswered)")
        harness.answerAll()
        #expect(harness.produced.count == 1)
        #expect(harness.produced.first?.request.partitions.map(\.topicPartition.partition) == [0, 1])
    }

    @Test("each drain builds one request per ready leader, brokers in order, split at max.request.size")
    func drainsRequestsPerLeader() {
        var harness = ProducerHarness { config in
            config.linger = .zero
            // Room for one batch of one record per request, not two.
            config.maxRequestSizeBytes = 120
        }
        harness.partitionCount = 4
        harness.partitionLeaders = [0: BrokerID(2), 2: BrokerID(2)]
        harness.poll()
        harness.answerAll()
        let keys = (0..<4).map { partition in
            (0..<100).map { "key-\($0)" }.first {
                Murmur2.partition(forKey: Array($0.utf8), partitionCount: 4) == partition
            } ?? ""
        }
        // The drain runs twice, keeping its working arrays: the second must not see the first's.
        for round in 0..<2 {
            harness.produced = []
            for key in keys.reversed() { harness.send(key: key) }
            // The first round drains once the topic's metadata is answered, the second at the poll.
            harness.poll()
            harness.answerAll()
            // First the requests each ready broker takes in the first pass (brokers in order),
            // then those the size limit left over, in a second pass.
            let requests = harness.produced
            #expect(requests.map(\.broker) == [BrokerID(1), BrokerID(2), BrokerID(1), BrokerID(2)], "round \(round)")
            #expect(
                requests.map { $0.request.partitions.map(\.topicPartition.partition) } == [[1], [0], [3], [2]],
                "round \(round)")
        }
        #expect(harness.reports.count == 8)
    }

    @Test("send refuses a record once buffer.memory is used up")
    func bufferExhausted() throws {
        var harness = ProducerHarness.started { $0.bufferMemoryBytes = 4096 }
        var refusals = 0
        for _ in 0..<10 {
            do {
                try harness.producer.send(
                    topic: "t", key: nil, value: Array(repeating: 1, count: 1000), at: harness.now)
            } catch {
                guard case .bufferExhausted = error else { throw error }
                refusals += 1
            }
        }
        #expect(refusals > 0)
    }

    @Test("acks=0 reports every record as written at offset -1 without an answer")
    func acksZero() {
        var harness = ProducerHarness.started { $0.acks = 0 }
        #expect(!harness.producer.isIdempotent)
        harness.send(key: "k")
        harness.poll()
        harness.answerAll()
        harness.advance(.milliseconds(5))
        harness.answerAll()
        #expect(harness.reports.map(\.outcome) == [.acknowledged(offset: .none)])
        #expect(harness.produced.first?.request.acks == 0)
    }
}

@Suite struct ProducerDeliveryBatchTests {
    /// Sends records under ten keys (spread over the three partitions) and drains them at acks=0,
    /// which completes every batch as it is sent: the producer then holds one report per batch.
    static func completeBatches(_ harness: inout ProducerHarness, round: Int) {
        for key in 0..<10 { harness.send(key: "k\(key)", value: "r\(round)-\(key)") }
        // The topic's metadata first (the first round's records wait for it), then the linger.
        harness.poll()
        harness.answerAll()
        harness.now = harness.now + .milliseconds(5)
        harness.producer.tick(at: harness.now)
        _ = harness.producer.takeCalls()
    }

    @Test("delivery batches taken into a list come in completion order, after those already there")
    func takenIntoAList() {
        var harness = ProducerHarness.started { $0.acks = 0 }
        var taken: [DeliveryBatch] = []
        var expected: [DeliveryBatch] = []
        for round in 0..<4 {
            Self.completeBatches(&harness, round: round)
            var reference = harness
            let batches = reference.producer.takeDeliveryBatches()
            #expect(batches.count > 1)
            expected += batches
            // The first round is taken into an empty list, the others after what is there.
            harness.producer.takeDeliveryBatches(into: &taken)
            #expect(taken == expected)
            #expect(harness.producer.takeDeliveryBatches().isEmpty)
            harness.producer.checkInvariants()
        }
        #expect(Set(taken.map(\.topicPartition.partition)) == [0, 1, 2])
        #expect(taken.reduce(0) { $0 + $1.recordIDs.count } == 40)
    }
}

@Suite struct ProducerRetryTests {
    @Test("an unanswered request times out after request.timeout.ms and is retried with the same bytes")
    func timeoutRetries() {
        var harness = ProducerHarness.started()
        harness.send(key: "k")
        harness.poll()
        harness.answerAll()
        harness.advance(.milliseconds(5))
        harness.answerAll(dropProduce: true)  // the broker is dead: no answer
        #expect(harness.produced.count == 1)
        harness.advance(.milliseconds(29_990))
        #expect(harness.producer.counters.requestTimeouts == 0)
        harness.advance(.milliseconds(10))
        #expect(harness.producer.counters.requestTimeouts == 1)
        harness.answerAll()  // metadata refresh
        harness.advance(.milliseconds(100))
        harness.answerAll()
        #expect(harness.produced.count == 2)
        #expect(harness.produced[0].request.partitions[0].batch == harness.produced[1].request.partitions[0].batch)
        #expect(harness.producer.counters.retries == 1)
        #expect(harness.reports.count == 1)
    }

    @Test("NOT_LEADER_OR_FOLLOWER refreshes metadata and the batch goes to the new leader")
    func notLeaderMovesToNewLeader() {
        var harness = ProducerHarness.started()
        harness.send(key: "k")
        harness.poll()
        harness.answerAll()
        let metadataBefore = harness.producer.counters.metadataRequestsSent
        harness.advance(.milliseconds(5))
        harness.answerAll { request in
            ProduceResponse(
                partitions: request.partitions.map {
                    ProducePartitionResponse($0.topicPartition, error: .notLeaderOrFollower)
                })
        }
        harness.leader = BrokerID(2)
        harness.leaderEpoch = LeaderEpoch(1)
        harness.advance(.milliseconds(100))
        harness.answerAll()
        harness.advance(.milliseconds(100))
        harness.answerAll()
        #expect(harness.producer.counters.metadataRequestsSent > metadataBefore)
        #expect(harness.produced.map(\.broker) == [BrokerID(1), BrokerID(2)])
        #expect(harness.reports.map(\.outcome) == [.acknowledged(offset: Offset(0))])
    }

    @Test("a batch is failed with REQUEST_TIMED_OUT once delivery.timeout.ms passes")
    func deliveryTimeout() {
        var harness = ProducerHarness.started()
        harness.leader = BrokerID(1)
        harness.send(key: "k")
        harness.poll()
        harness.answerAll()
        for _ in 0..<130 {
            harness.advance(.seconds(1))
            harness.answerAll(dropProduce: true)
        }
        #expect(harness.reports.map(\.outcome) == [.failed(.requestTimedOut)])
        #expect(harness.producer.recordsPending == 0)
    }

    @Test("a failed batch's successors are sent again after it, in order")
    func orderAfterFailure() {
        var harness = ProducerHarness.started { $0.batchSizeBytes = 200 }
        harness.send(key: "k")
        harness.poll()
        harness.answerAll()
        for index in 0..<10 { harness.send(key: "k", value: "value-\(index)-" + String(repeating: "z", count: 60)) }
        var failedFirst = false
        harness.advance(.milliseconds(5))
        harness.answerAll { request in
            guard !failedFirst else { return nil }
            failedFirst = true
            return ProduceResponse(
                partitions: request.partitions.map {
                    ProducePartitionResponse($0.topicPartition, error: .notEnoughReplicas)
                })
        }
        for _ in 0..<40 {
            harness.advance(.milliseconds(50))
            harness.answerAll()
        }
        let acknowledged = harness.reports.compactMap { report -> (RecordID, Int64)? in
            guard case .acknowledged(let offset) = report.outcome else { return nil }
            return (report.recordID, offset.rawValue)
        }
        #expect(acknowledged.count == 11)
        #expect(acknowledged.sorted { $0.1 < $1.1 }.map(\.0) == acknowledged.map(\.0).sorted())
    }
}

@Suite struct ProducerIdempotenceTests {
    @Test("InitProducerId comes first; batches carry the id, epoch and per-partition sequences")
    func stampsSequences() {
        var harness = ProducerHarness(ProducerTestsSupport.noLinger)
        harness.poll()
        #expect(harness.unanswered.contains { if case .initProducerID = $0.request { true } else { false } })
        harness.answerAll()
        for round in 0..<3 {
            for key in ["foobar", "abc"] { harness.send(key: key, value: "\(round)") }
            harness.poll()
            harness.answerAll()
        }
        let batches = harness.producedBatches
        #expect(batches.allSatisfy { $0.batch.producerID == 1000 && $0.batch.producerEpoch == 0 })
        for partition in Set(batches.map(\.topicPartition)) {
            let own = batches.filter { $0.topicPartition == partition }.map(\.batch)
            #expect(own.first?.baseSequence == 0)
            for (previous, next) in zip(own, own.dropFirst()) {
                #expect(next.baseSequence == previous.lastSequence + 1, "\(partition): \(own.map(\.baseSequence))")
            }
        }
    }

    @Test("OUT_OF_ORDER_SEQUENCE_NUMBER on the first batch bumps the epoch (KIP-360) and restarts sequences")
    func kip360() {
        var harness = ProducerHarness.started(ProducerTestsSupport.noLinger)
        harness.send(key: "abc")
        harness.poll()
        harness.answerAll()
        harness.send(key: "abc")
        harness.poll()
        harness.answerAll { request in
            ProduceResponse(
                partitions: request.partitions.map {
                    ProducePartitionResponse($0.topicPartition, error: .outOfOrderSequenceNumber)
                })
        }
        #expect(harness.reports.last?.outcome == .failed(.outOfOrderSequenceNumber))
        #expect(
            harness.initRequests == [
                InitProducerIDRequest(), InitProducerIDRequest(producerID: 1000, producerEpoch: 0),
            ])
        harness.sequences = [:]  // the fake broker knows nothing of the new producer id
        harness.send(key: "abc")
        harness.poll()
        harness.answerAll()
        let last = harness.producedBatches.last?.batch
        #expect(last?.producerID == 1001)
        #expect(last?.baseSequence == 0)
        #expect(harness.producer.counters.epochBumps == 1)
    }

    @Test("a batch whose answer was lost, behind a later acknowledged sequence, is done: no epoch bump, no second copy")
    func lostAnswerBehindLaterAcknowledgement() {
        var harness = ProducerHarness.started(ProducerTestsSupport.noLinger)
        harness.send(key: "abc", value: "warm-up")
        harness.poll()
        harness.answerAll()
        let lostRecord = harness.send(key: "abc", value: "first")
        harness.poll()
        // The leader appends the first batch, but its answer is lost on the way back.
        let produceCall = harness.unanswered.firstIndex {
            if case .produce = $0.request { true } else { false }
        }
        guard let produceCall, case .produce(let request) = harness.unanswered.remove(at: produceCall).request else {
            Issue.record("expected a Produce call among \(harness.unanswered)")
            return
        }
        _ = harness.append(request)
        // Later batches go and are acknowledged: the leader appended sequences after the first.
        for index in 1...6 {
            harness.send(key: "abc", value: "later-\(index)")
            harness.poll()
            harness.answerAll()
        }
        let firstSequence = request.partitions[0].batch.baseSequence
        // request.timeout.ms passes; the retry is too old for the leader's five-batch cache.
        harness.advance(.seconds(31))
        for _ in 0..<3 {
            harness.advance(.seconds(1))
            harness.answerAll { retry in
                ProduceResponse(
                    partitions: retry.partitions.map {
                        $0.batch.baseSequence == firstSequence
                            ? ProducePartitionResponse($0.topicPartition, error: .outOfOrderSequenceNumber)
                            : ProducePartitionResponse($0.topicPartition, error: .none, baseOffset: Offset(0))
                    })
            }
        }
        let first = harness.reports.first { $0.recordID == lostRecord }
        #expect(first?.outcome == .acknowledged(offset: .none))
        #expect(harness.producer.counters.epochBumps == 0)
        #expect(harness.initRequests.count == 1)
        #expect(harness.reports.allSatisfy { if case .acknowledged = $0.outcome { true } else { false } })
    }

    @Test("with idempotence off, batches carry no producer id or sequence")
    func notIdempotent() {
        var harness = ProducerHarness.started {
            $0.enableIdempotence = false; $0.linger = .zero
        }
        harness.send(key: "k")
        harness.poll()
        harness.answerAll()
        #expect(harness.producedBatches.first?.batch.producerID == RecordBatch.noProducerID)
        #expect(harness.producedBatches.first?.batch.baseSequence == RecordBatch.noSequence)
    }

    @Test("explicit idempotence with acks=1 is refused; the default turns idempotence off")
    func idempotenceConflicts() {
        var config = ProducerConfig(bootstrap: [BrokerID(1)])
        config.acks = 1
        #expect(!config.isIdempotent)
        config.enableIdempotence = true
        #expect(throws: ProducerConfigError.self) { try config.validate() }
    }

    @Test("records sent as lent bytes (with or without their key's hash) go out as the same records sent as arrays")
    func lentBytesSendAsArrays() {
        let keys: [[UInt8]?] = (0..<24).map { $0 % 5 == 4 ? nil : Array("key-\($0 * 7)".utf8) }
        typealias Send = (inout KafkaProducer, [UInt8]?, [UInt8], Instant) throws(ProducerError) -> Void
        func produced(_ send: Send) -> [ProducePartitionData] {
            var harness = ProducerHarness.started { config in
                config.linger = .zero
                config.seed = 11
            }
            harness.partitionCount = 4
            for (index, key) in keys.enumerated() {
                let value = [UInt8](repeating: UInt8(index), count: index * 3)
                do throws(ProducerError) {
                    try send(&harness.producer, key, value, harness.now)
                } catch {
                    Issue.record("send refused: \(error)")
                }
                if index % 6 == 5 {
                    harness.poll()
                    harness.answerAll()
                    harness.advance(.milliseconds(1))
                }
            }
            harness.poll()
            harness.answerAll()
            return harness.producedBatches
        }
        let asArrays = produced { producer, key, value, now throws(ProducerError) in
            try producer.send(topic: "t", key: key, value: value, at: now)
        }
        // Lent from the middle of larger buffers, so that a wrong start or count shows.
        for withHash in [false, true] {
            let lent = produced { producer, key, value, now throws(ProducerError) in
                let keyBuffer = [0xEE] + (key ?? []) + [0xEE]
                let valueBuffer = [0xEE] + value + [0xEE]
                let sent = keyBuffer.withUnsafeBytes { keyBytes in
                    valueBuffer.withUnsafeBytes { valueBytes in
                        Result { () throws(ProducerError) in
                            try producer.send(
                                topic: "t",
                                keyBytes: key == nil
                                    ? .null
                                    : NullableBytes(UnsafeRawBufferPointer(rebasing: keyBytes.dropFirst().dropLast())),
                                keyHash: withHash ? key.map(Murmur2.hash) : nil,
                                valueBytes: NullableBytes(
                                    UnsafeRawBufferPointer(rebasing: valueBytes.dropFirst().dropLast())),
                                at: now)
                        }
                    }
                }
                _ = try sent.get()
            }
            #expect(lent.map(\.topicPartition) == asArrays.map(\.topicPartition), "hash given: \(withHash)")
            #expect(lent.map(\.batch.bytes) == asArrays.map(\.batch.bytes), "hash given: \(withHash)")
        }
        #expect(Set(asArrays.map(\.topicPartition.partition)).count > 1)
        #expect(asArrays.reduce(0) { $0 + Int($1.batch.recordCount) } == keys.count)
    }
}

extension ProducerBatchingTests {
    @Test("records sized by their shape (key and value lengths) go out whole, shapes changing and sharing entries")
    func recordsOfChangingShapes() throws {
        // Runs of one shape, shapes one count apart (null against empty, 8 against 9 bytes), and
        // key counts that share an entry of the sizes (0, 8, 16 and 300 bytes; null and 7 bytes):
        // a size taken for the wrong shape would encode a wrong length, or account wrong bytes.
        let shapes: [(key: Int?, value: Int?)] = [
            (8, 100), (8, 100), (8, 100), (nil, 100), (0, 100), (0, nil), (0, 0), (9, 100), (8, 101), (8, 100),
            (300, 100), (8, 100), (16, 100), (0, 100), (8, 100), (7, 100), (nil, 100), (7, 100), (8, 100),
        ]
        var harness = ProducerHarness.started(ProducerTestsSupport.noLinger)
        harness.partitionCount = 1
        var sent: [(key: [UInt8]?, value: [UInt8]?)] = []
        for (index, shape) in shapes.enumerated() {
            let key = shape.key.map { [UInt8](repeating: UInt8(index), count: $0) }
            let value = shape.value.map { [UInt8](repeating: UInt8(200 - index), count: $0) }
            sent.append((key, value))
            try harness.producer.send(topic: harness.topic, key: key, value: value, at: harness.now)
            harness.producer.checkInvariants()
        }
        harness.poll()
        harness.answerAll()
        var records: [Record] = []
        for data in harness.producedBatches { records += try data.batch.records() }
        #expect(records.map(\.key) == sent.map(\.key))
        #expect(records.map(\.value) == sent.map(\.value))
        #expect(harness.producer.bufferedBytes == 0)
    }
}

enum ProducerTestsSupport {
    static func noLinger(_ config: inout ProducerConfig) { config.linger = .zero }
}
