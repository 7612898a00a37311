import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// Negative controls and divergence: the cases where Kafka loses acknowledged writes or where
/// a replica's log must be cut back, and the checker must say exactly what happened.
@Suite struct ClusterDataLossTests {
    let partition = TopicPartition("orders", 0)

    /// Cuts `broker` off from every other broker, leaving its link to the in-process client.
    func cutOff(_ broker: BrokerID, in cluster: inout SimulatedCluster) {
        for other in cluster.brokerIDs where other != broker { cluster.partition(broker, other) }
    }

    @Test("unclean election on: an out-of-sync replica leads and the checker names exactly the lost writes")
    func uncleanElectionLosesWrites() throws {
        let seed: UInt64 = 51
        var cluster = startedCluster(
            seed: seed, brokers: 5, partitions: 6,
            configs: [ConfigEntry("min.insync.replicas", "1"), ConfigEntry("unclean.leader.election.enable", "true")])
        // A partition with a follower that is not a controller (it will be cut off from the
        // leader, which must still reach the controller), and whose leader and other follower
        // are not both controllers (killing them must leave the metadata quorum a majority).
        let controllers = Set(cluster.options.server.controllerQuorumVoters)
        let roles = (0..<6).map { TopicPartition("orders", Int32($0)) }.compactMap {
            topicPartition -> (TopicPartition, BrokerID, stale: BrokerID, other: BrokerID)? in
            guard let leader = cluster.leader(of: topicPartition) else { return nil }
            let followers = cluster.followers(of: topicPartition)
            guard let stale = followers.first(where: { !controllers.contains($0) }),
                let other = followers.first(where: { $0 != stale }),
                [leader, other].filter(controllers.contains).count <= 1
            else { return nil }
            return (topicPartition, leader, stale, other)
        }.first
        let (partition, leader, stale, other) = try #require(roles)
        let writes1 = cluster.produceSeries(5, to: partition)
        #expect(writes1.allSatisfy { $0.error == .none })
        // The stale follower stops fetching and leaves the ISR after replica.lag.time.max.ms.
        cluster.partition(leader, stale)
        // A follower at the leader's end counts as caught up, stuck or not: write something.
        let behind = cluster.produceSeries(2, to: partition, acks: 1, label: "behind")
        #expect(behind.allSatisfy { $0.error == .none })
        let shrunk = cluster.run(until: { !$0.isr(partition).contains(stale) }, timeout: .seconds(60), checking: true)
        #expect(shrunk)
        let staleEnd = try #require(cluster.server(stale)?.replica(partition)?.logEndOffset)
        // The other follower dies; the leader alone acknowledges more writes.
        cluster.kill(other)
        let alone = cluster.run(until: { $0.isr(partition) == [leader] }, timeout: .seconds(30), checking: true)
        #expect(alone)
        let unsafe = cluster.produceSeries(4, to: partition, label: "unsafe")
        #expect(unsafe.allSatisfy { $0.error == .none }, "seed \(seed): \(unsafe)")
        // The leader dies: only the stale replica is left, and unclean election picks it.
        cluster.healNetwork()
        cluster.kill(leader)
        let elected = cluster.run(
            until: { $0.leader(of: partition) == stale && $0.isServing(partition) }, timeout: .seconds(30),
            checking: true)
        #expect(elected, "seed \(seed): \(String(describing: cluster.registration(partition)))")
        let lost = cluster.checker.lostWrites(in: cluster, acks: [-1, 1])
        let expected =
            unsafe.map(\.baseOffset)
            + (try #require(cluster.checker.acknowledged[partition]))
            .map(\.baseOffset).filter { $0 >= staleEnd && !unsafe.map(\.baseOffset).contains($0) }
        #expect(!lost.isEmpty, "seed \(seed): the negative control lost nothing")
        #expect(Set(lost.map(\.batch.baseOffset)) == Set(expected), "seed \(seed): lost \(lost), expected \(expected)")
        #expect(lost.allSatisfy { $0.batch.baseOffset >= staleEnd })
    }

    @Test("acks=1 with the leader lost before its followers fetched: the acknowledged writes are lost")
    func acksOneLoss() throws {
        let seed: UInt64 = 52
        var cluster = startedCluster(seed: seed, brokers: 4)
        let writes2 = cluster.produceSeries(3, to: partition)
        #expect(writes2.allSatisfy { $0.error == .none })
        let leader = try #require(cluster.leader(of: partition))
        cutOff(leader, in: &cluster)
        let written = cluster.produceSeries(5, to: partition, acks: 1, label: "acks1", via: leader)
        #expect(written.allSatisfy { $0.error == .none }, "seed \(seed): \(written)")
        cluster.kill(leader)
        cluster.healNetwork()
        cluster.awaitFailover(of: partition, awayFrom: leader)
        let lost = cluster.checker.lostWrites(in: cluster, acks: [1])
        #expect(Set(lost.map(\.batch.baseOffset)) == Set(written.map(\.baseOffset)), "seed \(seed): \(lost)")
        #expect(cluster.checker.lostWrites(in: cluster, acks: [-1]).isEmpty, "acks=all writes survive")
    }

    @Test("a stale broker restarts: it truncates its divergent tail by epoch, catches up and rejoins the ISR")
    func staleBrokerTruncatesAndRejoins() throws {
        let seed: UInt64 = 53
        var cluster = startedCluster(seed: seed, brokers: 4)
        let writes3 = cluster.produceSeries(3, to: partition)
        #expect(writes3.allSatisfy { $0.error == .none })
        let leader = try #require(cluster.leader(of: partition))
        // Writes only the old leader gets (acks=1), then it dies.
        cutOff(leader, in: &cluster)
        let writes4 = cluster.produceSeries(4, to: partition, acks: 1, label: "orphan", via: leader)
        #expect(writes4.allSatisfy { $0.error == .none })
        cluster.kill(leader)
        cluster.healNetwork()
        cluster.awaitFailover(of: partition, awayFrom: leader)
        let writes5 = cluster.produceSeries(6, to: partition, label: "new")
        #expect(writes5.allSatisfy { $0.error == .none })
        let truncationsBefore = cluster.server(leader)?.counters.truncations ?? 0
        cluster.restart(leader)
        let rejoined = cluster.run(until: { $0.isr(partition).contains(leader) }, timeout: .seconds(60), checking: true)
        #expect(rejoined, "seed \(seed): ISR \(cluster.isr(partition))")
        #expect((cluster.server(leader)?.counters.truncations ?? 0) > truncationsBefore, "it truncated")
        let newLeader = try #require(cluster.leader(of: partition))
        cluster.run(for: .seconds(2), checking: true)
        #expect(
            cluster.server(leader)?.replica(partition)?.logEndOffset
                == cluster.server(newLeader)?.replica(partition)?.logEndOffset)
        #expect(
            cluster.server(leader)?.replica(partition)?.epochStartOffsets
                == cluster.server(newLeader)?.replica(partition)?.epochStartOffsets)
        cluster.expectHealthy(seed)
    }

    /// Sweep seed 141, reduced: a follower led an epoch without writing in it, so its epoch
    /// cache ends with an entry at its log end offset that no other replica has. The new leader
    /// answers its fetches with a diverging epoch ending exactly at that log end offset: nothing
    /// to cut, but the entry must go (Kafka's `truncateTo` always truncates the epoch cache), or
    /// every fetch gets the same answer and the follower never rejoins the ISR.
    @Test("a broker that led an epoch without writing in it drops that epoch on following, and rejoins the ISR")
    func emptyEpochIsDroppedOnFollowing() throws {
        let seed: UInt64 = 141
        // One controller (broker 1), and a partition it holds no replica of: the brokers killed
        // and isolated below never take the metadata quorum with them.
        var cluster = startedCluster(seed: seed, brokers: 4, partitions: 4) {
            $0 = ClusterOptions(brokers: 4, controllers: 1, seed: seed)
        }
        let partition = try #require(
            (0..<4).map { TopicPartition("orders", Int32($0)) }.first {
                cluster.registration($0).map { !$0.replicas.contains(BrokerID(1)) } ?? false
            })
        #expect(cluster.produceSeries(3, to: partition).allSatisfy { $0.error == .none })
        let oldLeader = try #require(cluster.leader(of: partition))
        let followers = cluster.followers(of: partition)
        try #require(followers.count == 2)
        // The followers cannot fetch from each other: whichever leads next writes nothing
        // that the other ever sees.
        cluster.partition(followers[0], followers[1])
        cluster.kill(oldLeader)
        cluster.awaitFailover(of: partition, awayFrom: oldLeader)
        let emptyLeader = try #require(cluster.leader(of: partition))
        let emptyEpochs = cluster.server(emptyLeader)?.replica(partition)?.epochStartOffsets ?? []
        // Cut off from the controller too, it is fenced and loses the leadership while it runs
        // on (a restart would recover its log and drop the entry past the log end anyway).
        cluster.isolate(emptyLeader)
        cluster.awaitFailover(of: partition, awayFrom: emptyLeader)
        cluster.healNetwork()
        cluster.restart(oldLeader)
        cluster.eventually("broker \(emptyLeader) back in the ISR of \(partition)", within: .seconds(30)) {
            $0.isr(partition).contains(emptyLeader)
        }
        let newLeader = try #require(cluster.leader(of: partition))
        #expect(emptyEpochs.count >= 2, "the stopped broker had an entry for the epoch it led: \(emptyEpochs)")
        #expect(cluster.produceSeries(2, to: partition, label: "after").allSatisfy { $0.error == .none })
        cluster.run(for: .seconds(2), checking: true)
        #expect(
            cluster.server(emptyLeader)?.replica(partition)?.epochStartOffsets
                == cluster.server(newLeader)?.replica(partition)?.epochStartOffsets)
        cluster.expectHealthy(seed)
    }

    @Test(
        "an isolated leader is fenced and replaced; its acks=all writes are never acknowledged and are truncated after healing"
    )
    func isolatedLeader() throws {
        let seed: UInt64 = 54
        var cluster = startedCluster(seed: seed, brokers: 4)
        let writes6 = cluster.produceSeries(3, to: partition)
        #expect(writes6.allSatisfy { $0.error == .none })
        let leader = try #require(cluster.leader(of: partition))
        cutOff(leader, in: &cluster)
        // A producer with stale metadata keeps writing to the zombie.
        let zombieWrites = cluster.produceSeries(2, to: partition, label: "zombie", via: leader, timeout: .seconds(20))
        #expect(zombieWrites.allSatisfy { $0.error != .none }, "seed \(seed): \(zombieWrites)")
        cluster.awaitFailover(of: partition, awayFrom: leader)
        let writes7 = cluster.produceSeries(5, to: partition, label: "new")
        #expect(writes7.allSatisfy { $0.error == .none })
        cluster.healNetwork()
        let rejoined = cluster.run(until: { $0.isr(partition).contains(leader) }, timeout: .seconds(60), checking: true)
        #expect(rejoined, "seed \(seed): ISR \(cluster.isr(partition))")
        #expect((cluster.server(leader)?.counters.truncations ?? 0) > 0, "the zombie truncated its divergent tail")
        cluster.run(for: .seconds(2), checking: true)
        cluster.expectHealthy(seed)
    }
}

@Suite struct ClusterPowerLossTests {
    let partition = TopicPartition("orders", 0)

    @Test(
        "power loss on the leader: its unflushed tail is gone after recovery, but the ISR kept every acknowledged write"
    )
    func leaderPowerLoss() throws {
        let seed: UInt64 = 55
        var cluster = startedCluster(seed: seed, brokers: 4)
        let writes = cluster.produceSeries(20, to: partition)
        #expect(writes.allSatisfy { $0.error == .none })
        let leader = try #require(cluster.leader(of: partition))
        let endBefore = try #require(cluster.server(leader)?.replica(partition)?.logEndOffset)
        cluster.powerLoss(leader)
        cluster.awaitFailover(of: partition, awayFrom: leader)
        let more = cluster.produceSeries(5, to: partition, label: "after")
        #expect(more.allSatisfy { $0.error == .none })
        cluster.restart(leader)
        cluster.eventually("replica open", within: .seconds(30)) { $0.server(leader)?.replica(partition) != nil }
        let recovered = try #require(cluster.server(leader)?.replica(partition)?.logEndOffset)
        #expect(recovered < endBefore, "seed \(seed): nothing was flushed, so recovery keeps less than \(endBefore)")
        cluster.eventually("rejoin", within: .seconds(60)) { $0.isr(partition).contains(leader) }
        cluster.run(for: .seconds(2), checking: true)
        cluster.expectHealthy(seed)
        #expect(cluster.consumeAll(partition).count == 25)
    }
}
