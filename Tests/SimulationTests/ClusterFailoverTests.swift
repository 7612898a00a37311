import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// The failovers of issue #4, each on a seeded cluster with the checker watching every event.
@Suite struct ClusterFailoverTests {
    let partition = TopicPartition("orders", 0)

    @Test("a three-broker cluster elects a controller, creates a topic and serves acks=all writes to consumers")
    func produceAndConsume() {
        var cluster = startedCluster(seed: 7)
        let answers = cluster.produceSeries(10, to: partition)
        #expect(answers.allSatisfy { $0.error == .none }, "\(answers)")
        #expect(answers.map(\.baseOffset) == (0..<10).map { Offset(Int64($0)) })
        #expect(cluster.consumeAll(partition).count == 10)
        cluster.expectHealthy(7)
    }

    @Test(
        "killing a follower: the controller fences it and shrinks the ISR, and acks=all keeps working with min.insync=2"
    )
    func killFollower() throws {
        let seed: UInt64 = 11
        var cluster = startedCluster(seed: seed)
        #expect(cluster.produceSeries(5, to: partition).allSatisfy { $0.error == .none })
        let leader = cluster.leader(of: partition)
        let follower = cluster.followers(of: partition).first { $0 != cluster.activeController }
        let victim = try #require(follower)
        let killedAt = cluster.now
        cluster.kill(victim)
        let shrunk = cluster.run(
            until: { !$0.isr(partition).contains(victim) }, timeout: .seconds(20), checking: true)
        #expect(shrunk, "seed \(seed): ISR still \(cluster.isr(partition))")
        // Fenced after broker.session.timeout.ms=9s without heartbeats (plus up to a heartbeat interval).
        #expect(
            cluster.now - killedAt >= .seconds(7) && cluster.now - killedAt <= .seconds(12), "\(cluster.now - killedAt)"
        )
        #expect(cluster.leader(of: partition) == leader, "the leader did not change")
        let after = cluster.produceSeries(5, to: partition, label: "after")
        #expect(after.allSatisfy { $0.error == .none }, "seed \(seed): \(after)")
        cluster.expectHealthy(seed)
    }

    @Test("a follower that cannot reach the leader leaves the ISR after replica.lag.time.max.ms through AlterPartition")
    func laggingFollowerShrinksIsr() throws {
        let seed: UInt64 = 12
        var cluster = startedCluster(seed: seed, partitions: 3)
        // The cut must leave both ends talking to the active controller (a broker that cannot
        // heartbeat it is fenced instead): a partition it does not lead, and its other follower.
        let controller = try #require(cluster.activeController)
        let partition = try #require(
            (0..<Int32(3)).map { TopicPartition("orders", $0) }.first { cluster.leader(of: $0) != controller })
        let leader = try #require(cluster.leader(of: partition))
        let follower = try #require(cluster.followers(of: partition).first { $0 != controller })
        let cutAt = cluster.now
        // Both directions between leader and follower; the follower still heartbeats.
        cluster.partition(leader, follower)
        let writes = cluster.produceSeries(3, to: partition, timeout: .seconds(60))
        let shrunk = cluster.run(
            until: { !$0.isr(partition).contains(follower) }, timeout: .seconds(60), checking: true)
        #expect(shrunk, "seed \(seed): ISR still \(cluster.isr(partition))")
        let waited = cluster.now - cutAt
        #expect(waited >= .seconds(30) && waited <= .seconds(50), "seed \(seed): shrink after \(waited)")
        #expect(cluster.server(follower)?.brokerState == .running, "the follower is alive and unfenced")
        #expect(writes.allSatisfy { $0.error == .none }, "seed \(seed): \(writes)")
        cluster.healNetwork()
        let rejoined = cluster.run(
            until: { $0.isr(partition).contains(follower) }, timeout: .seconds(30), checking: true)
        #expect(rejoined, "seed \(seed): follower did not rejoin: \(cluster.isr(partition))")
        cluster.expectHealthy(seed)
    }

    @Test("killing the leader: a new leader from the ISR within the fencing timeout, no acknowledged write lost")
    func killLeader() {
        let seed: UInt64 = 21
        var cluster = startedCluster(seed: seed, brokers: 4)
        #expect(cluster.produceSeries(20, to: partition).allSatisfy { $0.error == .none })
        guard let oldLeader = cluster.leader(of: partition), let epoch = cluster.registration(partition)?.leaderEpoch
        else { return }
        let isrBefore = cluster.isr(partition)
        let killedAt = cluster.now
        cluster.kill(oldLeader)
        let failedOver = cluster.run(
            until: { $0.leader(of: partition).map { $0 != oldLeader } ?? false && $0.isServing(partition) },
            timeout: .seconds(30), checking: true)
        #expect(failedOver, "seed \(seed): no new leader")
        #expect(cluster.now - killedAt <= .seconds(15), "seed \(seed): failover took \(cluster.now - killedAt)")
        let newLeader = cluster.leader(of: partition)
        #expect(
            newLeader.map(isrBefore.contains) == true,
            "the new leader \(String(describing: newLeader)) was in the ISR \(isrBefore)")
        #expect((cluster.registration(partition)?.leaderEpoch ?? epoch) > epoch)
        let after = cluster.produceSeries(10, to: partition, label: "after")
        #expect(after.allSatisfy { $0.error == .none }, "seed \(seed): \(after)")
        // The old leader comes back as a follower; a producer with stale metadata asking it gets
        // NOT_LEADER_OR_FOLLOWER, refreshes metadata and succeeds.
        cluster.restart(oldLeader)
        cluster.run(until: { $0.isr(partition).contains(oldLeader) }, timeout: .seconds(30), checking: true)
        let stale = cluster.produce(cluster.batch(values: [Array("stale".utf8)]), to: partition, via: oldLeader)
        #expect(stale.error == .notLeaderOrFollower, "seed \(seed): \(stale)")
        let metadata = cluster.metadata(via: oldLeader, topics: ["orders"])
        let advertised = metadata?.topics.first?.partitions.first?.leader
        #expect(advertised == newLeader, "seed \(seed): metadata says \(String(describing: advertised))")
        let retried = cluster.produce(cluster.batch(values: [Array("stale".utf8)]), to: partition, via: advertised)
        #expect(retried.error == .none, "seed \(seed): \(retried)")
        cluster.expectHealthy(seed)
    }

    @Test("with two of three replicas gone and min.insync.replicas=2: acks=all gets NOT_ENOUGH_REPLICAS, acks=1 works")
    func killTwoOfThree() {
        let seed: UInt64 = 31
        // Five brokers, three of them controllers, so the quorum survives the two kills.
        var cluster = startedCluster(seed: seed, brokers: 5, partitions: 6)
        let controllers = Set(cluster.options.server.controllerQuorumVoters)
        let chosen = (0..<6).map { TopicPartition("orders", Int32($0)) }.first { topicPartition in
            cluster.followers(of: topicPartition).filter(controllers.contains).count <= 1
        }
        guard let target = chosen else {
            Issue.record("seed \(seed): no partition whose followers spare the quorum")
            return
        }
        #expect(cluster.produceSeries(3, to: target).allSatisfy { $0.error == .none })
        for follower in cluster.followers(of: target) { cluster.kill(follower) }
        // Until the leader itself has replayed the shrink (metadata reaches brokers asynchronously).
        let shrunk = cluster.run(
            until: { c in c.leader(of: target).flatMap { c.server($0)?.replica(target)?.isr.count } == 1 },
            timeout: .seconds(30), checking: true)
        #expect(shrunk, "seed \(seed): ISR \(cluster.isr(target))")
        let all = cluster.produce(cluster.batch(values: [Array("all".utf8)]), to: target, acks: -1)
        #expect(all.error == .notEnoughReplicas, "seed \(seed): \(all)")
        let one = cluster.produce(cluster.batch(values: [Array("one".utf8)]), to: target, acks: 1)
        #expect(one.error == .none, "seed \(seed): \(one)")
        cluster.expectHealthy(seed)
    }

    @Test("killing the active controller: another is elected, metadata is intact, and later failovers still work")
    func killController() {
        let seed: UInt64 = 41
        var cluster = startedCluster(seed: seed, brokers: 3, partitions: 3)
        guard let controller = cluster.activeController, let before = cluster.controllerImage else {
            Issue.record("seed \(seed): no controller")
            return
        }
        cluster.kill(controller)
        let elected = cluster.run(
            until: { $0.activeController.map { $0 != controller } ?? false }, timeout: .seconds(10), checking: true)
        #expect(elected, "seed \(seed): no new controller")
        let after = cluster.controllerImage
        #expect(after?.topics == before.topics, "seed \(seed): topics changed")
        #expect(after?.partitions.keys.sorted() == before.partitions.keys.sorted())
        // Every partition the dead controller led moves once it is fenced.
        let serving = cluster.run(
            until: { c in (0..<3).allSatisfy { c.isServing(TopicPartition("orders", Int32($0))) } },
            timeout: .seconds(30), checking: true)
        #expect(serving, "seed \(seed): partitions without a leader")
        // A later failover under the new controller, once the old one is back (a quorum of three
        // voters needs two of them).
        cluster.restart(controller)
        let rejoined = cluster.run(
            until: { $0.isServing(TopicPartition("orders", 0)) && $0.server(controller)?.brokerState == .running },
            timeout: .seconds(30), checking: true)
        #expect(rejoined, "seed \(seed): the old controller did not come back")
        guard let leader = cluster.leader(of: partition) else { return }
        if leader != cluster.activeController {
            cluster.kill(leader)
            let moved = cluster.run(
                until: { $0.leader(of: partition).map { $0 != leader } ?? false }, timeout: .seconds(30), checking: true
            )
            #expect(moved, "seed \(seed): no failover after the controller change")
        }
        cluster.expectHealthy(seed)
    }
}
