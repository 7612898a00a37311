import KafkaClients
import KafkaCore
import Testing

/// Drives a `KafkaProducer` by hand: a fake broker answers its calls, time moves only when the
/// test says so.
struct ProducerHarness {
    var producer: KafkaProducer
    var now = Instant.zero
    var topic = "t"
    var partitionCount: Int32 = 3
    var leader = BrokerID(1)
    /// Leaders of partitions that are not led by `leader`.
    var partitionLeaders: [Int32: BrokerID] = [:]
    var leaderEpoch = LeaderEpoch(0)
    var nextProducerID: Int64 = 1000
    /// Calls taken but not answered yet, oldest first.
    var unanswered: [ClientCall] = []
    /// Every Produce request the producer sent, in order.
    var produced: [(broker: BrokerID, request: ProduceRequest)] = []
    /// The log end offset per partition of the fake leader.
    var logEnd: [Int32: Int64] = [:]
    var reports: [DeliveryReport] = []
    /// Every InitProducerId request, in order.
    var initRequests: [InitProducerIDRequest] = []
    /// Per partition, the batches appended by an idempotent producer: (first, last sequence, base offset).
    var sequences: [Int32: [(first: Int32, last: Int32, baseOffset: Int64)]] = [:]

    init(_ configure: (inout ProducerConfig) -> Void = { _ in }) {
        var config = ProducerConfig(bootstrap: [BrokerID(1), BrokerID(2)])
        configure(&config)
        producer = KafkaProducer(config: config)
    }

    /// Sends, failing the test on a refusal.
    @discardableResult
    mutating func send(key: String?, value: String = "v") -> RecordID? {
        do {
            return try producer.send(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), at: now)
        } catch {
            Issue.record("send refused: \(error)")
            return nil
        }
    }

    /// Takes the producer's new calls into `unanswered`, after a tick at `now`.
    mutating func poll() {
        producer.tick(at: now)
        collect()
    }

    mutating func collect() {
        unanswered += producer.takeCalls()
        reports += producer.takeDeliveryReports()
        producer.checkInvariants()
        if let deadline = producer.nextDeadline { #expect(deadline > now, "deadline \(deadline) is not after \(now)") }
    }

    mutating func advance(_ duration: Duration) {
        now = now + duration
        poll()
    }

    /// Answers every unanswered call with the fake broker, repeatedly until none is left.
    /// Produce goes through `produce` (nil: append); `dropProduce` leaves Produce unanswered
    /// forever, as a dead broker does.
    mutating func answerAll(dropProduce: Bool = false, produce: (ProduceRequest) -> ProduceResponse? = { _ in nil }) {
        var rounds = 0
        while !unanswered.isEmpty && rounds < 20 {
            rounds += 1
            let calls = unanswered
            unanswered = []
            for call in calls { answer(call, dropProduce: dropProduce, produce: produce) }
        }
    }

    mutating func answer(_ call: ClientCall, dropProduce: Bool, produce: (ProduceRequest) -> ProduceResponse?) {
        let response: ClientResponse
        switch call.request {
        case .metadata:
            response = .metadata(metadata())
        case .initProducerID(let request):
            initRequests.append(request)
            response = .initProducerID(
                InitProducerIDResponse(error: .none, producerID: nextProducerID, producerEpoch: 0))
            nextProducerID += 1
        case .produce(let request):
            produced.append((call.broker, request))
            guard request.acks != 0, !dropProduce else { return }
            response = .produce(produce(request) ?? append(request))
        default:
            return
        }
        producer.handle(response, id: call.id, from: call.broker, at: now)
        collect()
    }

    func metadata() -> MetadataResponse {
        let partitions = (0..<partitionCount).map {
            let leader = partitionLeaders[$0] ?? leader
            return PartitionMetadata(
                partition: $0, error: .none, leader: leader, leaderEpoch: leaderEpoch, replicas: [leader],
                isr: [leader],
                offlineReplicas: [])
        }
        return MetadataResponse(
            brokers: [BrokerID(1), BrokerID(2)], controllerID: BrokerID(1),
            topics: [TopicMetadata(name: topic, error: .none, partitions: partitions)])
    }

    /// The fake leader appends every batch; batches with a producer id must continue their
    /// partition's sequence (a retry of a recent batch gets its original offset back).
    mutating func append(_ request: ProduceRequest) -> ProduceResponse {
        ProduceResponse(
            partitions: request.partitions.map { data in
                let partition = data.topicPartition.partition
                let batch = data.batch
                if batch.producerID != RecordBatch.noProducerID {
                    let cached = sequences[partition, default: []]
                    if let duplicate = cached.first(where: {
                        $0.first == batch.baseSequence && $0.last == batch.lastSequence
                    }) {
                        return ProducePartitionResponse(
                            data.topicPartition, error: .none, baseOffset: Offset(duplicate.baseOffset))
                    }
                    let expected = cached.last.map { $0.last + 1 } ?? 0
                    guard batch.baseSequence == expected else {
                        return ProducePartitionResponse(data.topicPartition, error: .outOfOrderSequenceNumber)
                    }
                    sequences[partition, default: []].append(
                        (batch.baseSequence, batch.lastSequence, logEnd[partition, default: 0]))
                }
                let base = logEnd[data.topicPartition.partition, default: 0]
                logEnd[data.topicPartition.partition] = base + Int64(data.batch.lastOffsetDelta) + 1
                return ProducePartitionResponse(data.topicPartition, error: .none, baseOffset: Offset(base))
            })
    }

    /// A started producer: metadata (and identity) answered.
    static func started(_ configure: (inout ProducerConfig) -> Void = { _ in }) -> ProducerHarness {
        var harness = ProducerHarness(configure)
        harness.poll()
        harness.answerAll()
        return harness
    }

    /// The batches of every Produce request so far, flattened.
    var producedBatches: [ProducePartitionData] { produced.flatMap(\.request.partitions) }
}
