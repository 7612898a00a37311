import KafkaCluster
import KafkaCore

/// A pipelined producer in the world: it learns the partitions' leaders with a Metadata
/// request, then keeps up to `maxInFlight` Produce requests in flight per partition, each one
/// ~16 KiB batch of `valueBytes` records, until its record budget is acknowledged.
///
/// Each partition's batch is built once and sent again and again (the leader assigns offsets,
/// so equal bytes are fine). Batches go to the partitions round-robin, one per partition per
/// round, always starting at partition 0: no hash order decides anything.
///
/// Per partition, a request is in one of these states:
///
/// | state | event | next |
/// |---|---|---|
/// | unsent (records in the pool) | the partition has a leader, no backoff, a free slot | in flight |
/// | in flight | answer without error | acknowledged (latency recorded) |
/// | in flight | answer with an error | unsent after `retryBackoff`; leader errors refresh metadata |
/// | in flight | `requestTimeout` passes unanswered | unsent; metadata is refreshed |
///
/// With `acks=0` there are no answers: a request counts as acknowledged when sent, no latency
/// is recorded, and `unacknowledgedInterval` paces the sends (see `ProducerWorkloadConfig`).
///
/// Memory is bounded: at most `maxInFlight` requests per partition are remembered, and
/// latencies go into a fixed-size `LatencyHistogram`.
public struct ProducerWorkload: Node {
    public typealias Message = ClusterMessage

    /// Request ids carry the partition in their low bits, so an answer finds its partition
    /// without a dictionary.
    static let partitionBits: UInt64 = 16
    static let partitionLimit = 1 << 15
    /// The low bits of a Metadata request's id (no partition uses them).
    static let metadataTag = UInt64(1 << 16 - 1)

    public let config: ProducerWorkloadConfig

    /// Records acknowledged (with `acks=0`: sent).
    public private(set) var acknowledgedRecords = 0
    public private(set) var produceRequestsSent = 0
    /// Error answers and timed-out requests; their records are sent again.
    public private(set) var errors = 0
    /// Requests that went unanswered for `requestTimeout` (counted in `errors` too).
    public private(set) var timeouts = 0
    public private(set) var metadataRequestsSent = 0
    /// Send-to-answer times of acknowledged requests, in simulated time.
    public private(set) var latency = LatencyHistogram()
    /// The first tick, and when the last record was acknowledged.
    public private(set) var startedAt: Instant?
    public private(set) var finishedAt: Instant?

    private var partitions: [PartitionProducer] = []
    /// Records of the budget in no request: not yet sent, or to be sent again.
    private var unsentRecords: Int
    private var nextSequence: UInt64 = 1
    private var metadataInFlight: (id: UInt64, deadline: Instant)?
    /// When to ask for metadata next; nil when every partition has a leader.
    private var metadataDueAt: Instant?
    /// Brokers to ask for metadata, taken in turn (the bootstrap broker until the first answer).
    private var brokers: [BrokerID]
    private var nextBroker = 0
    /// With `acks=0`: when the next round of sends is due.
    private var nextRoundAt: Instant?
    private var recordsPerBatch = 0
    /// The batch for a last, partial request, built when first needed.
    private var tail: (records: Int, batch: RecordBatch)?

    public init(config: ProducerWorkloadConfig) {
        self.config = config
        unsentRecords = config.records
        brokers = [config.bootstrap]
    }

    /// Whether the whole budget has been acknowledged.
    public var isFinished: Bool { finishedAt != nil }

    /// Requests sent and not yet answered, over all partitions.
    public var requestsInFlight: Int { partitions.reduce(0) { $0 + $1.inFlight.count } }

    // MARK: Node

    public mutating func receive(
        _ envelope: consuming Envelope<ClusterMessage>, at now: Instant
    ) -> [Outgoing<ClusterMessage>] {
        guard case .response(let id, let response) = envelope.message else { return [] }
        var out: [Outgoing<ClusterMessage>] = []
        switch response {
        case .metadata(let metadata):
            guard let pending = metadataInFlight, pending.id == id else { return [] }
            metadataInFlight = nil
            apply(metadata, at: now)
        case .produce(let produce):
            completeProduce(produce, id: id, at: now)
        default:
            return []
        }
        fill(at: now, into: &out)
        if metadataDueAt.map({ $0 <= now }) == true { requestMetadata(at: now, into: &out) }
        return out
    }

    public mutating func tick(at now: Instant) -> [Outgoing<ClusterMessage>] {
        var out: [Outgoing<ClusterMessage>] = []
        if startedAt == nil { start(at: now) }
        expireRequests(at: now)
        for index in partitions.indices where partitions[index].retryAt.map({ $0 <= now }) == true {
            partitions[index].retryAt = nil
        }
        if let pending = metadataInFlight, pending.deadline <= now {
            metadataInFlight = nil
            errors += 1
            timeouts += 1
            metadataDueAt = now
        }
        if metadataDueAt.map({ $0 <= now }) == true { requestMetadata(at: now, into: &out) }
        if let due = nextRoundAt, due <= now {
            for index in partitions.indices { partitions[index].sentThisRound = 0 }
            nextRoundAt = unsentRecords > 0 ? now + config.unacknowledgedInterval : nil
        }
        fill(at: now, into: &out)
        return out
    }

    public var nextDeadline: Instant? {
        if startedAt == nil { return .zero }
        var earliest = metadataInFlight?.deadline ?? metadataDueAt
        func consider(_ instant: Instant?) {
            guard let instant else { return }
            earliest = earliest.map { min($0, instant) } ?? instant
        }
        for partition in partitions {
            if let oldest = partition.inFlight.first { consider(oldest.sentAt + config.requestTimeout) }
            if unsentRecords > 0, let retryAt = partition.retryAt { consider(retryAt) }
        }
        consider(nextRoundAt)
        return earliest
    }

    // MARK: Sending

    private mutating func start(at now: Instant) {
        startedAt = now
        var builder = RecordBatchBuilder(capacityBytes: config.batchBytes)
        while true {
            let value = Self.value(config.valueBytes, seed: builder.recordCount)
            let next = builder.sizeOfNextRecord(timestamp: now.milliseconds, key: nil, value: value)
            if builder.sizeInBytes + next > config.batchBytes && !builder.isEmpty { break }
            builder.append(timestamp: now.milliseconds, key: nil, value: value)
        }
        recordsPerBatch = builder.recordCount
        let batch = builder.build()
        partitions = (0..<config.partitions).map {
            PartitionProducer(topicPartition: TopicPartition(config.topic, $0), batch: batch)
        }
        metadataDueAt = now
        if config.acks == 0 { nextRoundAt = now }
        if config.records == 0 { finishedAt = now }
    }

    /// `count` bytes of value, varied by `seed` so records differ.
    static func value(_ count: Int, seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7) }
    }

    /// Sends batches round-robin, one per partition per round, while any partition can take one.
    private mutating func fill(at now: Instant, into out: inout [Outgoing<ClusterMessage>]) {
        var sentInRound = true
        while unsentRecords > 0 && sentInRound {
            sentInRound = false
            for index in partitions.indices where unsentRecords > 0 && canSend(index, at: now) {
                send(index, at: now, into: &out)
                sentInRound = true
            }
        }
    }

    private func canSend(_ index: Int, at now: Instant) -> Bool {
        let partition = partitions[index]
        guard partition.leader != nil, partition.retryAt.map({ $0 <= now }) ?? true else { return false }
        if config.acks == 0 { return partition.sentThisRound < config.maxInFlight }
        return partition.inFlight.count < config.maxInFlight
    }

    private mutating func send(_ index: Int, at now: Instant, into out: inout [Outgoing<ClusterMessage>]) {
        guard let leader = partitions[index].leader else { return }
        let records = min(recordsPerBatch, unsentRecords)
        let batch = records == recordsPerBatch ? partitions[index].batch : tailBatch(records, at: now)
        unsentRecords -= records
        let id = nextSequence << Self.partitionBits | UInt64(index)
        nextSequence += 1
        produceRequestsSent += 1
        partitions[index].retryAt = nil
        let request = ProduceRequest(
            acks: config.acks, timeout: config.requestTimeout,
            partitions: [ProducePartitionData(partitions[index].topicPartition, batch: batch)])
        out.append(Outgoing(to: .broker(leader), message: .request(id: id, .produce(request))))
        if config.acks == 0 {
            partitions[index].sentThisRound += 1
            acknowledge(records, at: now)
        } else {
            partitions[index].inFlight.append(InFlightProduce(id: id, sentAt: now, records: records))
        }
    }

    private mutating func tailBatch(_ records: Int, at now: Instant) -> RecordBatch {
        if let tail, tail.records == records { return tail.batch }
        var builder = RecordBatchBuilder(capacityBytes: config.batchBytes)
        for index in 0..<records {
            builder.append(timestamp: now.milliseconds, key: nil, value: Self.value(config.valueBytes, seed: index))
        }
        let batch = builder.build()
        tail = (records, batch)
        return batch
    }

    private mutating func acknowledge(_ records: Int, at now: Instant) {
        acknowledgedRecords += records
        if acknowledgedRecords == config.records && finishedAt == nil { finishedAt = now }
        precondition(
            acknowledgedRecords <= config.records,
            "acknowledged \(acknowledgedRecords) records of a budget of \(config.records)")
    }

    // MARK: Answers

    private mutating func completeProduce(_ response: ProduceResponse, id: UInt64, at now: Instant) {
        let index = Int(id & (1 << Self.partitionBits - 1))
        guard index < partitions.count,
            let slot = partitions[index].inFlight.firstIndex(where: { $0.id == id })
        else { return }  // Answered after it timed out: its records were already sent again.
        let request = partitions[index].inFlight.remove(at: slot)
        let error = response.partitions.first?.error ?? .unknownServerError
        guard error == .none else {
            fail(index, request, leaderMoved: Self.isLeaderError(error), at: now)
            return
        }
        latency.record(now - request.sentAt)
        acknowledge(request.records, at: now)
    }

    /// Errors that mean the client's idea of the leader is stale.
    static func isLeaderError(_ error: KafkaError) -> Bool {
        switch error {
        case .notLeaderOrFollower, .leaderNotAvailable, .unknownTopicOrPartition, .requestTimedOut: true
        default: false
        }
    }

    /// Puts a failed request's records back in the pool; the partition waits `retryBackoff`.
    private mutating func fail(_ index: Int, _ request: InFlightProduce, leaderMoved: Bool, at now: Instant) {
        errors += 1
        unsentRecords += request.records
        partitions[index].retryAt = now + config.retryBackoff
        if leaderMoved {
            partitions[index].leader = nil
            if metadataDueAt == nil { metadataDueAt = now }
        }
    }

    private mutating func expireRequests(at now: Instant) {
        for index in partitions.indices {
            while let oldest = partitions[index].inFlight.first, oldest.sentAt + config.requestTimeout <= now {
                partitions[index].inFlight.removeFirst()
                timeouts += 1
                fail(index, oldest, leaderMoved: true, at: now)
            }
        }
    }

    // MARK: Metadata

    private mutating func requestMetadata(at now: Instant, into out: inout [Outgoing<ClusterMessage>]) {
        guard metadataInFlight == nil, !brokers.isEmpty else { return }
        let broker = brokers[nextBroker % brokers.count]
        nextBroker += 1
        let id = nextSequence << Self.partitionBits | Self.metadataTag
        nextSequence += 1
        metadataRequestsSent += 1
        metadataInFlight = (id, now + config.requestTimeout)
        metadataDueAt = nil
        out.append(
            Outgoing(to: .broker(broker), message: .request(id: id, .metadata(MetadataRequest(topics: [config.topic]))))
        )
    }

    /// Takes the leaders the answer names; asks again after `retryBackoff` while any is missing.
    private mutating func apply(_ metadata: MetadataResponse, at now: Instant) {
        if !metadata.brokers.isEmpty { brokers = metadata.brokers }
        let topic = metadata.topics.first { $0.name == config.topic }
        for entry in topic?.partitions ?? [] where entry.partition >= 0 && entry.partition < config.partitions {
            partitions[Int(entry.partition)].leader = entry.error == .none ? entry.leader : nil
        }
        if partitions.contains(where: { $0.leader == nil }) { metadataDueAt = now + config.retryBackoff }
    }
}

/// One partition's side of a `ProducerWorkload`.
struct PartitionProducer {
    let topicPartition: TopicPartition
    /// The full batch every request carries.
    let batch: RecordBatch
    var leader: BrokerID?
    /// Oldest first; at most `maxInFlight`.
    var inFlight: [InFlightProduce] = []
    /// No sends before this instant (after an error).
    var retryAt: Instant?
    /// With `acks=0`: requests sent since the current round began.
    var sentThisRound = 0

    init(topicPartition: TopicPartition, batch: RecordBatch) {
        self.topicPartition = topicPartition
        self.batch = batch
    }
}

/// A Produce request awaiting its answer.
struct InFlightProduce {
    let id: UInt64
    let sentAt: Instant
    let records: Int
}
