import ClusterModel
import KafkaCore
import Testing

/// The blast-radius preview, computed from hand-built snapshots: three brokers (all quorum
/// voters, broker 1 the active controller), topic `t` (RF 3, `min.insync.replicas=2`) and `u`
/// (RF 3, unclean election allowed).
@Suite struct BlastRadiusTests {
    static func partition(
        _ topic: String, _ number: Int32, leader: Int32, replicas: [Int32], isr: [Int32]
    )
        -> PartitionSnapshot
    {
        PartitionSnapshot(
            topicPartition: TopicPartition(topic, number), leader: BrokerID(leader), leaderEpoch: LeaderEpoch(3),
            replicas: replicas.map {
                ReplicaSnapshot(
                    broker: BrokerID($0), standing: isr.contains($0) ? .inSync : .outOfSync, logEndOffset: nil)
            },
            isr: isr.map { BrokerID($0) }, highWatermark: Offset(10), logStartOffset: Offset(0), health: .healthy)
    }

    static func topic(_ name: String, unclean: Bool = false, isInternal: Bool = false) -> TopicSnapshot {
        TopicSnapshot(
            name: name, partitionCount: 4, replicationFactor: 3,
            configs: [
                ConfigEntry("min.insync.replicas", "2"), ConfigEntry("unclean.leader.election.enable", "\(unclean)"),
            ],
            isInternal: isInternal, sizeBytes: 0, healthCounts: [:])
    }

    static let snapshot = ClusterSnapshot(
        activeController: BrokerID(1),
        brokers: (1...3).map {
            BrokerSnapshot(id: BrokerID(Int32($0)), state: .running, isQuorumVoter: true, isActiveController: $0 == 1)
        },
        topics: [topic("__consumer_offsets", isInternal: true), topic("t"), topic("u", unclean: true)],
        partitions: [
            partition("__consumer_offsets", 0, leader: 1, replicas: [1, 2, 3], isr: [1]),
            partition("t", 0, leader: 1, replicas: [1, 3, 2], isr: [1, 2, 3]),
            partition("t", 1, leader: 1, replicas: [1, 2, 3], isr: [1]),
            partition("t", 2, leader: 2, replicas: [2, 1, 3], isr: [2, 1]),
            partition("t", 3, leader: 3, replicas: [3, 2, 1], isr: [3, 2]),
            partition("u", 0, leader: 1, replicas: [1, 2, 3], isr: [1]),
        ],
        groups: [
            GroupSnapshot(
                groupID: "g1", state: "Stable", generation: 1, protocolName: "range", coordinator: BrokerID(1),
                members: [], partitions: []),
            GroupSnapshot(
                groupID: "g2", state: "Stable", generation: 1, protocolName: "range", coordinator: BrokerID(3),
                members: [], partitions: []),
        ])

    @Test("losing broker 1: a leader moves to the next live ISR member in assignment order, an ISR of one goes offline")
    func leaderMovesAndOffline() {
        let radius = BlastRadius.preview(
            of: Disruption(brokersLost: [BrokerID(1)]), command: "kill 1", in: Self.snapshot)
        #expect(
            radius.leaderMoves == [
                BlastRadius.LeaderMove(partition: TopicPartition("t", 0), from: BrokerID(1), to: BrokerID(3))
            ])
        #expect(radius.offline.map(\.partition) == [TopicPartition("t", 1), TopicPartition("u", 0)])
        #expect(radius.offline.map(\.uncleanElectionEnabled) == [false, true])
        #expect(radius.lines[0].hasPrefix("OFFLINE t-1, u-0"))
        #expect(radius.lines[0].contains("unclean election allowed for u-0: data loss"))
        #expect(!radius.lines.joined().contains("__consumer_offsets"), "internal partitions are not listed")
    }

    @Test("a partition left with fewer in-sync replicas than min(min.insync.replicas, RF) is under min ISR")
    func underMinISR() {
        let radius = BlastRadius.preview(
            of: Disruption(brokersLost: [BrokerID(1)]), command: "kill 1", in: Self.snapshot)
        #expect(
            radius.underMinISR == [
                BlastRadius.UnderMinISR(partition: TopicPartition("t", 2), inSync: 1, effectiveMinISR: 2)
            ])
        #expect(radius.lines.contains { $0.contains("UNDER MIN ISR t-2") && $0.contains("NOT_ENOUGH_REPLICAS") })
        let other = BlastRadius.preview(
            of: Disruption(brokersLost: [BrokerID(3)]), command: "kill 3", in: Self.snapshot)
        #expect(other.underMinISR.map(\.partition) == [TopicPartition("t", 3)])
        #expect(other.leaderMoves.map(\.partition) == [TopicPartition("t", 3)])
        #expect(other.offline.isEmpty)
    }

    @Test("hitting the active controller fails it over to another voter, or loses the quorum without a majority")
    func controller() {
        let one = BlastRadius.preview(of: Disruption(brokersLost: [BrokerID(1)]), command: "kill 1", in: Self.snapshot)
        #expect(one.controllerLost == BrokerID(1))
        #expect(one.controllerCandidates == [BrokerID(2), BrokerID(3)])
        #expect(one.quorumKeepsMajority)
        #expect(one.lines.contains { $0.hasPrefix("controller failover") })
        let two = BlastRadius.preview(
            of: Disruption(brokersLost: [BrokerID(1), BrokerID(2)]), command: "partition {1 2} {3}", in: Self.snapshot)
        #expect(!two.quorumKeepsMajority)
        #expect(two.lines.contains { $0.hasPrefix("controller LOST") })
        let three = BlastRadius.preview(
            of: Disruption(brokersLost: [BrokerID(3)]), command: "kill 3", in: Self.snapshot)
        #expect(three.controllerLost == nil)
    }

    @Test("groups: a lost coordinator moves, a lost member rebalances the group (at once when it leaves cleanly)")
    func groups() {
        let coordinator = BlastRadius.preview(
            of: Disruption(brokersLost: [BrokerID(3)]), command: "kill 3", in: Self.snapshot)
        #expect(coordinator.coordinatorMoves == ["g2"])
        let crash = BlastRadius.preview(
            of: Disruption(membersLost: [Disruption.MemberLoss(group: "g1", leavesCleanly: false)]),
            command: "crash-consumer g1", in: Self.snapshot)
        #expect(crash.rebalances.count == 1)
        #expect(crash.rebalances[0].contains("session.timeout.ms"))
        #expect(crash.offline.isEmpty && crash.leaderMoves.isEmpty && crash.controllerLost == nil)
        let close = BlastRadius.preview(
            of: Disruption(membersLost: [Disruption.MemberLoss(group: "g1", leavesCleanly: true)]),
            command: "close-consumer g1", in: Self.snapshot)
        #expect(close.rebalances == ["g1 rebalances at once (the member leaves the group)"])
    }

    @Test("a harmless action says so; a producer crash and a fault's length are listed")
    func harmless() {
        let nothing = BlastRadius.preview(of: Disruption(), command: "isolate 9", in: Self.snapshot)
        #expect(nothing.lines == ["no partition, group or producer is affected"])
        let producer = BlastRadius.preview(
            of: Disruption(producersLost: ["order-service"], lasts: .seconds(30)),
            command: "crash-producer order-service",
            in: Self.snapshot)
        #expect(producer.lines.contains { $0.hasPrefix("producer order-service stops") })
        #expect(producer.lines.contains("it lasts 30.000s, then heals by itself"))
    }
}
