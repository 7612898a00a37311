import KafkaClients
import KafkaCore
import Testing

/// Drives a `KafkaConsumer` by hand: a fake cluster (broker 1 leads every partition of topic
/// `t`, broker 2 coordinates the group) answers metadata and FindCoordinator at once; every
/// other call waits in `unanswered` until the test answers it. Time moves only when told.
struct ConsumerHarness {
    var consumer: KafkaConsumer
    var now = Instant.zero
    let topic = "t"
    var partitionCount: Int32 = 4
    let leader = BrokerID(1)
    let coordinator = BrokerID(2)
    /// Calls taken and not answered yet, oldest first.
    var unanswered: [ClientCall] = []

    init(_ configure: (inout ConsumerConfig) -> Void = { _ in }) {
        var config = ConsumerConfig(bootstrap: [BrokerID(1), BrokerID(2)], groupID: "g")
        config.autoOffsetReset = .earliest
        configure(&config)
        consumer = KafkaConsumer(config: config)
    }

    func partition(_ number: Int32) -> TopicPartition { TopicPartition(topic, number) }

    /// Takes new calls and answers metadata and FindCoordinator.
    mutating func collect() {
        var rounds = 0
        repeat {
            rounds += 1
            let calls = consumer.takeCalls()
            var answeredAny = false
            for call in calls {
                switch call.request {
                case .metadata:
                    reply(call, .metadata(metadata()))
                    answeredAny = true
                case .findCoordinator:
                    reply(call, .findCoordinator(FindCoordinatorResponse(error: .none, coordinator: coordinator)))
                    answeredAny = true
                default:
                    unanswered.append(call)
                }
            }
            if !answeredAny { break }
        } while rounds < 10
        consumer.checkInvariants()
        if let deadline = consumer.nextDeadline { #expect(deadline > now, "deadline \(deadline) is not after \(now)") }
    }

    mutating func advance(_ duration: Duration) {
        now = now + duration
        consumer.tick(at: now)
        collect()
    }

    mutating func reply(_ call: ClientCall, _ response: ClientResponse) {
        consumer.handle(response, id: call.id, from: call.broker, at: now)
    }

    /// Answers the oldest unanswered call the test expects to be of `apiName`.
    mutating func answer(
        _ apiName: String, sourceLocation: SourceLocation = #_sourceLocation,
        with respond: (ClientRequest) -> ClientResponse
    ) {
        guard let index = unanswered.firstIndex(where: { $0.request.apiName == apiName }) else {
            Issue.record(
                "no \(apiName) call; unanswered: \(unanswered.map(\.request.apiName))", sourceLocation: sourceLocation)
            return
        }
        let call = unanswered.remove(at: index)
        reply(call, respond(call.request))
        collect()
    }

    /// The oldest unanswered call of `apiName`, without answering it.
    func pending(_ apiName: String) -> ClientRequest? {
        unanswered.first { $0.request.apiName == apiName }?.request
    }

    /// Drops every unanswered call of `apiName` (a call the test does not care about).
    mutating func discard(_ apiName: String) { unanswered.removeAll { $0.request.apiName == apiName } }

    func metadata() -> MetadataResponse {
        let partitions = (0..<partitionCount).map {
            PartitionMetadata(
                partition: $0, error: .none, leader: leader, leaderEpoch: LeaderEpoch(0), replicas: [leader],
                isr: [leader],
                offlineReplicas: [])
        }
        return MetadataResponse(
            brokers: [BrokerID(1), BrokerID(2)], controllerID: BrokerID(1),
            topics: [TopicMetadata(name: topic, error: .none, partitions: partitions)])
    }

    /// A batch of `count` records from `baseOffset`, valued `v<offset>`.
    static func batch(from baseOffset: Int64, count: Int) -> [UInt8] {
        var builder = RecordBatchBuilder(baseOffset: Offset(baseOffset), partitionLeaderEpoch: LeaderEpoch(0))
        for offset in baseOffset..<(baseOffset + Int64(count)) {
            builder.append(timestamp: 0, key: nil, value: Array("v\(offset)".utf8))
        }
        return builder.build().bytes
    }

    /// Answers the pending Fetch with `count` records from `baseOffset` for `topicPartition` and
    /// nothing for the others.
    mutating func answerFetch(
        _ topicPartition: TopicPartition, from baseOffset: Int64, count: Int, highWatermark: Int64
    ) {
        answer("Fetch") { request in
            guard case .fetch(let fetch) = request else { return .fetch(FetchResponse(partitions: [])) }
            return .fetch(
                FetchResponse(
                    partitions: fetch.partitions.map { asked in
                        asked.topicPartition == topicPartition
                            ? FetchPartitionResponse(
                                asked.topicPartition, error: .none, highWatermark: Offset(highWatermark),
                                lastStableOffset: Offset(highWatermark), logStartOffset: Offset(0),
                                records: Self.batch(from: baseOffset, count: count))
                            : FetchPartitionResponse(asked.topicPartition, error: .none, highWatermark: Offset(0))
                    }))
        }
    }

    /// Assigns `topicPartition` alone and answers the consumer's OffsetFetch with `committed`,
    /// where its position then starts.
    mutating func assign(_ topicPartition: TopicPartition, committed: Int64) {
        consumer.assign([topicPartition])
        advance(.milliseconds(1))
        answer("OffsetFetch") { _ in
            .offsetFetch(
                OffsetFetchResponse(
                    error: .none,
                    partitions: [OffsetFetchPartitionResponse(topicPartition, committedOffset: Offset(committed))]))
        }
    }

    /// Subscribes and takes the member through MEMBER_ID_REQUIRED, JoinGroup and SyncGroup as a
    /// follower that gets `assigned`.
    mutating func joinAsFollower(memberID: String = "m1", generation: Int32 = 1, assigned: [TopicPartition]) {
        answer("JoinGroup") { _ in .joinGroup(JoinGroupResponse(error: .memberIDRequired, memberID: memberID)) }
        answer("JoinGroup") { _ in
            .joinGroup(
                JoinGroupResponse(
                    error: .none, generationID: generation, protocolType: "consumer", protocolName: "range",
                    leader: "leader", memberID: memberID))
        }
        answer("SyncGroup") { _ in
            .syncGroup(SyncGroupResponse(error: .none, assignment: Assignment(partitions: assigned).encoded()))
        }
    }
}
