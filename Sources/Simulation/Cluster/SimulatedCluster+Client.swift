import KafkaCluster
import KafkaCore

/// The in-process client API: the minimal produce/fetch path for tests and benchmarks. Every
/// call is a real request through the network to a broker's entry point.
extension SimulatedCluster {
    /// Sends `request` to `broker` as the in-process client; the id to `await`.
    @discardableResult
    public mutating func send(_ request: ClientRequest, to broker: BrokerID) -> UInt64 {
        let id = nextRequestID
        nextRequestID += 1
        world.inject(.request(id: id, request), from: Self.client, to: .broker(broker))
        return id
    }

    /// Runs the world until the answer to `id` arrives or `timeout` passes.
    public mutating func awaitResponse(
        _ id: UInt64, timeout: Duration = .seconds(60), checking: Bool = false
    ) -> ClientResponse? {
        let mailbox = mailbox
        run(until: { _ in mailbox.has(id) }, timeout: timeout, checking: checking)
        return mailbox.take(id)?.response
    }

    /// The answer to `id` if it has arrived, and when.
    public func answer(_ id: UInt64) -> (response: ClientResponse, arrivedAt: Instant)? {
        mailbox.responses[id]
    }

    /// Takes the answer to `id` out of the mailbox.
    public mutating func takeAnswer(_ id: UInt64) -> (response: ClientResponse, arrivedAt: Instant)? {
        mailbox.take(id)
    }

    /// Runs until there is an active controller and every live broker is registered and
    /// unfenced; whether that happened within `timeout`.
    @discardableResult
    public mutating func awaitRunning(timeout: Duration = .seconds(60), checking: Bool = false) -> Bool {
        run(
            until: { cluster in
                cluster.activeController != nil
                    && cluster.brokerIDs.filter(cluster.isUp).allSatisfy { cluster.server($0)?.brokerState == .running }
            }, timeout: timeout, checking: checking)
    }

    /// A live broker to ask, preferring the lowest id.
    public var anyLiveBroker: BrokerID? { brokerIDs.first(where: isUp) }

    /// Creates a topic and waits until every partition has a leader that knows it leads.
    public mutating func createTopic(
        _ name: String, partitions: Int32, replicationFactor: Int16, configs: [ConfigEntry] = [],
        timeout: Duration = .seconds(60), checking: Bool = false
    ) -> CreatedTopic {
        guard awaitRunning(timeout: timeout, checking: checking), let broker = anyLiveBroker else {
            return CreatedTopic(name: name, error: .brokerNotAvailable, message: "the cluster did not start in time")
        }
        let topic = NewTopic(
            name: name, partitions: partitions, replicationFactor: replicationFactor, configs: configs)
        let id = send(.createTopics(CreateTopicsRequest(topics: [topic])), to: broker)
        guard case .createTopics(let response)? = awaitResponse(id, timeout: timeout, checking: checking),
            let created = response.topics.first
        else { return CreatedTopic(name: name, error: .requestTimedOut) }
        guard created.error == .none else { return created }
        let ready = run(
            until: { cluster in
                (0..<partitions).allSatisfy { cluster.isServing(TopicPartition(name, $0)) }
            }, timeout: timeout, checking: checking)
        return ready ? created : CreatedTopic(name: name, error: .leaderNotAvailable, message: "no leader in time")
    }

    /// Whether the controller's leader for the partition is up and acting as leader in the same
    /// epoch.
    public func isServing(_ topicPartition: TopicPartition) -> Bool {
        guard let registration = registration(topicPartition), registration.hasLeader, isUp(registration.leader),
            let view = server(registration.leader)?.replica(topicPartition)
        else { return false }
        return view.role == .leader && view.leaderEpoch == registration.leaderEpoch
    }

    /// A batch of `values` (keys optional), stamped for an idempotent producer when given.
    public func batch(
        values: [[UInt8]], keys: [[UInt8]?]? = nil, producer: ProducerStamp? = nil
    ) -> RecordBatch {
        var builder = RecordBatchBuilder(
            producerID: producer?.producerID ?? RecordBatch.noProducerID,
            producerEpoch: producer?.producerEpoch ?? RecordBatch.noProducerEpoch,
            baseSequence: producer?.baseSequence ?? RecordBatch.noSequence,
            capacityBytes: values.reduce(RecordBatch.headerSize) { $0 + $1.count + 24 })
        for (index, value) in values.enumerated() {
            builder.append(timestamp: now.milliseconds, key: keys?[index] ?? nil, value: value)
        }
        return builder.build()
    }

    /// Produces `batch` to `topicPartition` through `broker` (default: the controller's leader)
    /// and waits for the answer; successful `acks=1`/`acks=all` answers are recorded with the
    /// checker as acknowledged.
    public mutating func produce(
        _ batch: RecordBatch, to topicPartition: TopicPartition, acks: Int16 = ProduceRequest.acksAll,
        via broker: BrokerID? = nil, timeout: Duration = .seconds(30), checking: Bool = false
    ) -> ProducePartitionResponse {
        guard let target = broker ?? leader(of: topicPartition) else {
            return ProducePartitionResponse(topicPartition, error: .leaderNotAvailable)
        }
        let request = ProduceRequest(
            acks: acks, timeout: timeout, partitions: [ProducePartitionData(topicPartition, batch: batch)])
        let id = send(.produce(request), to: target)
        if acks == 0 { return ProducePartitionResponse(topicPartition, error: .none) }
        guard case .produce(let response)? = awaitResponse(id, timeout: timeout + .seconds(5), checking: checking),
            let answer = response.partitions.first
        else { return ProducePartitionResponse(topicPartition, error: .requestTimedOut) }
        if answer.error == .none { checker.acknowledged(batch, at: answer.baseOffset, in: topicPartition, acks: acks) }
        return answer
    }

    /// Fetches as a consumer from `broker` (default: the leader), up to its high watermark.
    public mutating func fetch(
        _ topicPartition: TopicPartition, from offset: Offset, via broker: BrokerID? = nil, maxWait: Duration = .zero
    ) -> FetchPartitionResponse {
        guard let target = broker ?? leader(of: topicPartition) else {
            return FetchPartitionResponse(topicPartition, error: .leaderNotAvailable)
        }
        let request = FetchRequest(maxWait: maxWait, partitions: [FetchPartition(topicPartition, fetchOffset: offset)])
        let id = send(.fetch(request), to: target)
        guard case .fetch(let response)? = awaitResponse(id), let answer = response.partitions.first else {
            return FetchPartitionResponse(topicPartition, error: .requestTimedOut)
        }
        return answer
    }

    /// Every batch a consumer can read from the leader now, from `offset` (the log start
    /// offset, when retention moved it past) to the high watermark.
    public mutating func consumeAll(_ topicPartition: TopicPartition, from start: Offset = Offset(0)) -> [RecordBatch] {
        var batches: [RecordBatch] = []
        var offset = start
        for _ in 0..<100_000 {
            let answer = fetch(topicPartition, from: offset)
            guard answer.error == .none, !answer.records.isEmpty else { break }
            let scan = RecordBatch.batches(in: answer.records, validating: true)
            guard let last = scan.batches.last else { break }
            batches += scan.batches.filter { $0.lastOffset >= offset }
            offset = last.nextOffset
        }
        return batches
    }

    /// InitProducerId through `broker` (default: any live one).
    public mutating func initProducerID(via broker: BrokerID? = nil) -> InitProducerIDResponse {
        guard let target = broker ?? anyLiveBroker else { return InitProducerIDResponse(error: .brokerNotAvailable) }
        let id = send(.initProducerID(InitProducerIDRequest()), to: target)
        guard case .initProducerID(let response)? = awaitResponse(id) else {
            return InitProducerIDResponse(error: .requestTimedOut)
        }
        return response
    }

    /// Metadata as `broker` sees it.
    public mutating func metadata(via broker: BrokerID, topics: [String]? = nil) -> MetadataResponse? {
        let id = send(.metadata(MetadataRequest(topics: topics)), to: broker)
        guard case .metadata(let response)? = awaitResponse(id) else { return nil }
        return response
    }
}

/// The producer id, epoch and first sequence to stamp on a batch.
public struct ProducerStamp: Hashable, Sendable {
    public var producerID: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32

    public init(producerID: Int64, producerEpoch: Int16, baseSequence: Int32) {
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
    }
}
