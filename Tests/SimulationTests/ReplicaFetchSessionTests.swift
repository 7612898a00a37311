import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// Replica fetch sessions (KIP-227) in a running cluster, read from the world's trace.
@Suite struct ReplicaFetchSessionTests {
    struct FetchSent {
        var from: BrokerID
        var to: BrokerID
        var request: FetchRequest
    }

    struct FetchAnswered {
        var from: BrokerID
        var to: BrokerID
        var response: FetchResponse
    }

    /// Runs for `duration` in 200 ms steps, collecting the replica fetches delivered between
    /// brokers and their answers.
    static func collect(
        _ cluster: inout SimulatedCluster, for duration: Duration
    ) -> (requests: [FetchSent], responses: [FetchAnswered]) {
        var requests: [FetchSent] = []
        var responses: [FetchAnswered] = []
        var read = cluster.world.trace.appendedCount
        var elapsed = Duration.zero
        while elapsed < duration {
            cluster.run(for: .milliseconds(200), checking: true)
            elapsed = elapsed + .milliseconds(200)
            let trace = cluster.world.trace
            let fresh = trace.appendedCount - read
            #expect(fresh <= trace.count, "the trace ring overflowed between two looks")
            read = trace.appendedCount
            for event in trace.elements.suffix(fresh) {
                guard case .delivered(let envelope, _) = event.kind, let from = envelope.from.brokerID,
                    let to = envelope.to.brokerID
                else { continue }
                switch envelope.message {
                case .request(_, .fetch(let request)) where request.replicaID != nil:
                    requests.append(FetchSent(from: from, to: to, request: request))
                case .response(_, .fetch(let response)):
                    responses.append(FetchAnswered(from: from, to: to, response: response))
                default:
                    continue
                }
            }
        }
        return (requests, responses)
    }

    @Test("followers fetch incrementally, and answers carry only the partitions with news")
    func incrementalFetches() throws {
        let seed: UInt64 = 71
        var cluster = startedCluster(seed: seed, partitions: 6) { $0.traceCapacity = 4_096 }
        _ = Self.collect(&cluster, for: .seconds(3))
        let partition = TopicPartition("orders", 0)
        let leader = try #require(cluster.leader(of: partition))
        let produced = cluster.produceSeries(3, to: partition)
        #expect(produced.allSatisfy { $0.error == .none }, "seed \(seed): \(produced)")
        let seen = Self.collect(&cluster, for: .seconds(3))
        #expect(!seen.requests.isEmpty)
        for sent in seen.requests {
            #expect(
                !sent.request.session.isFull && sent.request.session.sessionID != 0,
                "seed \(seed): a settled follower sent \(sent.request.session)")
        }
        // The other five partitions are idle: no answer mentions them, and no request either
        // (their fetch states stand).
        let answered = seen.responses.flatMap { $0.response.partitions.map(\.topicPartition) }
        #expect(answered.allSatisfy { $0 == partition }, "seed \(seed): \(answered)")
        let listed = seen.requests.flatMap { $0.request.partitions.map(\.topicPartition) }
        #expect(listed.allSatisfy { $0 == partition }, "seed \(seed): \(listed)")
        // The high watermark of the last record reaches the followers in an answer of its own.
        #expect(
            seen.responses.contains { answer in
                answer.from == leader && answer.response.partitions.contains { $0.topicPartition == partition }
            }, "seed \(seed): no answer carried \(partition)'s news")
        cluster.expectHealthy(seed)
    }

    @Test("an incremental fetch lists the partitions whose fetch state moved, and only those")
    func incrementalRequests() throws {
        let seed: UInt64 = 73
        var cluster = startedCluster(seed: seed, partitions: 6) { $0.traceCapacity = 4_096 }
        _ = Self.collect(&cluster, for: .seconds(3))
        let partition = TopicPartition("orders", 0)
        let leader = try #require(cluster.leader(of: partition))
        // With acks=0 nothing runs before the collection, which sees the followers fetch them.
        let produced = cluster.produceSeries(3, to: partition, acks: 0)
        #expect(produced.allSatisfy { $0.error == .none }, "seed \(seed): \(produced)")
        let seen = Self.collect(&cluster, for: .seconds(3))
        let listed = seen.requests.flatMap { $0.request.partitions.map(\.topicPartition) }
        #expect(listed.allSatisfy { $0 == partition }, "seed \(seed): \(listed)")
        for follower in cluster.followers(of: partition) {
            let offsets = seen.requests.filter { $0.from == follower && $0.to == leader }.flatMap { sent in
                sent.request.partitions.filter { $0.topicPartition == partition }.map(\.fetchOffset)
            }
            #expect(offsets.last == Offset(3), "seed \(seed): \(follower) listed \(partition) at \(offsets)")
        }
        cluster.expectHealthy(seed)
    }

    /// A restarted broker has no fetch sessions. A follower that still holds one with it gets
    /// `FETCH_SESSION_ID_NOT_FOUND` and fetches in full; a follower whose fetch to the dead
    /// broker timed out fetches in full at once. Either way, incremental fetches resume in the
    /// new session.
    @Test("a restarted leader makes its followers fetch in full once, then incrementally again")
    func leaderRestart() throws {
        let seed: UInt64 = 72
        var cluster = startedCluster(seed: seed, partitions: 3) { options in
            options.traceCapacity = 4_096
            options.server.leaderImbalanceCheckInterval = .seconds(5)
        }
        let partition = TopicPartition("orders", 0)
        let preferred = try #require(cluster.registration(partition)?.replicas.first)
        _ = Self.collect(&cluster, for: .seconds(3))
        cluster.kill(preferred)
        cluster.eventually("failover", within: .seconds(30)) {
            $0.leader(of: partition).map { $0 != preferred } ?? false
        }
        cluster.restart(preferred)
        let seen = Self.collect(&cluster, for: .seconds(60))
        #expect(cluster.leader(of: partition) == preferred, "seed \(seed): the preferred leader did not come back")
        let followers = Set(seen.requests.filter { $0.to == preferred }.map(\.from)).sorted()
        #expect(!followers.isEmpty, "seed \(seed): nobody fetched from the restarted broker")
        for follower in followers {
            let sessions = seen.requests.filter { $0.from == follower && $0.to == preferred }.map(\.request.session)
            let answers = seen.responses.filter { $0.from == preferred && $0.to == follower }.map(\.response)
            let full = try #require(
                sessions.firstIndex { $0.isFull }, "seed \(seed): \(follower) never fetched in full")
            #expect(full == sessions.firstIndex { $0.epoch == FetchMetadata.initialEpoch })
            let notFound = answers.filter { $0.error == .fetchSessionIDNotFound }
            #expect(
                notFound.count == full, "seed \(seed): stale incremental fetches of \(follower) before the full one")
            let created = try #require(answers.first { $0.error == .none }?.sessionID)
            #expect(created != 0)
            let after = sessions[(full + 1)...]
            #expect(!after.isEmpty)
            #expect(
                after.allSatisfy { $0.sessionID == created && !$0.isFull },
                "seed \(seed): \(follower) after its full fetch: \(Array(after))")
        }
        cluster.expectHealthy(seed)
    }
}
