import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// A leader's incremental fetch session skips reading a partition unchanged since a read found
/// the fetcher caught up (`FetchReadMemo`). These tests hold a consumer session at a leader
/// until the skip applies (two incremental fetches with nothing new), then change the partition
/// and check that the next fetch, or a parked one, hears of it as a full read would.
@Suite struct FetchSessionSkipTests {
    /// A consumer's fetch session with one broker, driven by hand.
    struct Session {
        let broker: BrokerID
        var metadata = FetchMetadata.initial

        /// Sends the next fetch of the session and waits for its answer.
        mutating func fetch(
            _ cluster: inout SimulatedCluster, _ partitions: [FetchPartition] = [], maxWait: Duration = .zero
        ) throws -> FetchResponse {
            let id = send(&cluster, partitions, maxWait: maxWait)
            return try answer(&cluster, id)
        }

        /// Sends the next fetch of the session without waiting.
        mutating func send(
            _ cluster: inout SimulatedCluster, _ partitions: [FetchPartition], maxWait: Duration = .zero
        ) -> UInt64 {
            let request = FetchRequest(maxWait: maxWait, session: metadata, partitions: partitions)
            let id = cluster.send(.fetch(request), to: broker)
            return id
        }

        /// Waits for the answer to `id` and moves the session on.
        mutating func answer(_ cluster: inout SimulatedCluster, _ id: UInt64) throws -> FetchResponse {
            guard case .fetch(let response)? = cluster.awaitResponse(id, timeout: .seconds(10)) else {
                throw Unanswered()
            }
            if metadata.isFull {
                metadata = FetchMetadata.newIncremental(sessionID: response.sessionID)
            } else {
                metadata = metadata.nextIncremental
            }
            return response
        }

        struct Unanswered: Error {}
    }

    /// A started cluster whose `orders-0` has two acknowledged records, and a consumer session
    /// with its leader that fetches at the high watermark and has had two incremental answers
    /// with nothing new (the second read skipped).
    static func settled(seed: UInt64) throws -> (SimulatedCluster, Session, TopicPartition) {
        var cluster = startedCluster(seed: seed, partitions: 1)
        let partition = TopicPartition("orders", 0)
        let produced = cluster.produceSeries(2, to: partition)
        #expect(produced.allSatisfy { $0.error == .none }, "seed \(seed): \(produced)")
        let leader = try #require(cluster.leader(of: partition))
        var session = Session(broker: leader)
        let full = try session.fetch(&cluster, [FetchPartition(partition, fetchOffset: Offset(2))])
        #expect(full.error == .none && full.sessionID != FetchMetadata.invalidSessionID, "seed \(seed): \(full)")
        let highWatermark = try #require(full.partitions.first?.highWatermark)
        #expect(highWatermark == Offset(2), "seed \(seed): \(full)")
        for _ in 0..<2 {
            let idle = try session.fetch(&cluster)
            #expect(idle.error == .none && idle.partitions.isEmpty, "seed \(seed): an idle answer carried \(idle)")
        }
        return (cluster, session, partition)
    }

    @Test("after skipped reads, new records and a new high watermark reach the next incremental fetch")
    func newRecords() throws {
        var (cluster, session, partition) = try Self.settled(seed: 91)
        #expect(cluster.produceSeries(1, to: partition).first?.error == KafkaError.none)
        let answer = try session.fetch(&cluster)
        let news = try #require(answer.partitions.first, "seed 91: the new record was not answered: \(answer)")
        #expect(news.topicPartition == partition && news.error == .none)
        #expect(news.highWatermark == Offset(3))
        #expect(!news.records.isEmpty, "seed 91: no records from offset 2 to the high watermark 3")
        cluster.expectHealthy(91)
    }

    @Test("a parked incremental fetch whose reads were skipped completes when a record arrives")
    func parkedFetchCompletes() throws {
        var (cluster, session, partition) = try Self.settled(seed: 92)
        let id = session.send(&cluster, [], maxWait: .seconds(5))
        cluster.run(for: .milliseconds(200), checking: true)
        #expect(cluster.answer(id) == nil, "seed 92: the fetch did not wait")
        let sent = cluster.world.now
        #expect(cluster.produceSeries(1, to: partition).first?.error == KafkaError.none)
        let answer = try session.answer(&cluster, id)
        #expect(cluster.world.now - sent < .seconds(4), "seed 92: the parked fetch waited out its maxWait")
        let news = try #require(answer.partitions.first, "seed 92: \(answer)")
        #expect(news.highWatermark == Offset(3) && !news.records.isEmpty, "seed 92: \(news)")
        cluster.expectHealthy(92)
    }

    @Test("after skipped reads, a leader that lost its leadership answers NOT_LEADER_OR_FOLLOWER")
    func lostLeadership() throws {
        let seed: UInt64 = 93
        var cluster = startedCluster(seed: seed, partitions: 1)
        let partition = TopicPartition("orders", 0)
        let preferred = try #require(cluster.registration(partition)?.replicas.first)
        cluster.kill(preferred)
        cluster.awaitFailover(of: partition, awayFrom: preferred)
        let produced = cluster.produceSeries(2, to: partition)
        #expect(produced.allSatisfy { $0.error == .none }, "seed \(seed): \(produced)")
        let interim = try #require(cluster.leader(of: partition))
        cluster.restart(preferred)
        cluster.eventually("the preferred replica back in the ISR", within: .seconds(60)) {
            $0.isr(partition).contains(preferred)
        }
        var session = Session(broker: interim)
        let full = try session.fetch(&cluster, [FetchPartition(partition, fetchOffset: Offset(2))])
        #expect(full.error == .none && full.sessionID != FetchMetadata.invalidSessionID, "seed \(seed): \(full)")
        for _ in 0..<2 {
            let idle = try session.fetch(&cluster)
            #expect(idle.partitions.isEmpty, "seed \(seed): \(idle)")
        }
        let electing = cluster.electPreferredLeaders([partition])
        #expect(electing)
        cluster.eventually("the preferred leader elected", within: .seconds(30)) {
            $0.leader(of: partition) == preferred && $0.isServing(partition)
        }
        let answer = try session.fetch(&cluster)
        let news = try #require(answer.partitions.first, "seed \(seed): the lost leadership was not answered")
        #expect(news.error == .notLeaderOrFollower, "seed \(seed): \(news)")
        cluster.expectHealthy(seed)
    }
}
