import KafkaCluster
import KafkaCore
import Testing

@testable import Simulation

/// A Produce request that appends to several partitions of one leader wakes its followers'
/// parked fetches once, after every partition is appended (Kafka's `ReplicaManager.appendRecords`
/// runs the delayed-fetch checks from its action queue after the request): each follower's next
/// answer carries all the new records, not one partition per round trip.
@Suite struct ProduceFetchBatchingTests {
    @Test("a two-partition Produce reaches each follower in one fetch answer")
    func oneAnswerPerFollower() throws {
        var cluster = startedCluster(seed: 31, partitions: 6) { $0.traceCapacity = 4_096 }
        cluster.run(until: cluster.now + .seconds(2))
        let partitions = (0..<Int32(6)).map { TopicPartition("orders", $0) }
        let leader = try #require(cluster.leader(of: partitions[0]))
        let led = partitions.filter { cluster.leader(of: $0) == leader }
        try #require(led.count >= 2, "seed 31 gives broker \(leader) two of the six partitions")
        let pair = Array(led.prefix(2))
        cluster.world.traceRedaction = nil
        let sentAt = cluster.now
        let request = ProduceRequest(
            acks: ProduceRequest.acksAll, timeout: .seconds(30),
            partitions: pair.map { ProducePartitionData($0, batch: cluster.batch(values: [Array("v-\($0)".utf8)])) })
        let id = cluster.send(.produce(request), to: leader)
        guard case .produce(let response)? = cluster.awaitResponse(id, timeout: .seconds(5)) else {
            Issue.record("no answer to the produce")
            return
        }
        #expect(response.partitions.allSatisfy { $0.error == .none }, "\(response)")
        var firstAnswers: [NodeID: [TopicPartition]] = [:]
        for event in cluster.world.trace.elements where event.instant >= sentAt {
            guard case .delivered(let envelope, _) = event.kind, envelope.from == .broker(leader),
                case .response(_, .fetch(let fetch)) = envelope.message,
                firstAnswers[envelope.to] == nil
            else { continue }
            let withRecords = fetch.partitions.filter { !$0.records.isEmpty }.map(\.topicPartition)
            if !withRecords.isEmpty { firstAnswers[envelope.to] = withRecords }
        }
        #expect(firstAnswers.count == 2, "both followers fetched: \(firstAnswers)")
        for (follower, fetched) in firstAnswers {
            #expect(Set(fetched) == Set(pair), "\(follower)'s first answer after the produce: \(fetched)")
        }
    }
}
