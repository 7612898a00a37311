import Foundation
import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// Idempotent produce, graceful stops, preferred leaders, controller outages and recovery
/// from disk, each on a seeded cluster with the checker after every event.
@Suite struct ClusterLifecycleTests {
    let partition = TopicPartition("orders", 0)

    func stamp(_ producer: InitProducerIDResponse, _ sequence: Int32) -> ProducerStamp {
        ProducerStamp(producerID: producer.producerID, producerEpoch: producer.producerEpoch, baseSequence: sequence)
    }

    @Test(
        "idempotent produce: duplicates get the original offset, gaps get OUT_OF_ORDER_SEQUENCE_NUMBER, across failover"
    )
    func idempotentProduce() throws {
        let seed: UInt64 = 61
        var cluster = startedCluster(seed: seed, brokers: 4) { options in
            options.server.leaderImbalanceCheckInterval = .seconds(20)
        }
        let producer = cluster.initProducerID()
        #expect(producer.error == .none && producer.producerID >= 0, "seed \(seed): \(producer)")
        let other = cluster.initProducerID()
        #expect(other.producerID != producer.producerID, "producer ids are unique")
        var batches: [RecordBatch] = []
        for sequence in 0..<6 {
            batches.append(
                cluster.batch(values: [Array("v\(sequence)".utf8)], producer: stamp(producer, Int32(sequence))))
        }
        let first = batches.map { cluster.produce($0, to: partition) }
        #expect(first.map(\.error) == Array(repeating: .none, count: 6))
        // A retry of one of the last five batches: not appended again, answered with its offset.
        let retry = cluster.produce(batches[3], to: partition)
        #expect(retry.error == .none && retry.baseOffset == first[3].baseOffset, "seed \(seed): \(retry)")
        let gap = cluster.produce(
            cluster.batch(values: [Array("gap".utf8)], producer: stamp(producer, 9)), to: partition)
        #expect(gap.error == .outOfOrderSequenceNumber, "seed \(seed): \(gap)")
        // The new leader after a failover knows the same batches: it replicated them.
        let leader = try #require(cluster.leader(of: partition))
        cluster.kill(leader)
        cluster.awaitFailover(of: partition, awayFrom: leader)
        let retried = cluster.produce(batches[5], to: partition)
        #expect(retried.error == .none && retried.baseOffset == first[5].baseOffset, "seed \(seed): \(retried)")
        // The old leader restarts and rebuilds its producer state from its log; once it leads
        // again (it is the preferred replica), it still recognises a retry.
        cluster.restart(leader)
        cluster.eventually("rejoin", within: .seconds(30)) { $0.isr(partition).contains(leader) }
        cluster.eventually("preferred leader back", within: .seconds(60)) {
            $0.leader(of: partition) == leader && $0.isServing(partition)
        }
        let again = cluster.produce(batches[4], to: partition)
        #expect(again.error == .none && again.baseOffset == first[4].baseOffset, "seed \(seed): \(again)")
        let messages = cluster.consumeAll(partition).reduce(0) { $0 + Int($1.recordCount) }
        #expect(messages == 6, "seed \(seed): no duplicates in the log")
        cluster.expectHealthy(seed)
    }

    @Test("a graceful stop moves leadership away before the broker exits, so no partition waits for a fence")
    func controlledShutdown() throws {
        let seed: UInt64 = 62
        var cluster = startedCluster(seed: seed, brokers: 4, partitions: 4)
        let partitions = (0..<4).map { TopicPartition("orders", Int32($0)) }
        let leaders = partitions.compactMap { cluster.leader(of: $0) }
        let victim = try #require(leaders.first { $0 != cluster.activeController })
        let led = partitions.filter { cluster.leader(of: $0) == victim }
        cluster.stop(victim)
        let stopped = cluster.run(until: { !$0.isUp(victim) }, timeout: .seconds(30), checking: true)
        #expect(stopped, "seed \(seed): \(String(describing: cluster.server(victim)?.brokerState))")
        // Leadership had moved before the process went away: no partition waited for a fence.
        for topicPartition in led {
            #expect(cluster.leader(of: topicPartition) != victim)
            #expect(cluster.isServing(topicPartition), "seed \(seed): \(topicPartition) offline after a graceful stop")
            #expect(!cluster.isr(topicPartition).contains(victim))
        }
        cluster.restart(victim)
        let back = cluster.run(
            until: { c in led.allSatisfy { c.isr($0).contains(victim) } }, timeout: .seconds(60), checking: true)
        #expect(back, "seed \(seed): did not rejoin")
        cluster.expectHealthy(seed)
    }

    @Test("preferred leader election moves leadership back to the first replica (auto.leader.rebalance.enable)")
    func preferredLeaderElection() throws {
        let seed: UInt64 = 63
        var cluster = startedCluster(seed: seed, brokers: 4) { options in
            options.server.leaderImbalanceCheckInterval = .seconds(20)
        }
        let preferred = try #require(cluster.registration(partition)?.replicas.first)
        #expect(cluster.leader(of: partition) == preferred)
        cluster.kill(preferred)
        cluster.eventually("failover", within: .seconds(30)) {
            $0.leader(of: partition).map { $0 != preferred } ?? false
        }
        cluster.restart(preferred)
        cluster.eventually("rejoin", within: .seconds(30)) { $0.isr(partition).contains(preferred) }
        let balanced = cluster.run(
            until: { $0.leader(of: partition) == preferred && $0.isServing(partition) }, timeout: .seconds(60),
            checking: true)
        #expect(balanced, "seed \(seed): leader \(String(describing: cluster.leader(of: partition)))")
        cluster.expectHealthy(seed)
    }

    @Test("without an active controller, leaders keep serving, and ISR changes and elections wait")
    func noController() throws {
        let seed: UInt64 = 64
        var cluster = startedCluster(seed: seed, brokers: 5, partitions: 6)
        let controllers = cluster.options.server.controllerQuorumVoters
        // A partition led by a broker that is not a controller, with a non-controller follower.
        let chosen = (0..<6).map { TopicPartition("orders", Int32($0)) }.first { topicPartition in
            guard let leader = cluster.leader(of: topicPartition), !controllers.contains(leader) else { return false }
            return cluster.followers(of: topicPartition).contains { !controllers.contains($0) }
        }
        let target = try #require(chosen)
        let leader = try #require(cluster.leader(of: target))
        let isrBefore = cluster.isr(target)
        // Two of three controllers die: no quorum, no active controller.
        for controller in controllers.prefix(2) { cluster.kill(controller) }
        cluster.eventually("quorum loss", within: .seconds(10)) { $0.activeController == nil }
        cluster.run(for: .seconds(5), checking: true)
        #expect(cluster.activeController == nil)
        // The leader keeps serving acks=1 (acks=all waits on ISR members that died, whose
        // removal no controller can commit).
        let write = cluster.produce(cluster.batch(values: [Array("w".utf8)]), to: target, acks: 1, via: leader)
        #expect(write.error == .none, "seed \(seed): \(write)")
        // Well past replica.lag.time.max.ms: the shrink waits for a controller.
        cluster.run(for: .seconds(45), checking: true)
        let view = try #require(cluster.server(leader)?.replica(target))
        #expect(view.role == .leader && view.isr == isrBefore, "seed \(seed): \(view)")
        // A controller comes back: the quorum resumes and the shrink and elections go through.
        cluster.restart(controllers[0])
        let resumed = cluster.run(
            until: { $0.activeController != nil && $0.isServing(target) }, timeout: .seconds(30), checking: true)
        #expect(resumed, "seed \(seed): no controller after the restart")
        let shrunk = cluster.run(
            until: { !$0.isr(target).contains(controllers[1]) }, timeout: .seconds(60), checking: true)
        #expect(shrunk || !isrBefore.contains(controllers[1]), "seed \(seed): ISR \(cluster.isr(target))")
        cluster.expectHealthy(seed)
    }

    @Test("a broker on real files restarts, recovers its logs from disk, catches up and rejoins the ISR")
    func restartFromDisk() throws {
        let seed: UInt64 = 65
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("flightdeck-restart-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        var cluster = startedCluster(seed: seed, brokers: 3) { options in options.storage = .files(root: root.path) }
        let written = cluster.produceSeries(20, to: partition)
        #expect(written.allSatisfy { $0.error == .none })
        let follower = try #require(cluster.followers(of: partition).first { $0 != cluster.activeController })
        let endBefore = try #require(cluster.server(follower)?.replica(partition)?.logEndOffset)
        // Past replica.high.watermark.checkpoint.interval.ms: the follower's HW is on disk.
        cluster.run(for: .seconds(6), checking: true)
        let highWatermarkBefore = try #require(cluster.server(follower)?.replica(partition)?.highWatermark)
        cluster.kill(follower)
        let more = cluster.produceSeries(10, to: partition, label: "while-down", timeout: .seconds(30))
        #expect(more.allSatisfy { $0.error == .none })
        let segment = root.appendingPathComponent("broker-\(follower.rawValue)/orders-0/00000000000000000000.log")
        #expect(FileManager.default.fileExists(atPath: segment.path), "the follower's segment is on disk")
        cluster.restart(follower)
        cluster.eventually("replica open", within: .seconds(30)) { $0.server(follower)?.replica(partition) != nil }
        let reopened = try #require(cluster.server(follower)?.replica(partition))
        #expect(
            reopened.highWatermark == highWatermarkBefore && highWatermarkBefore == Offset(20),
            "seed \(seed): the high watermark comes back from replication-offset-checkpoint: \(reopened)")
        let rejoined = cluster.run(
            until: { $0.isr(partition).contains(follower) }, timeout: .seconds(60), checking: true)
        #expect(rejoined, "seed \(seed): ISR \(cluster.isr(partition))")
        let endAfter = try #require(cluster.server(follower)?.replica(partition)?.logEndOffset)
        #expect(endBefore == Offset(20) && endAfter == Offset(30), "seed \(seed): \(endBefore) then \(endAfter)")
        cluster.expectHealthy(seed)
    }
}
